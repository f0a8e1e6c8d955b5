import HistoryIcon from '@mui/icons-material/History';
import { Chip } from '@mui/material';
import {
  Button,
  FunctionField,
  Link,
  TopToolbar,
  useLocale,
  usePermissions,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { RecallSubmissionButton } from '../applications/ApplicationActions';
import { formatNumber } from '../format';
import { useStatusLabel } from '../history/ApprovalTimeline';
import { hasRole } from '../session';
import { PartyWaiting } from '../tasks/PartyWaiting';

/** A workflow case's status, in the user's language. */
export const CaseStatusField = ({ source = 'status' }: { source?: string; label?: string }) => {
  const status = useStatusLabel();
  return (
    <FunctionField
      source={source}
      render={(r) => <Chip size="small" label={status(r[source])} data-status={r[source]} />}
    />
  );
};

export const GradeChip = ({ grade }: { grade?: string | null }) => {
  const translate = useTranslate();
  if (!grade) return <span>—</span>;
  const color = { excellent: 'success', good: 'info', pass: 'default', fail: 'error' }[grade] as 'success';
  return <Chip size="small" color={color} label={translate(`kejin.grade.${grade}`)} />;
};

/** Money in CNY with thousands separators. */
export const Cny = ({ value }: { value: number | string | null | undefined }) => {
  const locale = useLocale();
  return (
    <span>
      {value == null
        ? '—'
        : Number(value).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', {
            style: 'currency',
            currency: 'CNY',
            maximumFractionDigits: 0,
          })}
    </span>
  );
};
export const formatFigure = (value: number | undefined, locale: string) => formatNumber(value ?? null, locale);

/** A link to the case's audit trail beside its Temporal history. */
export const HistoryButton = () => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Button
      component={Link}
      to={`/${resource}/${encodeURIComponent(String(record.id))}/history`}
      label={translate('kejin.action.history')}
    >
      <HistoryIcon />
    </Button>
  );
};
export const HistoryAction = () => (
  <TopToolbar>
    <HistoryButton />
  </TopToolbar>
);

/**
 * For the case's own sub-center: the step others are working on, with 催办, and 撤回 of what it
 * filed while the case is at `recallAt` (the server refuses in words once someone has acted).
 */
export const SubCenterWaiting = ({
  ownSteps = [],
  recall,
}: {
  ownSteps?: string[];
  /** 撤回 of what it filed, while the case is at this status. */
  recall?: { at: string; what: 'selfReport' | 'statement' };
}) => {
  const r = useRecordContext();
  const { permissions } = usePermissions();
  const task = r?.openTasks?.find((t: { step: string }) => !ownSteps.includes(t.step));
  if (!task || !hasRole(permissions, 'applicant')) return null;
  return (
    <PartyWaiting task={task}>
      {recall && r!.status === recall.at && <RecallSubmissionButton what={recall.what} />}
    </PartyWaiting>
  );
};
