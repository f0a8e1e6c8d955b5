import { Card, CardActionArea, CardContent, Grid, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, Title, useDataProvider, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CalendarDueAlert } from '../calendar/CalendarDueAlert';
import { useCalendarDue } from '../calendar/useCalendar';
import type { KejinDataProvider } from '../dataProvider';
import { useMySummary } from '../mySummary';
import { ReviewRequests } from '../publicNotices/ReviewRequests';
import { hasRole } from '../session';
import { type AnnexARow, AnnexATable } from './AnnexATable';

interface Summary {
  rosterByCity: { city: string; tech_service: number; financial: number }[];
  applicationsByStatus: { status: string; count: number }[];
  openTasks: number;
  overdueTasks: number;
}

/** One of my figures, a link to the list it counts. */
const Figure = ({ label, value, to, color }: { label: string; value: number; to: string; color?: string }) => (
  <Card>
    <CardActionArea component={Link} to={to} data-figure={to}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" sx={{ color }}>
          {value.toLocaleString('zh-CN')}
        </Typography>
      </CardContent>
    </CardActionArea>
  </Card>
);

const overdueList = `/tasks?filter=${encodeURIComponent(JSON.stringify({ overdue: true }))}`;

/** My day: open tasks, overdue ones, cases waiting for me, copies — each a link to the filtered list. */
function MyFigures() {
  const translate = useTranslate();
  const { data: me } = useMySummary();
  if (!me) return null;
  return (
    <>
      <Grid size={{ xs: 6, md: 3 }}>
        <Figure label={translate('kejin.dashboard.myOpen')} value={me.openTasks} to="/tasks" />
      </Grid>
      <Grid size={{ xs: 6, md: 3 }}>
        <Figure label={translate('kejin.dashboard.myOverdue')} value={me.overdue} to={overdueList} color="#c62828" />
      </Grid>
      {me.started !== null && (
        <Grid size={{ xs: 6, md: 3 }}>
          <Figure label={translate('kejin.dashboard.needsMe')} value={me.needsMe} to="/tasks" color="#b26a00" />
        </Grid>
      )}
      <Grid size={{ xs: 6, md: 3 }}>
        <Figure label={translate('kejin.center.cc')} value={me.cc} to="/tasks/cc" />
      </Grid>
    </>
  );
}

/** The network at a glance (sub-centers by city and system, cases by status, Annex A): province-wide roles. */
const NETWORK_ROLES = ['admin', 'auditor', 'provincial_reviewer'];

/** The home page: my figures for everyone; the network's figures and charts for province-wide roles. */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions();
  const network = hasRole(permissions, ...NETWORK_ROLES);
  const calendarDue = useCalendarDue();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { data } = useQuery({
    queryKey: ['network-summary'],
    queryFn: () => dataProvider.getNetworkSummary().then((r) => r.data as Summary),
    enabled: network,
  });
  const roster = (data?.rosterByCity ?? []).map((r) => ({
    city: r.city,
    [translate('kejin.system.tech_service')]: r.tech_service,
    [translate('kejin.system.financial')]: r.financial,
  }));
  const statuses = (data?.applicationsByStatus ?? []).map((s) => ({
    status: translate(`kejin.status.${s.status}`),
    count: s.count,
  }));
  const { data: annexA } = useQuery({
    queryKey: ['annex-a'],
    queryFn: () => dataProvider.getAnnexA().then((r) => r.data as AnnexARow[]),
    enabled: network,
  });
  const latestYear = Math.max(0, ...(annexA ?? []).map((r) => r.year));
  const loans = translate('kejin.annexA.loans');
  const investment = translate('kejin.annexA.investment');
  const byCity = Object.values(
    (annexA ?? [])
      .filter((r) => r.year === latestYear)
      .reduce<Record<string, Record<string, number | string>>>((acc, r) => {
        acc[r.city] ??= { city: r.city, [loans]: 0, [investment]: 0 };
        const row = acc[r.city]!;
        row[loans] = Number(row[loans]) + (r.figures.matchedLoanAmount ?? 0);
        row[investment] = Number(row[investment]) + (r.figures.matchedInvestmentAmount ?? 0);
        return acc;
      }, {}),
  );
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Title title="kejin.dashboard.title" />
      <Grid size={12}>
        <Typography variant="h5">{translate('kejin.dashboard.welcome', { name: identity?.fullName ?? '' })}</Typography>
      </Grid>
      {hasRole(permissions, 'admin') && calendarDue !== null && (
        <Grid size={12}>
          <CalendarDueAlert year={calendarDue} link />
        </Grid>
      )}
      <MyFigures />
      {hasRole(permissions, 'applicant') && (
        <Grid size={12}>
          <ReviewRequests />
        </Grid>
      )}
      {network && (
        <Grid size={12} sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2">
            {translate('kejin.dashboard.network', {
              open: data?.openTasks ?? 0,
              overdue: data?.overdueTasks ?? 0,
            })}
          </Typography>
          <Link to="/statistics">{translate('kejin.dashboard.statistics')}</Link>
        </Grid>
      )}
      {network && (
        <Grid size={{ xs: 12, md: 8 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1">{translate('kejin.dashboard.roster')}</Typography>
              <ResponsiveContainer width="100%" height={300}>
                <BarChart data={roster}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="city" interval={0} fontSize={11} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey={translate('kejin.system.tech_service')} stackId="a" fill="#1976d2" />
                  <Bar dataKey={translate('kejin.system.financial')} stackId="a" fill="#ed6c02" />
                </BarChart>
              </ResponsiveContainer>
            </CardContent>
          </Card>
        </Grid>
      )}
      {network && (
        <Grid size={{ xs: 12, md: 4 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1">{translate('kejin.dashboard.statuses')}</Typography>
              <ResponsiveContainer width="100%" height={300}>
                <BarChart data={statuses} layout="vertical">
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="status" width={90} fontSize={12} />
                  <Tooltip />
                  <Bar dataKey="count" fill="#2e7d32" />
                </BarChart>
              </ResponsiveContainer>
            </CardContent>
          </Card>
        </Grid>
      )}
      {network && latestYear > 0 && (
        <Grid size={12}>
          <Card data-testid="annex-a">
            <CardContent>
              <Typography variant="subtitle1">
                {translate('kejin.annexA.title')} · {latestYear}
              </Typography>
              <ResponsiveContainer width="100%" height={280}>
                <BarChart data={byCity}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="city" fontSize={12} />
                  <YAxis />
                  <Tooltip formatter={(v) => Number(v).toLocaleString('zh-CN')} />
                  <Legend />
                  <Bar dataKey={loans} fill="#1976d2" />
                  <Bar dataKey={investment} fill="#9c27b0" />
                </BarChart>
              </ResponsiveContainer>
              <AnnexATable rows={annexA ?? []} />
            </CardContent>
          </Card>
        </Grid>
      )}
    </Grid>
  );
};
