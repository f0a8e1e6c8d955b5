import {
  BooleanField,
  Create,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { DateTimeField } from '../DateTimeField';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';

/** Every version with who changed it, when and why; a change is always a new version. */
export const RuleSetList = () => (
  <List sort={{ field: 'version', order: 'DESC' }}>
    <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="kind" />
      <NumberField source="version" />
      <BooleanField source="current" />
      <TextField source="comment" />
      <TextField source="createdBy" />
      <DateTimeField source="createdAt" />
    </ResponsiveDatagrid>
  </List>
);

const Body = () => {
  const record = useRecordContext();
  return <pre style={{ fontSize: 12 }}>{JSON.stringify(record?.body, null, 2)}</pre>;
};

export const RuleSetShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="kind" />
      <NumberField source="version" />
      <TextField source="comment" />
      <TextField source="createdBy" />
      <FunctionField source="body" render={() => <Body />} />
    </SimpleShowLayout>
  </Show>
);

const parseJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A new version, starting from the current one; the server checks it against the rule schema. */
export const RuleSetCreate = () => (
  <Create
    redirect="list"
    transform={(d: { kind: string; body: string; comment: string }) => ({ ...d, body: parseJson(d.body) })}
  >
    <SimpleForm defaultValues={{ kind: 'admission' }}>
      <SelectInput source="kind" choices={[{ id: 'admission', name: 'admission' }]} />
      <TextInput
        source="body"
        multiline
        minRows={16}
        fullWidth
        format={(v) => (typeof v === 'string' ? v : JSON.stringify(v ?? {}, null, 2))}
      />
      <TextInput source="comment" fullWidth />
    </SimpleForm>
  </Create>
);
