import { Admin, CustomRoutes, defaultTheme, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import applications from './applications';
import { authProvider } from './authProvider';
import calendar from './calendar';
import { bids, competitionTasks } from './competition';
import { dataProvider } from './dataProvider';
import { evaluationRounds, evaluations, payouts, revocations } from './evaluation';
import { i18nProvider } from './i18n';
import incidents from './incidents';
import { KejinLayout } from './Layout';
import { KejinLogin } from './Login';
import { lazyPage } from './lazyPage';
import { mailbox, notifications, objections } from './notifications';
import operationLog from './operationLog';
import organizations from './organizations';
import ruleSets from './ruleSets';
import { hasRole, type SessionUser } from './session';
import statistics from './statistics';
import subCenters from './subCenters';
import tasks, { CopiedList, DoneList, StartedList } from './tasks';
import users from './users';

const Dashboard = lazyPage(() => import('./dashboard/Dashboard'), 'Dashboard');
const CaseHistory = lazyPage(() => import('./history/CaseHistory'), 'CaseHistory');
const StandInPage = lazyPage(() => import('./standIn/StandInPage'), 'StandInPage');
const PublicNoticeBoard = lazyPage(() => import('./publicNotices/PublicNoticeBoard'), 'PublicNoticeBoard');

/**
 * react-admin's theme with darker blues: white on the app bar and a focused label on a filled
 * field both reach WCAG AA contrast (4.5:1); the defaults read 3.1:1 and 4.0:1. The warning
 * colour (优先, 已升级 chips) is a darker amber for the same reason: white on MUI's #ed6c02 is 3.0:1.
 */
const theme = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1565c0', contrastText: '#fff' },
    secondary: { light: '#5e92f3', main: '#1565c0', dark: '#003c8f', contrastText: '#fff' },
    info: { main: '#01579b', contrastText: '#fff' },
    warning: { main: '#b35c00', light: '#e08a2e', dark: '#7a3e00', contrastText: '#fff' },
    error: { main: '#c62828', light: '#ef5350', dark: '#8e0000', contrastText: '#fff' },
  },
  components: {
    ...defaultTheme.components,
    // a case page's decision bar is sticky at the bottom of the screen: the page's card must not clip it
    RaShow: { styleOverrides: { root: { '& .RaShow-card': { overflow: 'visible' } } } },
  },
};

/** Menus follow the user's roles; the server enforces the same rules on every request. */
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    theme={theme}
    dashboard={Dashboard}
    layout={KejinLayout}
    loginPage={KejinLogin}
    title="科金 Kejin"
    requireAuth
    disableTelemetry
  >
    {(user: SessionUser | null) => [
      <Resource
        key="applications"
        name="applications"
        {...applications}
        create={hasRole(user, 'applicant') ? applications.create : undefined}
        edit={hasRole(user, 'applicant') ? applications.edit : undefined}
      />,
      <Resource key="tasks" name="tasks" {...tasks}>
        <Route path="done" element={<DoneList />} />
        <Route path="cc" element={<CopiedList />} />
        <Route path="started" element={<StartedList />} />
      </Resource>,
      <Resource key="sub-centers" name="sub-centers" {...subCenters} />,
      <Resource
        key="competition-tasks"
        name="competition-tasks"
        {...competitionTasks}
        create={hasRole(user, 'provincial_reviewer', 'admin') ? competitionTasks.create : undefined}
      />,
      <Resource key="bids" name="bids" {...bids} />,
      <Resource key="evaluation-rounds" name="evaluation-rounds" {...evaluationRounds} />,
      <Resource key="evaluations" name="evaluations" {...evaluations} />,
      <Resource key="revocations" name="revocations" {...revocations} />,
      hasRole(user, 'applicant', 'finance', 'provincial_reviewer', 'admin', 'auditor') ? (
        <Resource key="payouts" name="payouts" {...payouts} />
      ) : null,
      hasRole(user, 'admin', 'security_officer') ? (
        <Resource
          key="users"
          name="users"
          {...users}
          create={hasRole(user, 'admin') ? users.create : undefined}
          edit={hasRole(user, 'admin') ? users.edit : undefined}
          show={hasRole(user, 'admin') ? undefined : users.show}
        />
      ) : null,
      hasRole(user, 'admin') ? <Resource key="organizations" name="organizations" {...organizations} /> : null,
      hasRole(user, 'admin', 'auditor') ? <Resource key="incidents" name="incidents" {...incidents} /> : null,
      hasRole(user, 'auditor') ? <Resource key="operation-log" name="operation-log" {...operationLog} /> : null,
      hasRole(user, 'admin', 'auditor', 'provincial_reviewer') ? (
        <Resource
          key="rule-sets"
          name="rule-sets"
          {...ruleSets}
          create={hasRole(user, 'admin', 'provincial_reviewer') ? ruleSets.create : undefined}
        />
      ) : null,
      hasRole(user, 'admin', 'auditor', 'provincial_reviewer') ? (
        <Resource key="calendar" name="calendar" {...calendar} />
      ) : null,
      hasRole(user, 'admin', 'auditor', 'provincial_reviewer') ? (
        <Resource key="statistics" name="statistics" {...statistics} />
      ) : null,
      <Resource key="notifications" name="notifications" {...notifications} />,
      hasRole(user, 'admin') ? <Resource key="mailbox" name="mailbox" {...mailbox} /> : null,
      hasRole(user, 'provincial_reviewer', 'auditor', 'admin') ? (
        <Resource key="objections" name="objections" {...objections} />
      ) : null,
      <CustomRoutes key="public" noLayout>
        <Route path="/public-notices" element={<PublicNoticeBoard />} />
      </CustomRoutes>,
      <CustomRoutes key="routes">
        <Route path="/:resource/:id/history" element={<CaseHistory />} />
        <Route path="/stand-in" element={<StandInPage />} />
      </CustomRoutes>,
    ]}
  </Admin>
);
