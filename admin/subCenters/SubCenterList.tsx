import { FunctionField, List, SearchInput, SelectInput, TextField, useTranslate } from 'react-admin';
import { categoryChoices, cityChoices, systemChoices } from '../choices';
import { DateTimeField } from '../DateTimeField';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { date, text, words, xlsxExporter } from '../xlsx';

const EXPORT = xlsxExporter([
  text('name'),
  text('creditCode'),
  words('system', 'kejin.system'),
  words('category', 'kejin.category'),
  text('city'),
  words('status', 'kejin.subCenterStatus'),
  date('admittedAt'),
]);

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="system" choices={systemChoices} key="system" />,
  <SelectInput source="category" choices={categoryChoices} key="category" />,
  <SelectInput source="city" choices={cityChoices} key="city" />,
  <SelectInput
    source="status"
    choices={[
      { id: 'active', name: 'kejin.subCenterStatus.active' },
      { id: 'revoked', name: 'kejin.subCenterStatus.revoked' },
    ]}
    key="status"
  />,
];

/** The roster (管理序列) of admitted sub-centers. */
export const SubCenterList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'admittedAt', order: 'DESC' }} exporter={EXPORT} actions={<ListActions />}>
      <ResponsiveDatagrid bulkActionButtons={false} rowClick="show">
        <TextField source="name" />
        <TextField source="creditCode" />
        <FunctionField source="system" render={(r) => translate(`kejin.system.${r.system}`)} />
        <FunctionField source="category" render={(r) => translate(`kejin.category.${r.category}`)} />
        <TextField source="city" />
        <FunctionField source="status" render={(r) => translate(`kejin.subCenterStatus.${r.status}`)} />
        <DateTimeField source="admittedAt" dateOnly />
      </ResponsiveDatagrid>
    </List>
  );
};
