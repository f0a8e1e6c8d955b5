import {
  DateTimeInput,
  FunctionField,
  List,
  SelectInput,
  TextField,
  TextInput,
  useLocale,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../DateTimeField';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';

export const OPERATIONS = [
  'login.succeeded',
  'login.failed',
  'login.code_asked',
  'logout',
  'request.refused',
  'evidence.downloaded',
  'sheet.printed',
  'figures.exported',
  'admin.changed',
] as const;

const filters = [
  <TextInput source="username" alwaysOn key="username" />,
  <SelectInput
    source="action"
    key="action"
    choices={OPERATIONS.map((id) => ({ id, name: `kejin.operations.${id}` }))}
  />,
  <DateTimeInput source="from" key="from" />,
  <DateTimeInput source="to" key="to" />,
];

/** 操作日志: the auditor's search of sign-ins, downloads, prints, changes and refusals. */
export const OperationLogList = () => {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={false}>
      <ResponsiveDatagrid bulkActionButtons={false}>
        <DateTimeField source="at" />
        <TextField source="actorName" sortable={false} emptyText="—" />
        <FunctionField source="action" render={(r) => translate(`kejin.operations.${r.action}`, { _: '' })} />
        <FunctionField source="what" sortable={false} render={(r) => r.what[locale === 'en' ? 'en' : 'zh']} />
        <TextField source="source" />
      </ResponsiveDatagrid>
    </List>
  );
};
