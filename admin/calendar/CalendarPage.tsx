import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useDataProvider, useLocale, useNotify, usePermissions, useTranslate } from 'react-admin';
import { FESTIVALS, type Festival } from '../../domain/workdays';
import { errorText } from '../applications/ApplicationActions';
import type { KejinDataProvider } from '../dataProvider';
import { formatDate, formatDateTime } from '../format';
import { LabelButton } from '../LabelButton';
import { hasRole } from '../session';
import { CalendarDueAlert } from './CalendarDueAlert';
import { type CalendarYear, useCalendarDue, useCalendarYears } from './useCalendar';

const DAY_MS = 86_400_000;
/** Every day from..to, both included (YYYY-MM-DD). */
const daysOf = (from: string, to: string) => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

/** The calendar page (administrators enter; auditors and provincial reviewers read the versions). */
export const CalendarPage = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const { data } = useCalendarYears();
  const due = useCalendarDue();
  const [editing, setEditing] = useState<CalendarYear | null>(null);
  return (
    <Stack spacing={2} sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title="kejin.calendar.title" />
      <Typography variant="body2">{translate('kejin.calendar.intro')}</Typography>
      {hasRole(permissions, 'admin') && due !== null && <CalendarDueAlert year={due} />}
      {(data ?? [])
        .slice()
        .reverse()
        .map((y) => (
          <YearCard key={y.year} year={y} onEdit={hasRole(permissions, 'admin') ? () => setEditing(y) : undefined} />
        ))}
      {editing && <YearDialog year={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
};

function Periods({ year }: { year: CalendarYear }) {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <Table size="small" aria-label={translate('kejin.calendar.holidays')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('kejin.calendar.festival')}</TableCell>
          <TableCell>{translate('kejin.calendar.daysOff')}</TableCell>
          <TableCell align="right">{translate('kejin.calendar.dayCount')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {year.periods.map((p) => (
          <TableRow key={p.from}>
            <TableCell>{translate(`kejin.calendar.festivals.${p.festival ?? 'other'}`)}</TableCell>
            <TableCell>
              {p.from === p.to
                ? formatDate(`${p.from}T04:00:00Z`, locale)
                : `${formatDate(`${p.from}T04:00:00Z`, locale)} – ${formatDate(`${p.to}T04:00:00Z`, locale)}`}
            </TableCell>
            <TableCell align="right">{p.days}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function YearCard({ year, onEdit }: { year: CalendarYear; onEdit?: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions } = usePermissions();
  const [showVersions, setShowVersions] = useState(false);
  const official = year.status === 'official';
  return (
    <Card data-year={year.year} data-status={year.status}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
          <Typography variant="h6" component="h2">
            {translate('kejin.calendar.year', { year: year.year })}
          </Typography>
          <Chip
            size="small"
            color={official ? 'success' : 'warning'}
            label={
              official
                ? translate('kejin.calendar.official', { version: year.version })
                : translate('kejin.calendar.provisional')
            }
          />
          <Box sx={{ flexGrow: 1 }} />
          {onEdit && (
            <LabelButton
              label={official ? 'kejin.calendar.correct' : 'kejin.calendar.enter'}
              variant={official ? 'text' : 'contained'}
              onClick={onEdit}
            />
          )}
          {official && hasRole(permissions, 'admin', 'auditor', 'provincial_reviewer') && (
            <LabelButton label="kejin.calendar.versions" onClick={() => setShowVersions((v) => !v)} />
          )}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {official
            ? `${year.source} · ${year.createdByName ?? translate('kejin.rule.seeded')} · ${formatDateTime(year.createdAt, locale)}`
            : translate('kejin.calendar.provisionalHint')}
        </Typography>
        <Periods year={year} />
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('kejin.calendar.adjusted')}：
          {year.adjustedWorkdays.length
            ? year.adjustedWorkdays.map((d) => formatDate(`${d}T04:00:00Z`, locale)).join('、')
            : translate('kejin.calendar.none')}
        </Typography>
        {showVersions && <Versions year={year.year} />}
      </CardContent>
    </Card>
  );
}

/** Every version of a year: who entered it, when, why and from which notice. */
function Versions({ year }: { year: number }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { data } = useQuery({
    queryKey: ['calendar-versions', year],
    queryFn: () => dataProvider.getCalendarVersions(year).then((r) => r.data as CalendarYear[]),
  });
  return (
    <Box sx={{ mt: 2 }} data-testid="calendar-versions">
      <Typography variant="subtitle2" component="h3">
        {translate('kejin.calendar.versions')}
      </Typography>
      {(data ?? []).map((v) => (
        <Typography key={v.version} variant="body2">
          {translate('kejin.rule.version', { version: v.version })} · {formatDateTime(v.createdAt, locale)} ·{' '}
          {v.createdByName ?? translate('kejin.rule.seeded')} · {v.reason} · {v.source} ·{' '}
          {translate('kejin.calendar.counts', { holidays: v.holidays.length, adjusted: v.adjustedWorkdays.length })}
        </Typography>
      ))}
    </Box>
  );
}

type Range = { festival: Festival | null; from: string; to: string };

/**
 * Enters a year from the State Council's notice: each festival's days off as a range, the 调休
 * working weekends, the notice and the reason. The server checks it against the statutory days.
 */
function YearDialog({ year, onClose }: { year: CalendarYear; onClose(): void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const [ranges, setRanges] = useState<Range[]>(() =>
    [
      ...FESTIVALS.map((f) => year.periods.find((p) => p.festival === f) ?? { festival: f, from: '', to: '' }),
      ...year.periods.filter((p) => p.festival === null),
    ].map(({ festival, from, to }) => ({ festival, from, to })),
  );
  const [adjusted, setAdjusted] = useState<string[]>(year.adjustedWorkdays);
  const [source, setSource] = useState(year.status === 'official' ? (year.source ?? '') : '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  /** A changed start carries the end along when the end would come before it. */
  const setRange = (i: number, patch: Partial<Range>) =>
    setRanges((rs) =>
      rs.map((r, j) => {
        if (j !== i) return r;
        const next = { ...r, ...patch };
        return patch.from && (!next.to || next.to < patch.from) ? { ...next, to: patch.from } : next;
      }),
    );
  const save = async () => {
    const holidays = ranges.filter((r) => r.from).flatMap((r) => daysOf(r.from, r.to || r.from));
    setSaving(true);
    try {
      await dataProvider.putCalendarYear(year.year, {
        holidays,
        adjustedWorkdays: adjusted.filter(Boolean),
        source,
        reason,
      });
      await queryClient.invalidateQueries({ queryKey: ['calendar'] });
      await queryClient.invalidateQueries({ queryKey: ['calendar-versions', year.year] });
      notify('kejin.calendar.saved', { type: 'success', messageArgs: { year: year.year } });
      onClose();
    } catch (e: any) {
      const fields = (e?.body?.errors ?? {}) as Record<string, string>;
      setErrors(fields);
      // the dialog shows a field's reason beside it; anything else is said in the snackbar
      if (!Object.keys(fields).length) notify(errorText(e), { type: 'error', multiLine: true });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="calendar-dialog-title">
      <DialogTitle id="calendar-dialog-title">
        {translate('kejin.calendar.enterTitle', { year: year.year })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {(errors.year || errors.holidays) && <Alert severity="error">{errors.year ?? errors.holidays}</Alert>}
          {ranges.map((r, i) => (
            <Stack key={`${r.festival}-${i}`} direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <Typography variant="body2" sx={{ minWidth: 72, pt: { sm: 2 } }}>
                {translate(`kejin.calendar.festivals.${r.festival ?? 'other'}`)}
              </Typography>
              <TextField
                type="date"
                size="small"
                label={translate('kejin.calendar.from')}
                name={`${r.festival ?? 'other'}-from`}
                value={r.from}
                onChange={(e) => setRange(i, { from: e.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <TextField
                type="date"
                size="small"
                label={translate('kejin.calendar.to')}
                name={`${r.festival ?? 'other'}-to`}
                value={r.to}
                onChange={(e) => setRange(i, { to: e.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
              />
            </Stack>
          ))}
          <Typography variant="subtitle2" component="h3">
            {translate('kejin.calendar.adjusted')}
          </Typography>
          {errors.adjustedWorkdays && <Alert severity="error">{errors.adjustedWorkdays}</Alert>}
          {adjusted.map((d, i) => (
            <Stack key={i} direction="row" spacing={1}>
              <TextField
                type="date"
                size="small"
                label={translate('kejin.calendar.adjustedDay', { n: i + 1 })}
                value={d}
                onChange={(e) => setAdjusted((a) => a.map((x, j) => (j === i ? e.target.value : x)))}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <LabelButton
                label={translate('kejin.calendar.removeDay')}
                onClick={() => setAdjusted((a) => a.filter((_, j) => j !== i))}
              />
            </Stack>
          ))}
          <Box>
            <LabelButton label="kejin.calendar.addDay" onClick={() => setAdjusted((a) => [...a, ''])} />
          </Box>
          <TextField
            name="source"
            label={translate('kejin.calendar.source')}
            helperText={errors.source ?? translate('kejin.calendar.sourceHint')}
            error={Boolean(errors.source)}
            required
            value={source}
            onChange={(e) => setSource(e.target.value)}
          />
          <TextField
            name="reason"
            label={translate('kejin.rule.comment')}
            helperText={errors.reason}
            error={Boolean(errors.reason)}
            required
            multiline
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <LabelButton label="ra.action.cancel" onClick={onClose} />
        <LabelButton label="kejin.calendar.save" variant="contained" onClick={save} disabled={saving} />
      </DialogActions>
    </Dialog>
  );
}
