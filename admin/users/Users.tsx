import { zodResolver } from '@hookform/resolvers/zod';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  Create,
  Edit,
  FunctionField,
  List,
  PasswordInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { UserCreateInput, UserUpdateInput } from '../../domain/users';
import { CaseTitle } from '../CaseLayout';
import { cityChoices, roleChoices } from '../choices';
import { compact } from '../compact';
import type { KejinDataProvider } from '../dataProvider';
import { i18nProvider } from '../i18n';
import { LabelButton } from '../LabelButton';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';
import { hasRole, type SessionUser } from '../session';
import { text, xlsxExporter } from '../xlsx';

const EXPORT = xlsxExporter([
  text('username'),
  text('displayName'),
  text('roles', (r) => r.roles.map((x: string) => i18nProvider.translate(`kejin.role.${x}`)).join('、')),
  text('city'),
  text('active'),
  text('locked'),
]);

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="role" choices={roleChoices} key="role" />,
  <SelectInput source="city" choices={cityChoices} key="city" />,
];

/** What the list and the security officer's page show of a user (an array: the grid reads its columns from it). */
const userColumns = (translate: ReturnType<typeof useTranslate>) => [
  <TextField source="username" key="username" />,
  <TextField source="displayName" key="displayName" />,
  <FunctionField
    source="roles"
    key="roles"
    render={(r) => r.roles.map((x: string) => translate(`kejin.role.${x}`)).join('、')}
  />,
  <TextField source="city" emptyText="—" key="city" />,
  <BooleanField source="active" key="active" />,
  <BooleanField source="locked" key="locked" />,
];

export const UserList = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionUser | null>();
  return (
    <List filters={filters} exporter={EXPORT} actions={<ListActions />}>
      <ResponsiveDatagrid rowClick={hasRole(permissions, 'admin') ? 'edit' : 'show'} bulkActionButtons={false}>
        {userColumns(translate)}
      </ResponsiveDatagrid>
    </List>
  );
};

const Fields = () => (
  <>
    <TextInput source="displayName" />
    <AutocompleteArrayInput source="roles" choices={roleChoices} />
    <SelectInput source="city" choices={cityChoices} emptyText="—" />
    <ReferenceInput source="organizationId" reference="organizations">
      <AutocompleteInput optionText="name" />
    </ReferenceInput>
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

/** 强制下线: every session of the user ends at once (recorded in the audit trail). */
const EndSessionsButton = () => {
  const user = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  if (!user) return null;
  return (
    <LabelButton
      label="kejin.users.endSessions"
      onClick={async () => {
        const { data } = await dataProvider.endSessions(String(user.id));
        notify('kejin.users.sessionsEnded', { type: 'success', messageArgs: { n: data.ended } });
      }}
    />
  );
};

/** 重置动态口令: a lost second factor; the user enrols again at the next sign-in (their sessions end). */
const ResetSecondFactorButton = () => {
  const user = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!user?.secondFactor) return null;
  return (
    <LabelButton
      label="kejin.users.resetSecondFactor"
      onClick={async () => {
        await dataProvider.resetSecondFactor(String(user.id));
        notify('kejin.users.secondFactorReset', { type: 'success' });
        refresh();
      }}
    />
  );
};

// the login name is data the administrator reads as it is (marked so for the language check)
const userTitle = (
  <CaseTitle
    name={(r) => (
      <>
        {r.displayName}（<span data-data>{r.username}</span>）
      </>
    )}
  />
);

/** The security officer's view of a user: who they are, and the two security actions. */
export const UserShow = () => {
  const translate = useTranslate();
  return (
    <Show
      title={userTitle}
      actions={
        <TopToolbar>
          <UnlockButton />
          <EndSessionsButton />
          <ResetSecondFactorButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        {userColumns(translate)}
        <BooleanField source="secondFactor" />
      </SimpleShowLayout>
    </Show>
  );
};

export const UserEdit = () => (
  <Edit
    title={userTitle}
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
