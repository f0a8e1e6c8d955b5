import { Box, MenuItem, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import { ANNEX_A_INDICATORS } from '../../domain/evaluation';
import { formatNumber } from '../format';

export interface AnnexARow {
  year: number;
  city: string;
  system: string;
  reports: number;
  figures: Record<string, number>;
}

/**
 * Annex A in full: every indicator, by city, for a chosen year and system (or both systems), with
 * the province's total — the figures the sub-centers' self-reports give.
 */
export function AnnexATable({ rows }: { rows: AnnexARow[] }) {
  const translate = useTranslate();
  const locale = useLocale();
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => b - a);
  const [year, setYear] = useState(years[0] ?? 0);
  const [system, setSystem] = useState('all');
  const chosen = rows.filter((r) => r.year === year && (system === 'all' || r.system === system));
  const cities = [...new Set(chosen.map((r) => r.city))];
  const sum = (of: AnnexARow[], key: string) => of.reduce((a, r) => a + (r.figures[key] ?? 0), 0);
  const line = (label: string, of: AnnexARow[], bold = false) => (
    <TableRow key={label}>
      <TableCell component="th" scope="row" sx={{ fontWeight: bold ? 600 : undefined, whiteSpace: 'nowrap' }}>
        {label}
      </TableCell>
      <TableCell align="right">{of.reduce((a, r) => a + r.reports, 0)}</TableCell>
      {ANNEX_A_INDICATORS.map((i) => (
        <TableCell key={i.key} align="right" sx={{ fontWeight: bold ? 600 : undefined }}>
          {formatNumber(sum(of, i.key), locale)}
        </TableCell>
      ))}
    </TableRow>
  );
  return (
    <Box data-testid="annex-a-table">
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', my: 1 }}>
        <Typography variant="subtitle1">{translate('kejin.annexA.table')}</Typography>
        <TextField
          select
          size="small"
          fullWidth={false}
          sx={{ minWidth: 120 }}
          label={translate('kejin.annexA.year')}
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
        >
          {years.map((y) => (
            <MenuItem key={y} value={y}>
              {y}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          fullWidth={false}
          sx={{ minWidth: 160 }}
          label={translate('resources.applications.fields.system')}
          value={system}
          onChange={(e) => setSystem(e.target.value)}
        >
          <MenuItem value="all">{translate('kejin.annexA.allSystems')}</MenuItem>
          <MenuItem value="tech_service">{translate('kejin.system.tech_service')}</MenuItem>
          <MenuItem value="financial">{translate('kejin.system.financial')}</MenuItem>
        </TextField>
      </Box>
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('kejin.roundTable.city')}</TableCell>
              <TableCell align="right" sx={{ minWidth: 72 }}>
                {translate('kejin.annexA.reports')}
              </TableCell>
              {ANNEX_A_INDICATORS.map((i) => (
                <TableCell key={i.key} align="right" sx={{ minWidth: 96 }}>
                  {translate(`kejin.indicator.${i.key}`, { _: i.label })}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {cities.map((city) =>
              line(
                city,
                chosen.filter((r) => r.city === city),
              ),
            )}
            {line(translate('kejin.annexA.total'), chosen, true)}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
