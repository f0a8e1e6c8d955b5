import { FunctionField, List, SearchInput, SelectInput, TextField, useTranslate } from 'react-admin';
import { cityChoices, statusChoices, systemChoices } from '../choices';
import { DateTimeField } from '../DateTimeField';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { dateTime, status, text, words, xlsxExporter } from '../xlsx';
import { StatusChip } from './StatusChip';

const EXPORT = xlsxExporter([
  text('orgName'),
  text('creditCode'),
  words('system', 'kejin.system'),
  words('category', 'kejin.category'),
  text('city'),
  status(),
  dateTime('submittedAt'),
]);

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="status" choices={statusChoices} key="status" />,
  <SelectInput source="city" choices={cityChoices} key="city" />,
  <SelectInput source="system" choices={systemChoices} key="system" />,
];

export const ApplicationList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={EXPORT} actions={<ListActions />}>
      <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="orgName" />
        <TextField source="creditCode" />
        <FunctionField source="system" render={(r) => translate(`kejin.system.${r.system}`)} />
        <FunctionField source="category" render={(r) => translate(`kejin.category.${r.category}`)} />
        <TextField source="city" />
        <FunctionField source="status" render={(r) => <StatusChip status={r.status} />} />
        <DateTimeField source="submittedAt" />
      </ResponsiveDatagrid>
    </List>
  );
};
