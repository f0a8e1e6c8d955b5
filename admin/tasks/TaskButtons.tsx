import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { errorText } from '../applications/ApplicationActions';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';

function useTaskAction(action: 'claimTask' | 'releaseTask', done: string) {
  const record = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => dataProvider[action](String(record!.id)),
    onSuccess: () => {
      notify(done, { type: 'success' });
      refresh();
    },
    onError: (e) => notify(errorText(e), { type: 'error', multiLine: true }),
  });
}

export const ClaimButton = () => {
  const { mutate, isPending } = useTaskAction('claimTask', 'kejin.action.claimed');
  return <LabelButton label="kejin.action.claim" onClick={() => mutate()} disabled={isPending} />;
};
export const ReleaseButton = () => {
  const { mutate, isPending } = useTaskAction('releaseTask', 'kejin.action.released');
  return <LabelButton label="kejin.action.release" onClick={() => mutate()} disabled={isPending} />;
};
