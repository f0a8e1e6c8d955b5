import { Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ANNEX_A, ANNEX_A_GROUPS, ANNEX_B_GROUPS } from '../../domain/evaluation';

type Values = Record<string, unknown>;
interface Props { step: string; payload: Values; setPayload: (p: Values) => void; errors: Record<string, string> }

/** The form a step needs besides the decision and opinion, kept in `payload` (checked by the workflow's schema). */
export const StepForm = ({ step, payload, setPayload, errors }: Props) => {
  const translate = useTranslate();
  const set = (path: string[], value: unknown) => {
    const next = structuredClone(payload);
    let node = next as Values;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Values;
    node[path.at(-1)!] = value;
    setPayload(next);
  };
  const get = (path: string[]) => path.reduce<unknown>((node, key) => (node as Values | undefined)?.[key], payload);
  const err = (path: string[]) => errors[['payload', ...path].join('.')];
  const number = (path: string[], label: string) => (
    <TextField key={path.join('.')} type="number" size="small" label={label} value={(get(path) as number | undefined) ?? ''} error={!!err(path)} helperText={err(path)}
      onChange={(e) => set(path, e.target.value === '' ? undefined : Number(e.target.value))} slotProps={{ htmlInput: { name: path.join('.'), min: 0 } }} />
  );
  const text = (path: string[], label: string, rows = 2) => (
    <TextField key={path.join('.')} multiline minRows={rows} label={label} value={(get(path) as string | undefined) ?? ''} error={!!err(path)} helperText={err(path)}
      onChange={(e) => set(path, e.target.value)} slotProps={{ htmlInput: { name: path.join('.') } }} />
  );
  const check = (path: string[], label: string) => (
    <FormControlLabel key={path.join('.')} label={label} control={<Checkbox checked={get(path) === true} onChange={(e) => set(path, e.target.checked)} />} />
  );
  switch (step) {
    case 'self_report':
    case 'correction':
      return (
        <Stack spacing={1}>
          {ANNEX_A_GROUPS.map((g) => (
            <Stack key={g} direction="row" useFlexGap spacing={1} sx={{ flexWrap: 'wrap' }}>
              {ANNEX_A[g].map((i) => number(['figures', i.key], `${i.label}（${i.unit}）`))}
            </Stack>
          ))}
          <Typography variant="subtitle2">{translate('kejin.form.narratives')}</Typography>
          {ANNEX_B_GROUPS.map((g) => text(['narratives', g], translate(`kejin.form.${g}`)))}
        </Stack>
      );
    case 'expert_scoring':
      return <Stack direction="row" spacing={1}>{ANNEX_B_GROUPS.map((g) => number([g], `${translate(`kejin.form.${g}`)} (0–100)`))}</Stack>;
    case 'onsite':
      return (
        <Stack>
          {check(['reportHeard'], translate('kejin.form.reportHeard'))}
          {check(['siteInspected'], translate('kejin.form.siteInspected'))}
          {check(['staffInterviewed'], translate('kejin.form.staffInterviewed'))}
          {text(['findings'], translate('kejin.decision.findings'))}
        </Stack>
      );
    case 'statement':
      return text(['statement'], translate('kejin.form.statement'), 4);
    case 'rectification_plan':
      return (
        <Stack spacing={1}>
          {text(['measures'], translate('kejin.form.measures'), 3)}
          <TextField type="date" label={translate('kejin.form.completeBy')} slotProps={{ inputLabel: { shrink: true } }} value={(get(['completeBy']) as string | undefined) ?? ''} onChange={(e) => set(['completeBy'], e.target.value)} error={!!err(['completeBy'])} helperText={err(['completeBy'])} />
        </Stack>
      );
    default:
      return null;
  }
};
