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
import { readerLocale } from '../i18n';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { dateTime, text, words, xlsxExporter } from '../xlsx';

export const OPERATIONS = [
  'login.succeeded',
  'login.failed',
  'login.code_asked',
  'logout',
  'request.refused',
  'evidence.downloaded',
  'sheet.printed',
  'list.exported',
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
/** The log to Excel (auditors file it): when, who, what in words, from where. */
const EXPORT = xlsxExporter([
  dateTime('at'),
  text('actorName'),
  words('action', 'kejin.operations'),
  text('what', (r) => r.what[readerLocale()]),
  text('source'),
]);

export const OperationLogList = () => {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={EXPORT} actions={<ListActions />}>
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
