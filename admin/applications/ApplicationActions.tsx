import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { KejinDataProvider } from '../dataProvider';

/** Server refusals (422 with fields, 409 wrong state) are shown as they come, in the user's words. */
const errorText = (e: any) =>
  [e?.body?.message ?? e?.message, ...Object.entries(e?.body?.errors ?? {}).map(([k, v]) => `${k}: ${v}`)]
    .filter(Boolean)
    .join('\n');

export const SubmitButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.submitApplication(String(record!.id)),
    onSuccess: () => {
      notify('kejin.action.submitted', { type: 'success' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
  const label = translate(record?.status === 'supplement_requested' ? 'kejin.action.resubmit' : 'kejin.action.submit');
  return (
    <Button label={label} onClick={() => mutate()} disabled={isPending} variant="contained">
      <SendIcon />
    </Button>
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
      <Button label="kejin.action.withdraw" onClick={() => setOpen(true)} color="error">
        <UndoIcon />
      </Button>
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
