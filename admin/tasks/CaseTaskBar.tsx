import { Paper, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { RecordContextProvider, useDataProvider, useGetList, useLocale, useTranslate } from 'react-admin';
import { PRIORITY_LABELS } from '../../domain/approval';
import { useDeadlineText } from '../calendar/useCalendar';
import type { KejinDataProvider } from '../dataProvider';
import { DecisionDialog } from './DecisionDialog';
import { TaskActionsMenu } from './TaskActionsMenu';
import { ClaimButton, ReleaseButton } from './TaskButtons';

/** A step's name in the user's language (admission steps, then the other processes' steps). */
export function useStepLabel() {
  const translate = useTranslate();
  return (step: string) =>
    translate(`kejin.step.${step}`, { _: translate(`kejin.stepName.${step}`, { _: translate('kejin.process') }) });
}

interface OpenTask {
  id: string;
  step: string;
  dueAt: string;
  overdue: boolean;
  assignee: string | null;
  priority: number;
}

/**
 * The case page's action bar: for each open task of this case in the caller's queue, exactly the
 * actions the approval engine lists for them now (claim, release, decide, and the rest in a menu).
 * Pinned to the bottom of the screen, so it stays within reach on a phone.
 */
export function CaseTaskBar({ caseId }: { caseId: string }) {
  const { data: tasks } = useGetList<OpenTask & { id: string }>('tasks', {
    filter: { caseId, status: 'open' },
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'dueAt', order: 'ASC' },
  });
  if (!tasks?.length) return null;
  return (
    <Stack spacing={1} sx={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
      {tasks.map((t) => (
        <TaskBar key={t.id} task={t} />
      ))}
    </Stack>
  );
}

const ELSEWHERE = ['claim', 'release', 'complete'];

function TaskBar({ task }: { task: OpenTask }) {
  const translate = useTranslate();
  const _locale = useLocale();
  const deadline = useDeadlineText();
  const stepLabel = useStepLabel();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { data: detail } = useQuery({
    queryKey: ['task-detail', task.id],
    queryFn: () => dataProvider.getTask(task.id).then((r) => r.data),
  });
  const actions = detail?.actions ?? [];
  const has = (a: string) => actions.some((x) => x.action === a);
  if (!actions.length) return null;
  return (
    <Paper elevation={6} sx={{ p: 1.5 }} data-testid="task-bar">
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}
      >
        <Typography variant="body2">
          <b>{stepLabel(task.step)}</b>
          {task.priority > 0 && ` · ${PRIORITY_LABELS[task.priority]?.[_locale === 'en' ? 'en' : 'zh']}`}
          {detail?.checks
            ? ` · ${translate(`kejin.checks.${detail.checks.kind}`, { no: detail.checks.receiptNo })}`
            : ''}{' '}
          · {translate('resources.tasks.fields.dueAt')}{' '}
          <span style={task.overdue ? { color: '#c62828', fontWeight: 600 } : undefined}>{deadline(task.dueAt)}</span>
          {detail?.actingFor ? ` · ${translate('kejin.history.actingFor')} ${detail.actingFor}` : ''}
        </Typography>
        <RecordContextProvider value={task}>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }} useFlexGap>
            {has('claim') && <ClaimButton />}
            {has('release') && <ReleaseButton />}
            {has('complete') && <DecisionDialog actions={actions} checks={detail?.checks ?? null} />}
            {actions.some((a) => !ELSEWHERE.includes(a.action)) && <TaskActionsMenu actions={actions} />}
          </Stack>
        </RecordContextProvider>
      </Stack>
    </Paper>
  );
}
