import {
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { GUANGDONG_CITIES } from '../../domain/cities';
import { shanghaiDate } from '../../domain/workdays';
import type { KejinDataProvider, OfficeFigures } from '../dataProvider';
import { dateTime, downloadXlsx, number, shown, text, words, type XlsxColumn } from '../xlsx';

const PROCESSES = ['admission', 'evaluation_round', 'evaluation', 'revocation', 'payout', 'competition'];
const HEADERS = 'kejin.statistics.columns';
const thisYear = () => Number(shanghaiDate(new Date()).slice(0, 4));
const process = words('caseType', 'kejin.caseType');
const step = words('step', 'kejin.step|kejin.stepName');
const percent = (source: string) => text(source, (r) => `${Math.round(Number(r[source]) * 1000) / 10}%`);

type Row = Record<string, unknown> & { id: string };
/** A figure's section: its chart, its table and its .xlsx, all three from the same rows. */
interface Section {
  key: keyof Omit<OfficeFigures, 'year'>;
  columns: XlsxColumn[];
  /** The chart: the column naming each bar group, and the figures drawn. */
  label: XlsxColumn;
  bars: string[];
}

const SECTIONS: Section[] = [
  {
    key: 'stepTimes',
    columns: [process, step, number('tasks'), number('medianDays'), number('p90Days')],
    label: step,
    bars: ['medianDays', 'p90Days'],
  },
  {
    key: 'overdueBySteps',
    columns: [process, step, number('tasks'), number('overdue'), percent('rate')],
    label: step,
    bars: ['tasks', 'overdue'],
  },
  {
    key: 'overdueByReviewers',
    columns: [text('reviewer'), number('tasks'), number('overdue'), percent('rate')],
    label: text('reviewer'),
    bars: ['tasks', 'overdue'],
  },
  {
    key: 'casesByState',
    columns: [process, words('status', 'kejin.status|kejin.caseStatus'), number('cases')],
    label: words('status', 'kejin.status|kejin.caseStatus'),
    bars: ['cases'],
  },
  {
    key: 'objectionsByNotice',
    columns: [
      text('title'),
      words('kind', 'kejin.public.kinds'),
      dateTime('startsAt'),
      number('objections'),
      number('upheld'),
      number('dismissed'),
      number('pending'),
    ],
    label: text('title'),
    bars: ['upheld', 'dismissed', 'pending'],
  },
];
const COLOURS = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a'];

/**
 * 办理统计: how the office is doing in a year — time per step, overdue rates by step and reviewer,
 * cases by state, objections per notice — narrowed to a process and a city. Each figure is a chart
 * beside its table, and exports the same rows to Excel.
 */
export const OfficeStatistics = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const [filter, setFilter] = useState({ year: thisYear(), caseType: '', city: '' });
  const { data } = useQuery({
    queryKey: ['office-figures', filter],
    queryFn: () => dataProvider.getOfficeFigures(filter),
  });
  const select = (key: 'caseType' | 'city', choices: { id: string; name: string }[]) => (
    <TextField
      select
      size="small"
      label={translate(`kejin.statistics.${key}`)}
      value={filter[key]}
      onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value }))}
      fullWidth={false}
      sx={{ width: 160 }}
    >
      <MenuItem value="">{translate('kejin.statistics.all')}</MenuItem>
      {choices.map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Box sx={{ minWidth: 0, py: 1 }} data-testid="office-statistics">
      <Title title="kejin.statistics.title" />
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
        <TextField
          select
          size="small"
          label={translate('kejin.statistics.year')}
          value={filter.year}
          fullWidth={false}
          sx={{ width: 120 }}
          onChange={(e) => setFilter((f) => ({ ...f, year: Number(e.target.value) }))}
        >
          {[0, 1, 2, 3].map((back) => (
            <MenuItem key={back} value={thisYear() - back}>
              {thisYear() - back}
            </MenuItem>
          ))}
        </TextField>
        {select(
          'caseType',
          PROCESSES.map((id) => ({ id, name: translate(`kejin.caseType.${id}`) })),
        )}
        {select(
          'city',
          GUANGDONG_CITIES.map((c) => ({ id: c, name: c })),
        )}
      </Stack>
      <Stack spacing={2}>
        {data &&
          SECTIONS.map((s) => (
            <FigureSection
              key={s.key}
              section={s}
              rows={data[s.key].map((r, i) => ({ ...r, id: String(i) }))}
              year={data.year}
            />
          ))}
      </Stack>
    </Box>
  );
};

function FigureSection({ section, rows, year }: { section: Section; rows: Row[]; year: number }) {
  const translate = useTranslate();
  const title = translate(`kejin.statistics.sections.${section.key}`);
  const header = (c: XlsxColumn) => translate(`${HEADERS}.${c.source}`);
  const chart = rows.map((r) => ({
    name: shown(section.label, r),
    ...Object.fromEntries(section.bars.map((b) => [translate(`${HEADERS}.${b}`), Number(r[b] ?? 0)])),
  }));
  return (
    <Card data-section={section.key}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          <Button
            size="small"
            sx={{ textTransform: 'none' }}
            disabled={rows.length === 0}
            onClick={() => downloadXlsx(`${title} ${year}`, HEADERS, section.columns, rows)}
          >
            {translate('kejin.statistics.export')}
          </Button>
        </Stack>
        {rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('kejin.statistics.empty')}
          </Typography>
        ) : (
          <>
            <Box sx={{ height: 240 }} data-chart={section.key}>
              <ResponsiveContainer>
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
                  <YAxis allowDecimals={section.key === 'stepTimes'} />
                  <Tooltip />
                  <Legend />
                  {section.bars.map((b, i) => (
                    <Bar
                      key={b}
                      dataKey={translate(`${HEADERS}.${b}`)}
                      fill={COLOURS[i % COLOURS.length]}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </Box>
            <TableContainer sx={{ maxWidth: '100%', overflowX: 'auto' }}>
              <Table size="small" aria-label={title}>
                <TableHead>
                  <TableRow>
                    {section.columns.map((c) => (
                      <TableCell key={c.source}>{header(c)}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.id}>
                      {section.columns.map((c) => (
                        <TableCell key={c.source} data-column={c.source}>
                          {shown(c, r)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </>
        )}
      </CardContent>
    </Card>
  );
}
