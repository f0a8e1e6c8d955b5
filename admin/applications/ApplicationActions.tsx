import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';

/**
 * A server refusal for a notification: its message and the reasons (each also shown on its field
 * where the form has one), never the internal field names.
 */
const errorText = (e: any) =>
  [...new Set([e?.body?.message ?? e?.message, ...Object.values(e?.body?.errors ?? {})])].filter(Boolean).join('\n');

export const SubmitButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.submitApplication(String(record!.id)),
    onSuccess: () => {
      notify('kejin.action.submitted', { type: 'success' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  const label = record?.status === 'supplement_requested' ? 'kejin.action.resubmit' : 'kejin.action.submit';
  return (
    <>
      <LabelButton
        label={label}
        onClick={() => setOpen(true)}
        disabled={isPending}
        variant="contained"
        startIcon={<SendIcon />}
      />
      <Confirm
        isOpen={open}
        loading={isPending}
        title={label}
        content="kejin.action.submitConfirm"
        onConfirm={() => {
          setOpen(false);
          mutate();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** 撤回: back to a draft, while nobody has taken up the first review (the server decides; 409 otherwise). */
export const RecallButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.recallApplication(String(record!.id)),
    onSuccess: () => {
      notify('kejin.action.recalled', { type: 'info' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  return (
    <>
      <LabelButton label="kejin.action.recall" onClick={() => setOpen(true)} />
      <Confirm
        isOpen={open}
        loading={isPending}
        title="kejin.action.recall"
        content="kejin.action.recallConfirm"
        onConfirm={() => {
          setOpen(false);
          mutate();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

export const WithdrawButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.withdrawApplication(String(record!.id)),
    onSuccess: () => {
      notify('kejin.action.withdrawn', { type: 'info' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  return (
    <>
      <LabelButton label="kejin.action.withdraw" onClick={() => setOpen(true)} color="error" startIcon={<UndoIcon />} />
      <Confirm
        isOpen={open}
        loading={isPending}
        title="kejin.action.withdraw"
        content="kejin.action.withdrawConfirm"
        onConfirm={() => {
          setOpen(false);
          mutate();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
export { errorText };
