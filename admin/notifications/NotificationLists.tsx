/** The user's notifications and (administrators) the local mailbox: lists loaded on first visit. */
import { BooleanField, Button, FunctionField, List, TextField, useNotify, useRefresh } from 'react-admin';
import { caseShowPath } from '../caseLinks';
import { DateTimeField } from '../DateTimeField';
import { dataProvider } from '../dataProvider';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';

const ReadAll = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <Button
      label="kejin.notifications.readAll"
      onClick={async () => {
        await dataProvider.markAllRead();
        notify('kejin.notifications.allRead', { type: 'success' });
        refresh();
      }}
    />
  );
};

export const NotificationList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} actions={<ReadAll />} exporter={false}>
    <ResponsiveDatagrid bulkActionButtons={false} rowClick={(_id, _resource, r) => caseShowPath(r.caseType, r.caseId)}>
      <TextField source="message" sortable={false} />
      <DateTimeField source="createdAt" />
      <BooleanField source="read" sortable={false} />
      <FunctionField source="mailedAt" sortable={false} render={(r) => (r.mailedAt ? '✉' : '')} />
    </ResponsiveDatagrid>
  </List>
);
export const MailList = () => (
  <List sort={{ field: 'receivedAt', order: 'DESC' }} exporter={false}>
    <ResponsiveDatagrid
      bulkActionButtons={false}
      rowClick="expand"
      expand={<TextField source="text" sx={{ whiteSpace: 'pre-wrap' }} />}
    >
      <TextField source="to" />
      <TextField source="subject" sortable={false} />
      <DateTimeField source="receivedAt" />
    </ResponsiveDatagrid>
  </List>
);
