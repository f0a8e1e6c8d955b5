import HistoryIcon from '@mui/icons-material/History';
import { Chip } from '@mui/material';
import {
  Button,
  FunctionField,
  Link,
  TopToolbar,
  useLocale,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { formatNumber } from '../format';
import { useStatusLabel } from '../history/ApprovalTimeline';

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
