import { zodResolver } from '@hookform/resolvers/zod';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import { Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import {
  ArrayInput,
  Button,
  CheckboxGroupInput,
  Create,
  DateTimeInput,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  TextField,
  TextInput,
  TopToolbar,
  useLocale,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { BidInput, CompetitionTaskInput } from '../../domain/competition';
import { ConfirmedAction, errorText, RecallSubmissionButton } from '../applications/ApplicationActions';
import { CaseLayout, CaseTitle } from '../CaseLayout';
import { caseShowPath } from '../caseLinks';
import { systemChoices } from '../choices';
import { compact } from '../compact';
import { httpClient } from '../dataProvider';
import { CaseStatusField, Cny, HistoryButton } from '../evaluation/CaseFields';
import { FormDialogButton } from '../FormDialogButton';
import { formatDateTime } from '../format';
import { useStatusLabel } from '../history/ApprovalTimeline';
import { fieldErrorsFor } from '../i18n/serverText';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { hasRole } from '../session';
import { PartyWaiting } from '../tasks/PartyWaiting';
import { dateTime, money, number, status, text, xlsxExporter } from '../xlsx';

const TASKS = xlsxExporter([number('year'), text('title'), money('budget'), dateTime('bidDeadline'), status()]);
const BIDS = xlsxExporter([
  text('competitionTitle'),
  text('subCenter', (r) => r.subCenter.name),
  money('requestedAmount'),
  number('score'),
  status(),
]);

export const CompetitionList = () => {
  const locale = useLocale();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={TASKS} actions={<ListActions filters={false} />}>
      <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
        <NumberField source="year" options={{ useGrouping: false }} />
        <TextField source="title" />
        <FunctionField source="budget" render={(r) => <Cny value={r.budget} />} />
        <FunctionField source="bidDeadline" render={(r) => formatDateTime(r.bidDeadline, locale)} />
        <CaseStatusField />
      </ResponsiveDatagrid>
    </List>
  );
};

const post = (path: string, body?: unknown) =>
  httpClient(`/api${path}`, {
    method: 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }),
  });

