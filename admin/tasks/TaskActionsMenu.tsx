import { Dialog, DialogActions, DialogContent, DialogTitle, Menu, MenuItem, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useLocale, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { ActionField, AvailableAction, TaskAction } from '../../domain/approval';
import { errorText } from '../applications/ApplicationActions';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';

/** Actions with their own buttons elsewhere (claim, release, the decision dialog). */
const ELSEWHERE: TaskAction[] = ['claim', 'release', 'complete'];

/**
 * 转办 / 委派 / 加签 / 减签 / 退回 / 抄送 / 评论 / 催办: exactly the actions the approval engine lists for
 * this user on this task, each form generated from the fields the API gives.
 */
export const TaskActionsMenu = ({ actions }: { actions: AvailableAction[] }) => {
  const task = useRecordContext();
  const translate = useTranslate();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [chosen, setChosen] = useState<AvailableAction | null>(null);
  if (!task) return null;
  const items = actions.filter((a) => !ELSEWHERE.includes(a.action));
  return (
    <>
      <LabelButton label="kejin.taskAction.more" onClick={(e) => setAnchor(e.currentTarget)} />
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {items.map((a) => (
          <MenuItem
            key={a.action}
            onClick={() => {
              setAnchor(null);
              setChosen(a);
            }}
          >
            {a.label[locale]}
          </MenuItem>
        ))}
      </Menu>
      {chosen && (
        <ActionDialog taskId={String(task.id)} action={chosen} onClose={() => setChosen(null)} translate={translate} />
      )}
    </>
  );
};

function ActionDialog({
  taskId,
  action,
  onClose,
  translate,
}: {
  taskId: string;
  action: AvailableAction;
  onClose: () => void;
  translate: (key: string) => string;
}) {
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.taskAction(taskId, action.action, body(action.fields, values)),
    onSuccess: () => {
      notify('kejin.taskAction.done', { type: 'success' });
      onClose();
      refresh();
    },
    onError: (e: { body?: { errors?: Record<string, string> } }) => {
      setErrors(e?.body?.errors ?? {});
      notify(errorText(e), { type: 'error', multiLine: true });
    },
  });
  const errorOf = (name: string) => errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{action.label[locale]}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {action.fields.map((f) => (
            <TextField
              key={f.name}
              name={f.name}
              label={translate(`kejin.taskAction.${f.name}`)}
              required={f.required}
              select={f.kind === 'choice'}
              multiline={f.kind === 'textarea'}
              minRows={f.kind === 'textarea' ? 3 : undefined}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              error={Boolean(errorOf(f.name))}
              helperText={errorOf(f.name)}
            >
              {f.options?.map((o) => (
                <MenuItem key={o.value} value={o.value}>
                  {o.label[locale]}
                </MenuItem>
              ))}
            </TextField>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <LabelButton label="ra.action.cancel" onClick={onClose} />
        <LabelButton label="ra.action.confirm" variant="contained" onClick={() => mutate()} disabled={isPending} />
      </DialogActions>
    </Dialog>
  );
}

/** The request body from the form: a list of usernames is typed comma-separated. */
function body(fields: ActionField[], values: Record<string, string>) {
  return Object.fromEntries(
    fields
      .filter((f) => values[f.name] !== undefined && values[f.name] !== '')
      .map((f) => [f.name, f.kind === 'users' ? values[f.name]!.split(/[,，\s]+/).filter(Boolean) : values[f.name]]),
  );
}
