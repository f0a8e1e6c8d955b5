import { Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useLocale, useRecordContext, useTranslate } from 'react-admin';
import type { ActionField, AvailableAction, TaskAction } from '../../domain/approval';
import type { KejinDataProvider } from '../dataProvider';
import { FormDialog, type FormDialogField } from '../FormDialogButton';
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

/** How the console shows each kind of field the API names (a person is picked by name, not typed). */
const KINDS: Record<string, FormDialogField['kind']> = {
  choice: 'choice',
  textarea: 'textarea',
  user: 'person',
  users: 'people',
};

/** The form of one action, generated from the fields the API gives. */
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
  return (
    <FormDialog
      title={action.label[locale]}
      fields={action.fields.map((f) => ({
        name: f.name,
        label: translate(`kejin.taskAction.${f.name}`),
        required: f.required,
        kind: KINDS[f.kind] ?? 'text',
        choices: f.options?.map((o) => ({ value: o.value, label: o.label[locale] })),
        // a field naming people is searched among those the API offers for this action
        find:
          f.kind === 'user' || f.kind === 'users'
            ? (q: string) =>
                dataProvider.taskCandidates(taskId, action.action, q).then((people) =>
                  people.map((p) => ({
                    value: p.username,
                    label: [p.organizationName, p.city].some(Boolean)
                      ? `${p.displayName}（${[p.organizationName, p.city].filter(Boolean).join('，')}）`
                      : p.displayName,
                  })),
                )
            : undefined,
      }))}
      done="kejin.taskAction.done"
      submit={(values) => dataProvider.taskAction(taskId, action.action, body(action.fields, values))}
      onClose={onClose}
    />
  );
}

/** The request body from the form: several people come comma-separated. */
function body(fields: ActionField[], values: Record<string, string>) {
  return Object.fromEntries(
    fields
      .filter((f) => values[f.name] !== undefined && values[f.name] !== '')
      .map((f) => [f.name, f.kind === 'users' ? values[f.name]!.split(/[,，\s]+/).filter(Boolean) : values[f.name]]),
  );
}
