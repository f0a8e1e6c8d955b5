import { Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useGetOne, useTranslate } from 'react-admin';
import { ANNEX_A, ANNEX_A_GROUPS, ANNEX_B_GROUPS } from '../../domain/evaluation';

type Values = Record<string, unknown>;
interface Props {
  step: string;
  caseId: string;
  payload: Values;
  setPayload: (p: Values) => void;
  errors: Record<string, string>;
}

/** The form a step needs besides the decision and opinion, kept in `payload` (checked by the workflow's schema). */
export const StepForm = ({ step, caseId, payload, setPayload, errors }: Props) => {
  const translate = useTranslate();
  const set = (path: string[], value: unknown) => {
    const next = structuredClone(payload);
    let node = next as Values;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Values;
    }
    node[path.at(-1)!] = value;
    setPayload(next);
  };
  const get = (path: string[]) => path.reduce<unknown>((node, key) => (node as Values | undefined)?.[key], payload);
  const err = (path: string[]) => errors[['payload', ...path].join('.')];
  const number = (path: string[], label: string) => (
    <TextField
      key={path.join('.')}
      type="number"
      size="small"
      label={label}
      value={(get(path) as number | undefined) ?? ''}
      error={!!err(path)}
      helperText={err(path)}
      onChange={(e) => set(path, e.target.value === '' ? undefined : Number(e.target.value))}
      slotProps={{ htmlInput: { name: path.join('.'), min: 0 } }}
    />
  );
  const text = (path: string[], label: string, rows = 2) => (
    <TextField
      key={path.join('.')}
      multiline
      minRows={rows}
      label={label}
      value={(get(path) as string | undefined) ?? ''}
      error={!!err(path)}
      helperText={err(path)}
      onChange={(e) => set(path, e.target.value)}
      slotProps={{ htmlInput: { name: path.join('.') } }}
    />
  );
  const check = (path: string[], label: string) => (
    <FormControlLabel
      key={path.join('.')}
      label={label}
      control={<Checkbox checked={get(path) === true} onChange={(e) => set(path, e.target.checked)} />}
    />
  );
  switch (step) {
    case 'self_report':
    case 'correction':
      return (
        <Stack spacing={1}>
          {ANNEX_A_GROUPS.map((g) => (
            <Stack key={g} direction="row" useFlexGap spacing={1} sx={{ flexWrap: 'wrap' }}>
              {ANNEX_A[g].map((i) => number(['figures', i.key], translate(`kejin.indicator.${i.key}`, { _: i.label })))}
            </Stack>
          ))}
          <Typography variant="subtitle2">{translate('kejin.form.narratives')}</Typography>
          {ANNEX_B_GROUPS.map((g) => text(['narratives', g], translate(`kejin.form.${g}`)))}
        </Stack>
      );
    case 'expert_scoring':
      return (
        <Stack direction="row" spacing={1}>
          {ANNEX_B_GROUPS.map((g) => number([g], `${translate(`kejin.form.${g}`)} (0–100)`))}
        </Stack>
      );
    case 'onsite':
      return (
        <Stack>
          {check(['reportHeard'], translate('kejin.form.reportHeard'))}
          {check(['siteInspected'], translate('kejin.form.siteInspected'))}
          {check(['staffInterviewed'], translate('kejin.form.staffInterviewed'))}
          {text(['findings'], translate('kejin.decision.findings'))}
        </Stack>
      );
    case 'bid_scoring':
      return (
        <Stack direction="row" spacing={1}>
          {[
            ['feasibility', 'feasibility'],
            ['capability', 'bidCapability'],
            ['value', 'value'],
          ].map(([field, label]) => number([field!], `${translate(`kejin.form.${label}`)} (0–100)`))}
        </Stack>
      );
    case 'milestone_report':
      return (
        <Stack spacing={1}>
          {text(['progress'], translate('kejin.form.progress'), 3)}
          {text(['deliverables'], translate('kejin.form.deliverablesDone'))}
        </Stack>
      );
    case 'acceptance':
      return (
        <TextField
          select
          label={translate('kejin.form.result')}
          value={(get(['result']) as string | undefined) ?? ''}
          onChange={(e) => set(['result'], e.target.value)}
          error={!!err(['result'])}
          helperText={err(['result'])}
        >
          {['passed', 'passed_with_conditions', 'failed'].map((r) => (
            <MenuItem key={r} value={r}>
              {translate(`kejin.form.${r}`)}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'award':
      return <AwardForm caseId={caseId} payload={payload} set={set} text={text} err={err} />;
    case 'statement':
      return text(['statement'], translate('kejin.form.statement'), 4);
    case 'rectification_plan':
      return (
        <Stack spacing={1}>
          {text(['measures'], translate('kejin.form.measures'), 3)}
          <TextField
            type="date"
            label={translate('kejin.form.completeBy')}
            slotProps={{ inputLabel: { shrink: true } }}
            value={(get(['completeBy']) as string | undefined) ?? ''}
            onChange={(e) => set(['completeBy'], e.target.value)}
            error={!!err(['completeBy'])}
            helperText={err(['completeBy'])}
          />
        </Stack>
      );
    default:
      return null;
  }
};

/** The award: pick up to the task's number of winners among the ranked bids, with reasons. */
const AwardForm = ({
  caseId,
  payload,
  set,
  text,
  err,
}: {
  caseId: string;
  payload: Values;
  set: (path: string[], v: unknown) => void;
  text: (path: string[], label: string, rows?: number) => ReactNode;
  err: (path: string[]) => string | undefined;
}) => {
  const translate = useTranslate();
  const { data } = useGetOne('competition-tasks', { id: caseId });
  const winners = (payload.winners as string[] | undefined) ?? [];
  const toggle = (id: string, on: boolean) => set(['winners'], on ? [...winners, id] : winners.filter((w) => w !== id));
  const ranked = [
    ...((data?.bids as { id: string; subCenter: string; score: number; requestedAmount: number }[]) ?? []),
  ].sort((a, b) => b.score - a.score);
  return (
    <Stack>
      <Typography variant="subtitle2">
        {translate('kejin.form.winners')}（≤ {data?.winners}）
      </Typography>
      {ranked.map((b) => (
        <FormControlLabel
          key={b.id}
          label={`${b.subCenter} · ${b.score} · ¥${b.requestedAmount.toLocaleString('zh-CN')}`}
          control={<Checkbox checked={winners.includes(b.id)} onChange={(e) => toggle(b.id, e.target.checked)} />}
        />
      ))}
      {err(['winners']) && (
        <Typography color="error" variant="caption">
          {err(['winners'])}
        </Typography>
      )}
      {text(['reasons'], translate('kejin.form.reasons'))}
    </Stack>
  );
};
