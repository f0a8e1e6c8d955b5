import { zodResolver } from '@hookform/resolvers/zod';
import { Create, Edit, List, SearchInput, SelectInput, SimpleForm, TextField, TextInput } from 'react-admin';
import { OrganizationInput, OrganizationUpdateInput } from '../../domain/organizations';
import { CaseTitle } from '../CaseLayout';
import { cityChoices } from '../choices';
import { compact } from '../compact';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';
import { text, xlsxExporter } from '../xlsx';

const EXPORT = xlsxExporter([text('name'), text('creditCode'), text('city')]);

const filters = [<SearchInput source="q" alwaysOn key="q" />, <TextInput source="creditCode" key="creditCode" />];

/** 机构登记: every account's organisation, with the credit code its applications must carry. */
export const OrganizationList = () => (
  <List filters={filters} exporter={EXPORT} actions={<ListActions />}>
    <ResponsiveDatagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="creditCode" emptyText="—" />
      <TextField source="city" emptyText="—" />
    </ResponsiveDatagrid>
  </List>
);

const Fields = () => (
  <>
    <TextInput source="name" />
    <TextInput source="creditCode" />
    <SelectInput source="city" choices={cityChoices} emptyText="—" />
  </>
);

export const OrganizationCreate = () => (
  <Create redirect="list" transform={compact}>
    <SimpleForm resolver={(v, c, o) => zodResolver(OrganizationInput as any)(compact(v), c, o as any)}>
      <TextInput source="id" />
      <Fields />
    </SimpleForm>
  </Create>
);

export const OrganizationEdit = () => (
  <Edit
    title={<CaseTitle name={(r) => r.name} />}
    mutationMode="pessimistic"
    transform={(d: Record<string, unknown>) => compact({ name: d.name, creditCode: d.creditCode, city: d.city })}
  >
    <SimpleForm
      toolbar={<SaveOnlyToolbar />}
      resolver={(v, c, o) => zodResolver(OrganizationUpdateInput as any)(compact(v), c, o as any)}
    >
      <Fields />
    </SimpleForm>
  </Edit>
);
