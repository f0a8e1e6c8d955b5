import { zodResolver } from '@hookform/resolvers/zod';
import {
  AutocompleteArrayInput,
  BooleanField,
  BooleanInput,
  Create,
  Edit,
  FunctionField,
  List,
  PasswordInput,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { UserCreateInput, UserUpdateInput } from '../../domain/users';
import { CaseTitle } from '../CaseLayout';
import { cityChoices, roleChoices } from '../choices';
import { compact } from '../compact';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="role" choices={roleChoices} key="role" />,
  <SelectInput source="city" choices={cityChoices} key="city" />,
];

export const UserList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters}>
      <ResponsiveDatagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="username" />
        <TextField source="displayName" />
        <FunctionField
          source="roles"
          render={(r) => r.roles.map((x: string) => translate(`kejin.role.${x}`)).join('、')}
        />
        <TextField source="city" emptyText="—" />
        <BooleanField source="active" />
        <BooleanField source="locked" />
      </ResponsiveDatagrid>
    </List>
  );
};

const Fields = () => (
  <>
    <TextInput source="displayName" />
    <AutocompleteArrayInput source="roles" choices={roleChoices} />
    <SelectInput source="city" choices={cityChoices} emptyText="—" />
    <TextInput source="organizationId" />
  </>
);

export const UserCreate = () => (
  <Create redirect="list" transform={compact}>
    <SimpleForm resolver={(v, c, o) => zodResolver(UserCreateInput as any)(compact(v), c, o as any)}>
      <TextInput source="username" />
      <PasswordInput source="password" />
      <Fields />
    </SimpleForm>
  </Create>
);

/** 解锁: an account locked after failed logins opens again at once (recorded in the audit trail). */
const UnlockButton = () => {
  const user = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!user?.locked) return null;
  return (
    <LabelButton
      label="kejin.users.unlock"
      variant="contained"
      onClick={async () => {
        await dataProvider.unlockUser(String(user.id));
        notify('kejin.users.unlocked', { type: 'success' });
        refresh();
      }}
    />
  );
};

export const UserEdit = () => (
  <Edit
    title={<CaseTitle name={(r) => `${r.displayName}（${r.username}）`} />}
    actions={
      <TopToolbar>
        <UnlockButton />
      </TopToolbar>
    }
    mutationMode="pessimistic"
    transform={(d: Record<string, unknown>) =>
      compact({
        displayName: d.displayName,
        roles: d.roles,
        city: d.city ?? null,
        organizationId: d.organizationId ?? null,
        active: d.active,
        password: d.password,
      })
    }
  >
    <SimpleForm
      toolbar={<SaveOnlyToolbar />}
      resolver={(v, c, o) => zodResolver(UserUpdateInput as any)(compact(v), c, o as any)}
    >
      <TextField source="username" />
      <Fields />
      <BooleanInput source="active" />
      <PasswordInput source="password" />
    </SimpleForm>
  </Edit>
);
