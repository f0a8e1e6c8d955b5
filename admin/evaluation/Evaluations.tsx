import {
  Box,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  FunctionField,
  List,
  NumberField,
  SelectInput,
  Show,
  TextField,
  useDataProvider,
  useLocale,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ANNEX_A_INDICATORS, ANNEX_B_GROUPS } from '../../domain/evaluation';
import { CaseLayout, CaseTitle } from '../CaseLayout';
import { cityChoices, systemChoices } from '../choices';
import type { KejinDataProvider } from '../dataProvider';
import { FormDialogButton } from '../FormDialogButton';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { hasRole } from '../session';
import { number, status, text, words, xlsxExporter } from '../xlsx';
import { CaseStatusField, Cny, formatFigure, GradeChip, HistoryAction, SubCenterWaiting } from './CaseFields';

const EVALUATIONS = xlsxExporter([
  text('subCenter', (r) => r.subCenter.name),
  number('year'),
  words('system', 'kejin.system', (r) => r.subCenter.system),
  text('city', (r) => r.subCenter.city),
  status(),
  number('totalScore', (r) => r.score?.total),
  words('grade', 'kejin.grade', (r) => r.grade?.grade),
]);
const ROUNDS = xlsxExporter([number('year'), words('system', 'kejin.system'), status(), text('openedBy')]);

const gradeChoices = ['excellent', 'good', 'pass', 'fail'].map((id) => ({ id, name: `kejin.grade.${id}` }));

