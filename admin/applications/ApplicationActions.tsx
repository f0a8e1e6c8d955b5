import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import type { ButtonProps } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import {
  Confirm,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { ChecklistItem } from '../../domain/application';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';

/**
 * A server refusal for a notification: its message and the reasons (each also shown on its field
 * where the form has one), never the internal field names.
 */
const errorText = (e: any) =>
  [...new Set([e?.body?.message ?? e?.message, ...Object.values(e?.body?.errors ?? {})])].filter(Boolean).join('\n');

/** A case action that asks first (what it does, in words), then runs and says it is done. */
export function ConfirmedAction({
  label,
  question,
  done,
  run,
  icon,
  translateOptions,
  ...button
}: Omit<ButtonProps, 'children'> & {
  label: string;
  question: string;
  translateOptions?: Record<string, unknown>;
  done: string;
  run(id: string, dataProvider: KejinDataProvider): Promise<unknown>;
  icon?: ReactNode;
}) {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => run(String(record!.id), dataProvider),
    onSuccess: () => {
      notify(done, { type: 'success' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  return (
    <>
      <LabelButton label={label} onClick={() => setOpen(true)} disabled={isPending} startIcon={icon} {...button} />
      <Confirm
        isOpen={open}
        loading={isPending}
        title={label}
        content={question}
        translateOptions={translateOptions}
        onConfirm={() => {
          setOpen(false);
          mutate();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

export const SubmitButton = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  // submitted with items lacking evidence only after being told which
  const lacking = ChecklistItem.options.filter(
    (item) => !(record?.attachments ?? []).some((a: { item: string }) => a.item === item),
  );
  return (
    <ConfirmedAction
      label={record?.status === 'supplement_requested' ? 'kejin.action.resubmit' : 'kejin.action.submit'}
      question={lacking.length ? 'kejin.action.submitConfirmLacking' : 'kejin.action.submitConfirm'}
      translateOptions={{
        smart_count: lacking.length,
        items: lacking.map((i) => translate(`resources.applications.fields.checklist.${i}`)).join('；'),
      }}
      done="kejin.action.submitted"
      run={(id, dp) => dp.submitApplication(id)}
      variant="contained"
      icon={<SendIcon />}
    />
  );
};

/** 撤回: back to a draft, while nobody has taken up the first review (the server decides; 409 otherwise). */
export const RecallButton = () => (
  <ConfirmedAction
    label="kejin.action.recall"
    question="kejin.action.recallConfirm"
    done="kejin.action.recalled"
    run={(id, dp) => dp.recallApplication(id)}
  />
);

/** 撤回 of what a sub-center filed (自评报告, 陈述申辩) while nobody has taken up the step it led to. */
export const RecallSubmissionButton = ({ what }: { what: 'selfReport' | 'statement' | 'milestoneReport' }) => {
  const resource = useResourceContext() ?? '';
  return (
    <ConfirmedAction
      label="kejin.action.recall"
      question={`kejin.action.recallConfirm_${what}`}
      done="kejin.action.recalledSubmission"
      run={(id, dp) => dp.recallSubmission(resource, id)}
    />
  );
};

/** Withdraw: the case ends for good (a new application starts again). */
export const WithdrawButton = () => (
  <ConfirmedAction
    label="kejin.action.withdraw"
    question="kejin.action.withdrawConfirm"
    done="kejin.action.withdrawn"
    run={(id, dp) => dp.withdrawApplication(id)}
    color="error"
    icon={<UndoIcon />}
  />
);
export { errorText };
