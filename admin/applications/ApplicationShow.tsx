import HistoryIcon from '@mui/icons-material/History';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  Button,
  EditButton,
  Link,
  Loading,
  Show,
  TopToolbar,
  useLocale,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ApplicationView } from '../../domain/application';
import { CaseLayout, CaseTitle } from '../CaseLayout';
import { useDeadlineText } from '../calendar/useCalendar';
import { formatDateTime, formatNumber } from '../format';
import { inReadersLanguage } from '../i18n/serverText';
import { hasRole } from '../session';
import { PartyWaiting } from '../tasks/PartyWaiting';
import { RecallButton, SubmitButton, WithdrawButton } from './ApplicationActions';
import { ChecklistEvidence } from './ChecklistEvidence';
import { StatusChip } from './StatusChip';

type Detail = ApplicationView & {
  openTasks: { id: string; step: string; dueAt: string; assignee: string | null }[];
  attachments: { id: string; item: string; filename: string; size: number; sha256: string }[];
  /** The panel's mean score, for an applicant where the rule set shows it. */
  expertMean?: number | null;
};

const Actions = () => {
  const record = useRecordContext<Detail>();
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const editable = record && (record.status === 'draft' || record.status === 'supplement_requested');
  const owner = record && hasRole(permissions, 'applicant');
  return (
    <TopToolbar>
      {owner && editable && <EditButton />}
      {owner && editable && <SubmitButton />}
      {owner && record && !['draft', 'admitted', 'rejected', 'withdrawn'].includes(record.status) && <WithdrawButton />}
      {record && (
        <Button component={Link} to={`/applications/${record.id}/history`} label={translate('kejin.action.history')}>
          <HistoryIcon />
        </Button>
      )}
    </TopToolbar>
  );
};

/** What the applicant is asked to do now (shown to the applicant only). */
const Asked = ({ app }: { app: Detail }) => {
  const translate = useTranslate();
  const locale = useLocale();
  const deadline = useDeadlineText();
  if (app.status === 'draft') return <Alert severity="info">{translate('kejin.show.draftHint')}</Alert>;
  if (app.status === 'supplement_requested' && app.supplement)
    return (
      <Alert severity="warning" data-testid="supplement-request">
        {translate('kejin.show.supplementHint', {
          due: deadline(app.supplement.dueAt),
          reason: app.supplement.reason,
        })}
      </Alert>
    );
  const task = app.openTasks[0];
  if (task)
    return (
      <PartyWaiting task={task}>
        {(app.status === 'municipal_review' || app.status === 'provincial_review') && <RecallButton />}
      </PartyWaiting>
    );
  if (app.decisionReason)
    return (
      <Alert severity={app.status === 'admitted' ? 'success' : 'error'}>
        {translate('kejin.show.decision')}: {inReadersLanguage(app.decisionReason, locale)}
      </Alert>
    );
  return null;
};

/** The case: what was applied for, the checklist with its evidence, thresholds and scores, beside its approval flow. */
const Detail = () => {
  const app = useRecordContext<Detail>();
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions } = usePermissions();
  // opened from the list, the record is first the list's row: wait for the case with its tasks and evidence
  if (!app?.openTasks || !app.attachments) return <Loading />;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h2" sx={{ wordBreak: 'break-word' }}>
          {app.orgName}
        </Typography>
        <StatusChip status={app.status} />
        <Chip size="small" label={translate(`kejin.system.${app.system}`)} />
        <Chip size="small" label={translate(`kejin.category.${app.category}`)} />
        <Chip size="small" label={app.city} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {translate('resources.applications.fields.creditCode')} {app.creditCode} ·{' '}
        {translate(`kejin.applicantKind.${app.applicantKind}`)}
      </Typography>
      {hasRole(permissions, 'applicant') && <Asked app={app} />}
      <Stack spacing={2}>
        <Box>
          <Typography variant="subtitle1">{translate('resources.applications.tabs.plan')}</Typography>
          {Object.entries(app.plan).map(([k, v]) => (
            <Typography key={k} variant="body2" sx={{ mb: 0.5 }}>
              <b>{translate(`resources.applications.fields.plan.${k}`)}</b>: {v}
            </Typography>
          ))}
        </Box>
        <ChecklistEvidence checklist={app.checklist} attachments={app.attachments} />
        {app.thresholdResults.length > 0 && <Thresholds app={app} />}
        {app.expertScores.length > 0 && (
          <Box>
            <Typography variant="subtitle1">{translate('kejin.show.expertScores')}</Typography>
            {app.expertScores.map((s) => (
              <Typography key={s.taskId} variant="body2">
                {s.expert}: {s.score} — {s.comment}
              </Typography>
            ))}
          </Box>
        )}
        {app.expertMean != null && (
          <Typography variant="body2" data-testid="expert-mean">
            {translate('kejin.show.expertMean', { mean: app.expertMean })}
          </Typography>
        )}
        {app.siteInspections.length > 0 && (
          <Box>
            <Typography variant="subtitle1">{translate('kejin.show.inspections')}</Typography>
            {app.siteInspections.map((s) => (
              <Typography key={s.taskId} variant="body2">
                {s.inspector}: {s.findings}
              </Typography>
            ))}
          </Box>
        )}
        <Typography variant="caption" color="text.secondary">
          {translate('resources.applications.fields.createdAt')}: {formatDateTime(app.createdAt, locale)} ·{' '}
          {translate('resources.applications.fields.submittedAt')}: {formatDateTime(app.submittedAt, locale)}
        </Typography>
      </Stack>
    </Stack>
  );
};

const Thresholds = ({ app }: { app: Detail }) => {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <Card variant="outlined">
      <CardContent sx={{ overflowX: 'auto' }}>
        <Typography variant="subtitle1">
          {translate('kejin.show.thresholds')} ({translate('kejin.show.ruleVersion', { version: app.ruleVersion })})
        </Typography>
        {/* on a phone the figures keep to one line and the indicator keeps a readable width: the table scrolls in its card */}
        <Table
          size="small"
          sx={{
            '& td, & th': { px: { xs: 1, sm: 2 }, whiteSpace: 'nowrap' },
            '& td:first-of-type, & th:first-of-type': { whiteSpace: 'normal', minWidth: '7em' },
          }}
        >
          <TableHead>
            <TableRow>
              <TableCell>{translate('kejin.show.indicator')}</TableCell>
              <TableCell>{translate('kejin.show.value')}</TableCell>
              <TableCell>{translate('kejin.show.required')}</TableCell>
              <TableCell>{translate('kejin.show.result')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {app.thresholdResults.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{translate(`kejin.threshold.${r.key}`, { _: r.label })}</TableCell>
                <TableCell>
                  {formatNumber(r.value, locale)} {translate(`kejin.unit.${r.unit}`, { _: r.unit })}
                </TableCell>
                <TableCell>
                  {r.op} {formatNumber(r.limit, locale)} {translate(`kejin.unit.${r.unit}`, { _: r.unit })}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={r.passed ? 'success' : 'error'}
                    label={translate(r.passed ? 'kejin.show.passed' : 'kejin.show.failed')}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};

export const ApplicationShow = () => (
  <Show actions={<Actions />} title={<CaseTitle name={(r) => r.orgName} />}>
    <CaseLayout>
      <Detail />
    </CaseLayout>
  </Show>
);
