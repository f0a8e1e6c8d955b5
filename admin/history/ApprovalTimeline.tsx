import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useDeadlineText } from '../calendar/useCalendar';
import type { KejinDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';
import { inReadersLanguage } from '../i18n/serverText';
import { LabelButton } from '../LabelButton';

export interface AuditEntry {
  id: string;
  at: string;
  actorName: string;
  actingFor: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  /** The people the action named (转办 to, 加签, 抄送 …), by name. */
  named: string[];
  intact: boolean;
  linked: boolean;
  hash: string;
}
export interface CaseHistoryData {
  audit: AuditEntry[];
  chain: { intact: boolean; firstBreak: { entryId: string; reason: 'altered' | 'unlinked' } | null };
  temporal: {
    workflowId: string;
    runId: string;
    uiUrl: string | null;
    events: { eventId: string; eventType: string; time: string | null; detail: string | null }[];
  } | null;
}
interface StepAhead {
  step: string;
  label: { zh: string; en: string };
  reviewers: { users: string[]; names: string[] } | { role: string; city: string | null; count: number };
  dueAt: string;
  current: boolean;
}

export const useCaseHistory = (resource: string, id: string | undefined) => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  return useQuery({
    queryKey: ['history', resource, id],
    queryFn: () => dataProvider.getHistory(resource, id!).then((r) => r.data as CaseHistoryData),
    enabled: Boolean(id),
  });
};

/** A status or step in words: admission statuses, then other cases' statuses, never the raw value. */
export function useStatusLabel() {
  const translate = useTranslate();
  return (s: string | null) =>
    s
      ? translate(`kejin.status.${s}`, { _: translate(`kejin.caseStatus.${s}`, { _: translate('kejin.process') }) })
      : '';
}

/** Entries the audit trail keeps but the approval flow does not draw as steps (the history page lists them). */
const NOT_STEPS = ['task.opened', 'case.sheet_printed'];

/** One audit entry in words: what happened, who (acting for whom), when, the opinion, the status change. */
export function AuditEntryLine({ entry }: { entry: AuditEntry }) {
  const translate = useTranslate();
  const locale = useLocale();
  const status = useStatusLabel();
  return (
    <Stack spacing={0.25} data-action={entry.action}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {translate(`kejin.auditAction.${entry.action}`, { _: translate('kejin.process') })}
        </Typography>
        <Typography variant="body2">
          {entry.actorName}
          {entry.actingFor ? `（${translate('kejin.history.actingFor')} ${entry.actingFor}）` : ''}
          {entry.named.length ? ` → ${entry.named.join('、')}` : ''}
        </Typography>
        {!(entry.intact && entry.linked) && (
          <Chip size="small" color="error" label={translate('kejin.history.broken')} />
        )}
      </Stack>
      {entry.comment && (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
          “{inReadersLanguage(entry.comment, locale)}”
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary">
        {formatDateTime(entry.at, locale)}
        {entry.fromStatus !== entry.toStatus && entry.toStatus
          ? ` · ${entry.fromStatus ? `${status(entry.fromStatus)} → ` : ''}${status(entry.toStatus)}`
          : ''}
      </Typography>
    </Stack>
  );
}

/**
 * The approver timeline (as in DingTalk): each step taken — who, what, their written opinion, when,
 * acting for whom — then the steps still ahead, greyed, with who will act and the expected due date.
 */
export function ApprovalTimeline({ resource, id }: { resource: string; id: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const deadline = useDeadlineText();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { data: history, error } = useCaseHistory(resource, id);
  const { data: ahead, isError: noSheet } = useQuery({
    queryKey: ['forecast', resource, id],
    queryFn: () => dataProvider.getForecast(resource, id).then((r) => r.data as StepAhead[]),
    retry: false, // cases without human steps ahead (a round) have no forecast
  });
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const lang = locale === 'en' ? 'en' : 'zh';
  const who = (s: StepAhead) =>
    'users' in s.reviewers
      ? s.reviewers.names.join('、') || translate(`kejin.timeline.period.${s.step}`, { _: '' })
      : `${s.reviewers.city ?? ''}${translate(`kejin.role.${s.reviewers.role}`)}${s.reviewers.count > 1 ? ` ×${s.reviewers.count}` : ''}`;
  const steps = (history?.audit ?? []).filter((e) => !NOT_STEPS.includes(e.action));
  return (
    <Box component="ol" data-testid="approval-timeline" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {steps.map((e) => (
        <Step key={e.id} dot="primary.main">
          <AuditEntryLine entry={e} />
        </Step>
      ))}
      {(ahead ?? []).map((s, i) => (
        <Step key={`${s.step}-${i}`} dot={s.current ? 'warning.main' : 'grey.400'} ahead={!s.current} data={s.step}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {s.label[lang]} · {translate(s.current ? 'kejin.timeline.current' : 'kejin.timeline.ahead')}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {who(s)} · {translate('kejin.timeline.due', { date: deadline(s.dueAt) })}
          </Typography>
        </Step>
      ))}
      <Box component="li" sx={{ pl: 3, pt: 1, display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography variant="caption">
          <Link to={`/${resource}/${encodeURIComponent(id)}/history`}>{translate('kejin.action.history')}</Link>
        </Typography>
        {!noSheet && (
          <LabelButton
            label="kejin.action.printSheet"
            onClick={() => void dataProvider.openApprovalSheet(resource, id)}
          />
        )}
        {resource === 'applications' && (
          <LabelButton label="kejin.action.printForm" onClick={() => void dataProvider.openApplicationForm(id)} />
        )}
      </Box>
    </Box>
  );
}

/** One point of the timeline: a dot on a vertical line, greyed and dashed when still ahead. */
function Step({ dot, ahead, data, children }: { dot: string; ahead?: boolean; data?: string; children: ReactNode }) {
  return (
    <Box
      component="li"
      data-ahead={data}
      sx={{
        position: 'relative',
        pl: 3,
        pb: 1.5,
        color: ahead ? 'text.secondary' : undefined,
        borderLeft: 2,
        borderLeftStyle: ahead ? 'dashed' : 'solid',
        borderColor: 'divider',
        ml: 0.75,
        '&::before': {
          content: '""',
          position: 'absolute',
          left: -7,
          top: 4,
          width: 12,
          height: 12,
          borderRadius: '50%',
          bgcolor: dot,
        },
      }}
    >
      {children}
    </Box>
  );
}