const PublishButton = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => post(`/competition-tasks/${record!.id}/publish`),
    onSuccess: () => {
      notify('kejin.form.published', { type: 'success' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  return (
    <Button label="kejin.form.publish" variant="contained" onClick={() => mutate()} disabled={isPending}>
      <SendIcon />
    </Button>
  );
};

/** 揭榜: a sub-center's plan, team and requested amount (≤ the task's budget), checked here first by the API's schema. */
const BidButton = () => {
  const record = useRecordContext();
  const locale = useLocale();
  return (
    <FormDialogButton
      label="kejin.form.bid"
      done="kejin.form.bidSubmitted"
      fields={[
        { name: 'plan', label: 'resources.bids.fields.plan', kind: 'textarea' },
        { name: 'team', label: 'resources.bids.fields.team', kind: 'textarea' },
        { name: 'requestedAmount', label: 'resources.bids.fields.requestedAmount', kind: 'number' },
      ]}
      submit={(v) => {
        const input = { ...v, requestedAmount: v.requestedAmount ? Number(v.requestedAmount) : undefined };
        const parsed = BidInput.safeParse(input);
        if (!parsed.success) throw { body: { errors: fieldErrorsFor(parsed.error, input, locale) } };
        return post(`/competition-tasks/${record!.id}/bids`, parsed.data);
      }}
    />
  );
};

/** 撤回 of the caller's own bid while bidding is open: it may bid again before the deadline. */
const WithdrawBidButton = () => (
  <ConfirmedAction
    label="kejin.action.withdrawBid"
    question="kejin.action.withdrawBidConfirm"
    done="kejin.action.bidWithdrawn"
    run={(id) => post(`/competition-tasks/${encodeURIComponent(id)}/bids/withdraw`, {})}
    icon={<UndoIcon />}
  />
);

const Actions = () => {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  // while bidding is open a sub-center reads its own bid only
  const hasBid = (record?.bids ?? []).some(
    (b: { organizationId?: string | null }) => b.organizationId && b.organizationId === permissions?.organizationId,
  );
  return (
    <TopToolbar>
      {record?.status === 'draft' && hasRole(permissions, 'provincial_reviewer', 'admin') && <PublishButton />}
      {record?.status === 'open' &&
        hasRole(permissions, 'applicant') &&
        (hasBid ? <WithdrawBidButton /> : <BidButton />)}
      <HistoryButton />
    </TopToolbar>
  );
};

/**
 * For a bidder: each step others are taking on its own bid (scoring, milestone review, acceptance),
 * with 催办, and 撤回 of a milestone report while its review is untouched (the server refuses in
 * words once someone has acted). Other bidders' steps never reach this page.
 */
const BidderWaiting = () => {
  const r = useRecordContext();
  const { permissions } = usePermissions();
  if (!r || !hasRole(permissions, 'applicant')) return null;
  const waiting = (
    r.openTasks as { id: string; step: string; dueAt: string; party: string | null; organizationId: string | null }[]
  )
    .filter((t) => t.party !== null && t.party === permissions.organizationId && t.organizationId === null)
    // a panel's seats are one step to the bidder
    .filter((t, i, all) => all.findIndex((u) => u.step === t.step) === i);
  return (
    <>
      {waiting.map((t) => (
        <PartyWaiting key={t.id} task={t}>
          {t.step === 'milestone_review' && <RecallSubmissionButton what="milestoneReport" />}
        </PartyWaiting>
      ))}
    </>
  );
};

const Detail = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  const status = useStatusLabel();
  const locale = useLocale();
  if (!r) return null;
  return (
    <Stack spacing={1} sx={{ p: 2 }}>
      <BidderWaiting />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5">{r.title}</Typography>
        <CaseStatusField />
      </Stack>
      <Typography>
        {translate('resources.competition-tasks.fields.goal')}: {r.goal}
      </Typography>
      <Typography>
        {translate('resources.competition-tasks.fields.deliverables')}: {r.deliverables}
      </Typography>
      <Typography>
        {translate('resources.competition-tasks.fields.budget')}: <Cny value={r.budget} /> ·{' '}
        {translate('resources.competition-tasks.fields.winners')}: {r.winners} ·{' '}
        {translate('resources.competition-tasks.fields.bidDeadline')}: {formatDateTime(r.bidDeadline, locale)}
      </Typography>
      <Typography>
        {translate('resources.competition-tasks.fields.eligibility.systems')}:{' '}
        {r.eligibility.systems.map((s: string) => translate(`kejin.system.${s}`)).join('、')}
      </Typography>
      <Typography>
        {translate('resources.competition-tasks.fields.milestones')}:{' '}
        {r.milestones
          .map((m: { title: string; workingDays: number }) =>
            translate('kejin.form.milestoneDays', { title: m.title, days: m.workingDays }),
          )
          .join('；')}
      </Typography>
      {r.award && (
        <Typography>
          {translate('kejin.form.reasons')}: {r.award.reasons}（{r.award.by}）
        </Typography>
      )}
      <Table size="small" sx={{ '& td:first-of-type': { overflowWrap: 'anywhere' } }}>
        <TableHead>
          <TableRow>
            {['subCenter', 'score', 'requestedAmount', 'status'].map((h) => (
              <TableCell key={h}>{translate(`resources.bids.fields.${h}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {r.bids.map(
            (b: { id: string; subCenter: string; score: number; requestedAmount: number; status: string }) => (
              <TableRow key={b.id}>
                <TableCell>{b.subCenter}</TableCell>
                <TableCell>{b.score || '—'}</TableCell>
                <TableCell>
                  <Cny value={b.requestedAmount} />
                </TableCell>
                <TableCell>{status(b.status)}</TableCell>
              </TableRow>
            ),
          )}
        </TableBody>
      </Table>
    </Stack>
  );
};
export const CompetitionShow = () => (
  <Show actions={<Actions />} title={<CaseTitle name={(r) => r.title} />}>
    <CaseLayout>
      <Detail />
    </CaseLayout>
  </Show>
);

/** A new key task, validated by the API's own schema; published from its page. */
export const CompetitionCreate = () => (
  <Create
    redirect="show"
    transform={(d: Record<string, unknown>) =>
      compact({ ...d, bidDeadline: d.bidDeadline ? new Date(d.bidDeadline as string).toISOString() : undefined })
    }
  >
    <SimpleForm
      resolver={(v, c, o) =>
        zodResolver(CompetitionTaskInput as any)(
          compact({ ...v, bidDeadline: v.bidDeadline ? new Date(v.bidDeadline as string).toISOString() : undefined }),
          c,
          o as any,
        )
      }
      defaultValues={{
        year: new Date().getFullYear(),
        winners: 1,
        eligibility: { systems: ['tech_service'], categories: [] },
        milestones: [{ title: '', workingDays: 60 }],
      }}
    >
      <NumberInput source="year" />
      <TextInput source="title" fullWidth />
      <TextInput source="goal" multiline fullWidth />
      <TextInput source="deliverables" multiline fullWidth />
      <CheckboxGroupInput source="eligibility.systems" choices={systemChoices} />
      <DateTimeInput source="bidDeadline" />
      <NumberInput source="winners" />
      <NumberInput source="budget" />
      <ArrayInput source="milestones">
        <SimpleFormIterator inline>
          <TextInput source="title" label="resources.competition-tasks.fields.milestoneTitle" />
          <NumberInput source="workingDays" label="resources.competition-tasks.fields.milestoneWorkingDays" />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

export const BidList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={BIDS} actions={<ListActions filters={false} />}>
    <ResponsiveDatagrid
      bulkActionButtons={false}
      rowClick={(_id, _resource, r) => caseShowPath('competition', r.competitionId)}
    >
      <TextField source="competitionTitle" />
      <FunctionField source="subCenter" render={(r) => r.subCenter.name} />
      <FunctionField source="requestedAmount" render={(r) => <Cny value={r.requestedAmount} />} />
      <NumberField source="score" />
      <CaseStatusField />
    </ResponsiveDatagrid>
  </List>
);
