import { Stack, Typography } from '@mui/material';
import {
  FunctionField,
  List,
  NumberField,
  Show,
  TextField,
  useLocale,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CaseLayout, CaseTitle } from '../CaseLayout';
import { formatDate } from '../format';
import { inReadersLanguage } from '../i18n/serverText';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { money, number, status, text, words, xlsxExporter } from '../xlsx';
import { CaseStatusField, Cny, HistoryAction, SubCenterWaiting } from './CaseFields';

const REVOCATIONS = xlsxExporter([
  text('subCenter', (r) => r.subCenter.name),
  words('trigger', 'kejin.trigger'),
  text('reason'),
  status(),
]);
const PAYOUTS = xlsxExporter([
  text('subCenter', (r) => r.subCenter.name),
  number('year'),
  money('amount'),
  text('reason'),
  status(),
]);

export const RevocationList = () => {
  const translate = useTranslate();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={REVOCATIONS} actions={<ListActions filters={false} />}>
      <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
        <FunctionField source="subCenter" render={(r) => r.subCenter.name} />
        <FunctionField source="trigger" render={(r) => translate(`kejin.trigger.${r.trigger}`)} />
        <TextField source="reason" />
        <CaseStatusField />
      </ResponsiveDatagrid>
    </List>
  );
};
const RevocationDetail = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  const locale = useLocale();
  if (!r) return null;
  return (
    <Stack spacing={1}>
      <Typography variant="h5">{r.subCenter.name}</Typography>
      <CaseStatusField />
      <SubCenterWaiting ownSteps={['statement']} recall={{ at: 'decision', what: 'statement' }} />
      <Typography>
        {translate('resources.revocations.fields.reason')}: {r.reason}
      </Typography>
      <Typography>
        {translate('resources.revocations.fields.statement')}:{' '}
        {r.statement ? `${r.statement.text}（${r.statement.by}）` : `— (≤ ${formatDate(r.statementDueAt, locale)})`}
      </Typography>
      {r.decision && (
        <Typography>
          {translate('resources.revocations.fields.decision')}: {inReadersLanguage(r.decision.comment, locale)}（
          {r.decision.by}）
        </Typography>
      )}
    </Stack>
  );
};
export const RevocationShow = () => (
  <Show actions={<HistoryAction />} title={<CaseTitle name={(r) => r.subCenter.name} />}>
    <CaseLayout>
      <RevocationDetail />
    </CaseLayout>
  </Show>
);

export const PayoutList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={PAYOUTS} actions={<ListActions filters={false} />}>
    <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
      <FunctionField source="subCenter" render={(r) => r.subCenter.name} />
      <NumberField source="year" options={{ useGrouping: false }} />
      <FunctionField source="amount" render={(r) => <Cny value={r.amount} />} />
      <TextField source="reason" />
      <CaseStatusField />
    </ResponsiveDatagrid>
  </List>
);
const PayoutDetail = () => {
  const r = useRecordContext();
  const locale = useLocale();
  if (!r) return null;
  return (
    <Stack spacing={1}>
      <Typography variant="h5">
        {r.subCenter.name} · <Cny value={r.amount} />
      </Typography>
      <CaseStatusField />
      <SubCenterWaiting />
      <Typography>
        {r.reason}
        {r.decidedBy ? ` · ${r.decidedBy}: ${r.comment}` : ''}
        {r.paidAt ? ` · ${formatDate(r.paidAt, locale)}` : ''}
      </Typography>
    </Stack>
  );
};
export const PayoutShow = () => (
  <Show actions={<HistoryAction />} title={<CaseTitle name={(r) => r.subCenter.name} />}>
    <CaseLayout>
      <PayoutDetail />
    </CaseLayout>
  </Show>
);
