import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import {
  Link,
  Show,
  TopToolbar,
  useDataProvider,
  useGetList,
  useLocale,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CaseTitle } from '../CaseLayout';
import { caseShowPath } from '../caseLinks';
import type { KejinDataProvider } from '../dataProvider';
import { Cny, GradeChip } from '../evaluation/CaseFields';
import { FormDialogButton } from '../FormDialogButton';
import { formatDate } from '../format';
import { useStatusLabel } from '../history/ApprovalTimeline';
import { hasRole } from '../session';

interface Entry {
  key: string;
  at: string;
  year: number;
  kind: string;
  to: string;
  detail: React.ReactNode;
  status?: string;
}

const all = { pagination: { page: 1, perPage: 200 }, sort: { field: 'id', order: 'ASC' as const } };

/** One organisation across the years: admission, each evaluation and grade, bids and awards, payouts, revocation. */
function Timeline() {
  const sc = useRecordContext();
  const translate = useTranslate();
  const status = useStatusLabel();
  const locale = useLocale();
  const filter = { subCenterId: sc?.id };
  const evaluations = useGetList('evaluations', { ...all, filter }, { enabled: Boolean(sc) }).data ?? [];
  const revocations = useGetList('revocations', { ...all, filter }, { enabled: Boolean(sc) }).data ?? [];
  const payouts = useGetList('payouts', { ...all, filter }, { enabled: Boolean(sc) }).data ?? [];
  const bids = useGetList('bids', { ...all, filter }, { enabled: Boolean(sc) }).data ?? [];
  if (!sc) return null;
  const yearOf = (iso: string) => Number(iso.slice(0, 4));
  const entries: Entry[] = [
    {
      key: 'admission',
      at: sc.admittedAt,
      year: yearOf(sc.admittedAt),
      kind: translate('kejin.subCenter.admitted'),
      to: `/applications/${sc.applicationId}/show`,
      detail: formatDate(sc.admittedAt, locale),
    },
    ...evaluations.map((e) => ({
      key: e.id,
      at: `${e.year}-12-31`,
      year: e.year,
      kind: translate('kejin.subCenter.evaluation', { year: e.year }),
      to: caseShowPath('evaluation', e.id),
      detail: <GradeChip grade={e.grade} />,
      status: e.status,
    })),
    ...bids.map((b) => ({
      key: b.id,
      at: b.submittedAt,
      year: yearOf(b.submittedAt),
      kind: translate('kejin.subCenter.bid'),
      to: caseShowPath('competition', b.competitionId),
      detail: b.plan,
      status: b.status,
    })),
    ...payouts.map((p) => ({
      key: p.id,
      at: p.paidAt ?? `${p.year}-12-31`,
      year: p.year,
      kind: translate('kejin.subCenter.payout'),
      to: caseShowPath('payout', p.id),
      detail: (
        <>
          <Cny value={p.amount} /> · {p.reason}
        </>
      ),
      status: p.status,
    })),
    ...revocations.map((r) => ({
      key: r.id,
      at: r.decision?.at ?? r.statementDueAt ?? '',
      year: yearOf(r.decision?.at ?? r.statementDueAt ?? sc.admittedAt),
      kind: translate('kejin.subCenter.revocation'),
      to: caseShowPath('revocation', r.id),
      detail: r.reason,
      status: r.status,
    })),
  ];
  const years = [...new Set(entries.map((e) => e.year))].sort((a, b) => b - a);
  return (
    <Stack spacing={2} data-testid="sub-center-timeline">
      {years.map((year) => (
        <Box key={year}>
          <Typography variant="h6" component="h3">
            {year}
          </Typography>
          <Stack spacing={1}>
            {entries
              .filter((e) => e.year === year)
              .sort((a, b) => b.at.localeCompare(a.at))
              .map((e) => (
                <Card key={e.key} variant="outlined" data-entry={e.key}>
                  <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                      <Link to={e.to}>
                        <b>{e.kind}</b>
                      </Link>
                      {e.status && <Chip size="small" label={status(e.status)} />}
                    </Stack>
                    <Typography variant="body2" sx={{ mt: 0.5 }}>
                      {e.detail}
                    </Typography>
                  </CardContent>
                </Card>
              ))}
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}

const Header = () => {
  const sc = useRecordContext();
  const translate = useTranslate();
  if (!sc) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h2">
          {sc.name}
        </Typography>
        <Chip size="small" label={translate(`kejin.subCenterStatus.${sc.status}`)} />
        <Chip size="small" label={translate(`kejin.system.${sc.system}`)} />
        <Chip size="small" label={translate(`kejin.category.${sc.category}`)} />
        <Chip size="small" label={sc.city} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {translate('resources.applications.fields.creditCode')} {sc.creditCode}
      </Typography>
    </Stack>
  );
};

/** 启动撤销: the Provincial Center starts a revocation for a serious violation, with its reason. */
const StartRevocation = () => {
  const sc = useRecordContext();
  const { permissions } = usePermissions();
  const dataProvider = useDataProvider<KejinDataProvider>();
  if (sc?.status !== 'active' || !hasRole(permissions, 'provincial_reviewer')) return null;
  return (
    <FormDialogButton
      label="kejin.subCenter.startRevocation"
      done="kejin.subCenter.revocationStarted"
      fields={[{ name: 'reason', label: 'resources.revocations.fields.reason', kind: 'textarea' }]}
      submit={(v) => dataProvider.startRevocation(String(sc.id), v.reason ?? '')}
    />
  );
};

export const SubCenterShow = () => (
  <Show
    title={<CaseTitle name={(r) => r.name} />}
    actions={
      <TopToolbar>
        <StartRevocation />
      </TopToolbar>
    }
  >
    <Box sx={{ p: 2 }}>
      <Header />
      <Timeline />
    </Box>
  </Show>
);
