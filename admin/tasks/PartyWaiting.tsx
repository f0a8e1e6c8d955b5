import { Alert, Stack } from '@mui/material';
import type { ReactNode } from 'react';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useDeadlineText } from '../calendar/useCalendar';
import type { KejinDataProvider } from '../dataProvider';
import { FormDialogButton } from '../FormDialogButton';
import { useStepLabel } from './CaseTaskBar';

/**
 * What a case's own sub-center reads while others act on it: the step in progress and its due
 * date, with 催办 (the engine allows it once a day; the server says so otherwise) and, where it still
 * may, 撤回 (`children`).
 */
export function PartyWaiting({
  task,
  children,
}: {
  task: { id: string; step: string; dueAt: string };
  children?: ReactNode;
}) {
  const translate = useTranslate();
  useLocale();
  const deadline = useDeadlineText();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const stepLabel = useStepLabel();
  return (
    <Alert
      severity="info"
      data-testid="party-waiting"
      action={
        <Stack direction="row" spacing={1}>
          <FormDialogButton
            label="kejin.action.urge"
            done="kejin.action.urged"
            fields={[{ name: 'comment', label: 'kejin.taskAction.comment', kind: 'textarea' }]}
            submit={(v) => dataProvider.taskAction(task.id, 'urge', v.comment ? { comment: v.comment } : {})}
          />
          {children}
        </Stack>
      }
    >
      {translate('kejin.show.waitingHint', { step: stepLabel(task.step), due: deadline(task.dueAt) })}
    </Alert>
  );
}
