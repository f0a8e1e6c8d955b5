import HistoryIcon from '@mui/icons-material/History';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Step,
  StepLabel,
  Stepper,
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
import { formatDateTime, formatNumber } from '../format';
import { hasRole } from '../session';
import { SubmitButton, WithdrawButton } from './ApplicationActions';
import { AttachmentList } from './AttachmentList';
import { StatusChip } from './StatusChip';

type Detail = ApplicationView & {
  openTasks: { id: string; step: string; dueAt: string; assignee: string | null }[];
  attachments: { id: string; item: string; filename: string; size: number; sha256: string }[];
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
      {owner && record && !['admitted', 'rejected', 'withdrawn'].includes(record.status) && <WithdrawButton />}
      {record && (
        <Button component={Link} to={`/applications/${record.id}/history`} label={translate('kejin.action.history')}>
          <HistoryIcon />
        </Button>
      )}
    </TopToolbar>
  );
};

/** The path a case takes, with the step it is at highlighted (a light forecast of what comes next). */
function timeline(app: Detail): string[] {
  const first = app.applicantKind === 'municipal' && app.system === 'tech_service' ? ['municipal_review'] : [];
  const extra = [
    ...(app.expertScores.length || app.status === 'expert_review' ? ['expert_review'] : []),
    ...(app.siteInspections.length || app.status === 'site_inspection' ? ['site_inspection'] : []),
  ];
  const end = ['rejected', 'withdrawn'].includes(app.status) ? app.status : 'admitted';
  // an approval is published (公示) before it takes effect
  return ['draft', ...first, 'provincial_review', ...extra, ...(end === 'admitted' ? ['public_notice'] : []), end];
}

const Asked = ({ app }: { app: Detail }) => {
  const translate = useTranslate();
  const locale = useLocale();
  if (app.status === 'draft') return <Alert severity="info">{translate('kejin.show.draftHint')}</Alert>;
  if (app.status === 'supplement_requested' && app.supplement)
    return (
      <Alert severity="warning" data-testid="supplement-request">
        {translate('kejin.show.supplementHint', {
          due: formatDateTime(app.supplement.dueAt, locale),
          reason: app.supplement.reason,
        })}
      </Alert>
    );
  const task = app.openTasks[0];
  if (task)
    return (
      <Alert severity="info">
        {translate('kejin.show.waitingHint', {
          step: translate(`kejin.step.${task.step}`),
          due: formatDateTime(task.dueAt, locale),
        })}
      </Alert>
    );
  if (app.decisionReason)
    return (
      <Alert severity={app.status === 'admitted' ? 'success' : 'error'}>
        {translate('kejin.show.decision')}: {app.decisionReason}
      </Alert>
    );
  return null;
};

const Detail = () => {
  const app = useRecordContext<Detail>();
  const translate = useTranslate();
  const locale = useLocale();
  // opened from the list, the record is first the list's row: wait for the case with its tasks and evidence
  if (!app?.openTasks || !app.attachments) return <Loading />;
  const steps = timeline(app);
  const active =
    app.status === 'supplement_requested' && app.supplement
      ? steps.indexOf(app.supplement.fromStep)
      : steps.indexOf(app.status);
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5">{app.orgName}</Typography>
        <StatusChip status={app.status} />
        <Chip size="small" label={translate(`kejin.system.${app.system}`)} />
        <Chip size="small" label={translate(`kejin.category.${app.category}`)} />
        <Chip size="small" label={app.city} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {app.creditCode} · {translate(`kejin.applicantKind.${app.applicantKind}`)}
      </Typography>
      <Typography variant="subtitle1">{translate('kejin.show.timeline')}</Typography>
      <Stepper activeStep={Math.max(0, active)} alternativeLabel>
        {steps.map((s) => (
          <Step key={s} completed={steps.indexOf(s) < active || app.status === 'admitted'}>
            <StepLabel error={s === 'rejected'}>{translate(`kejin.status.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Typography variant="subtitle1">{translate('kejin.show.asked')}</Typography>
      <Asked app={app} />
      {app.thresholdResults.length > 0 && (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="subtitle1">
              {translate('kejin.show.thresholds')} (v{app.ruleVersion})
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('kejin.show.indicator')}</TableCell>
                  <TableCell>{translate('kejin.show.value')}</TableCell>
                  <TableCell>{translate('kejin.show.required')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {app.thresholdResults.map((r) => (
                  <TableRow key={r.key}>
                    <TableCell>{r.label}</TableCell>
                    <TableCell>
                      {formatNumber(r.value, locale)} {r.unit}
                    </TableCell>
                    <TableCell>
                      {r.op} {formatNumber(r.limit, locale)} {r.unit}
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
      )}
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
      <Box>
        <Typography variant="subtitle1">{translate('resources.applications.tabs.plan')}</Typography>
        {Object.entries(app.plan).map(([k, v]) => (
          <Typography key={k} variant="body2">
            <b>{translate(`resources.applications.fields.plan.${k}`)}</b>: {v}
          </Typography>
        ))}
      </Box>
      <AttachmentList attachments={app.attachments} />
      <Typography variant="caption" color="text.secondary">
        {translate('resources.applications.fields.createdAt')}: {formatDateTime(app.createdAt, locale)} ·{' '}
        {translate('resources.applications.fields.submittedAt')}: {formatDateTime(app.submittedAt, locale)}
      </Typography>
    </Stack>
  );
};

const PageTitle = () => {
  const record = useRecordContext<Detail>();
  const translate = useTranslate();
  return (
    <span>
      {translate('resources.applications.name', { smart_count: 1 })} · {record?.orgName ?? ''}
    </span>
  );
};

export const ApplicationShow = () => (
  <Show actions={<Actions />} title={<PageTitle />}>
    <Detail />
  </Show>
);