export const EvaluationList = () => {
  const translate = useTranslate();
  return (
    <List
      exporter={EVALUATIONS}
      actions={<ListActions />}
      filters={[
        <SelectInput source="city" choices={cityChoices} key="c" />,
        <SelectInput source="system" choices={systemChoices} key="s" />,
        <SelectInput source="grade" choices={gradeChoices} key="g" />,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
        <FunctionField source="subCenter" render={(r) => r.subCenter.name} />
        <NumberField source="year" options={{ useGrouping: false }} />
        <FunctionField source="system" render={(r) => translate(`kejin.system.${r.subCenter.system}`)} />
        <FunctionField source="city" render={(r) => r.subCenter.city} />
        <CaseStatusField />
        <FunctionField source="totalScore" render={(r) => r.score?.total ?? '—'} />
        <FunctionField source="grade" render={(r) => <GradeChip grade={r.grade?.grade} />} />
      </ResponsiveDatagrid>
    </List>
  );
};

const EvaluationDetail = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  const locale = useLocale();
  if (!r) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5">
          {r.subCenter.name} · {r.year}
        </Typography>
        <CaseStatusField />
        <GradeChip grade={r.grade?.grade} />
        {r.grade && (
          <Typography>
            #{r.grade.rank}
            {r.grade.eliminated ? ' · 末位淘汰' : ''}
          </Typography>
        )}
        {r.grade?.subsidy > 0 && <Cny value={r.grade.subsidy} />}
      </Stack>
      {r.score && (
        <Typography>
          {translate('resources.evaluations.fields.totalScore')}: {r.score.total}（定量 {r.score.quantitative} · 定性{' '}
          {r.score.qualitative}）· 规则 v{r.ruleVersion}
        </Typography>
      )}
      <SubCenterWaiting
        ownSteps={['self_report', 'correction', 'rectification_plan']}
        recall={{ at: 'written_review', what: 'selfReport' }}
      />
      {r.selfReportMissed && <Typography color="error">自评报告逾期未交，未报告部分按零分计</Typography>}
      {r.report && (
        <Card variant="outlined">
          <CardContent>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>指标</TableCell>
                  <TableCell>申报值</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {ANNEX_A_INDICATORS.map((i) => (
                  <TableRow key={i.key}>
                    <TableCell>{translate(`kejin.indicator.${i.key}`, { _: i.label })}</TableCell>
                    <TableCell>{formatFigure(r.report.figures[i.key], locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {ANNEX_B_GROUPS.map((g) => (
              <Typography key={g} variant="body2">
                <b>{translate(`kejin.form.${g}`)}</b>: {r.report.narratives[g]}
              </Typography>
            ))}
          </CardContent>
        </Card>
      )}
      {r.expertScores.length > 0 && (
        <Box>
          {r.expertScores.map((s: Record<string, string | number>) => (
            <Typography key={String(s.expert)} variant="body2">
              <span data-data>{s.expert}</span>:{' '}
              {ANNEX_B_GROUPS.map((g) => `${translate(`kejin.form.${g}`)} ${s[g]}`).join(' · ')} — {s.comment}
            </Typography>
          ))}
        </Box>
      )}
      {r.onsite && (
        <Typography variant="body2">
          {translate('kejin.stepName.onsite')}: {r.onsite.findings || '—'}（{r.onsite.by}）
        </Typography>
      )}
      {r.rectification && (
        <Typography variant="body2">
          {translate('kejin.stepName.rectification_plan')}: {r.rectification.plan}（{r.rectification.completeBy}）
          {r.rectification.acceptedBy ? ` ✓ ${r.rectification.acceptedBy}` : ''}
        </Typography>
      )}
    </Stack>
  );
};
export const EvaluationShow = () => (
  <Show actions={<HistoryAction />} title={<CaseTitle name={(r) => `${r.subCenter?.name ?? ''} ${r.year ?? ''}`} />}>
    <CaseLayout>
      <EvaluationDetail />
    </CaseLayout>
  </Show>
);

/** 开启评价轮次: the Provincial Center opens a year's round by hand (the yearly schedule does it otherwise). */
const OpenRoundButton = () => {
  const { permissions } = usePermissions();
  const dataProvider = useDataProvider<KejinDataProvider>();
  if (!hasRole(permissions, 'provincial_reviewer', 'admin')) return null;
  return (
    <FormDialogButton
      label="kejin.round.open"
      done="kejin.round.opened"
      fields={[
        {
          name: 'year',
          label: 'resources.evaluation-rounds.fields.year',
          kind: 'number',
          initial: String(new Date().getFullYear() - 1),
        },
        {
          name: 'system',
          label: 'resources.evaluation-rounds.fields.system',
          kind: 'choice',
          choices: systemChoices,
          initial: 'tech_service',
        },
      ]}
      submit={(v) => dataProvider.openRound(Number(v.year), v.system!)}
    />
  );
};

export const RoundList = () => {
  const translate = useTranslate();
  return (
    <List
      exporter={ROUNDS}
      sort={{ field: 'year', order: 'DESC' }}
      actions={
        <ListActions filters={false}>
          <OpenRoundButton />
        </ListActions>
      }
    >
      <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
        <NumberField source="year" options={{ useGrouping: false }} />
        <FunctionField source="system" render={(r) => translate(`kejin.system.${r.system}`)} />
        <CaseStatusField />
        <TextField source="openedBy" />
      </ResponsiveDatagrid>
    </List>
  );
};
const RoundDetail = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Typography variant="h5">
        {r.year} · {translate(`kejin.system.${r.system}`)}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            {['rank', 'subCenter', 'city', 'total', 'grade', 'subsidy'].map((h) => (
              <TableCell key={h}>{translate(`kejin.roundTable.${h}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {(r.results.length ? r.results : r.participants).map((x: Record<string, any>) => (
            <TableRow key={x.evaluationId ?? x.id}>
              <TableCell>{x.rank ?? '—'}</TableCell>
              <TableCell>{x.name}</TableCell>
              <TableCell>{x.city}</TableCell>
              <TableCell>{x.total ?? '—'}</TableCell>
              <TableCell>
                <GradeChip grade={x.grade} />
                {x.eliminated ? ` ${translate('kejin.roundTable.eliminated')}` : ''}
              </TableCell>
              <TableCell>{x.subsidy ? <Cny value={x.subsidy} /> : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {r.commendations.length > 0 && (
        <Typography>
          {translate('resources.evaluation-rounds.fields.commendations')}: {r.commendations.join('、')}
        </Typography>
      )}
    </Stack>
  );
};
export const RoundShow = () => (
  <Show actions={<HistoryAction />} title={<CaseTitle name={(r) => String(r.year)} />}>
    <CaseLayout>
      <RoundDetail />
    </CaseLayout>
  </Show>
);
