import {
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  TextField as MuiTextField,
  Radio,
  RadioGroup,
  Stack,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { TaskDecision } from '../../domain/tasks';
import { errorText } from '../applications/ApplicationActions';
import type { KejinDataProvider } from '../dataProvider';
import { StepForm } from './StepForm';

/** The decisions each step allows, as the workflow enforces them. */
const OPTIONS: Record<string, { value: TaskDecision['decision']; label: string }[]> = {
  municipal_review: [
    { value: 'approve', label: 'recommend' },
    { value: 'return', label: 'return' },
    { value: 'reject', label: 'reject' },
  ],
  provincial_review: [
    { value: 'approve', label: 'admit' },
    { value: 'return', label: 'return' },
    { value: 'reject', label: 'reject' },
    { value: 'expert_review', label: 'expert_review' },
    { value: 'site_inspection', label: 'site_inspection' },
  ],
  expert_review: [{ value: 'approve', label: 'score' }],
  site_inspection: [{ value: 'approve', label: 'inspected' }],
  self_report: [{ value: 'approve', label: 'form.submitForm' }],
  correction: [{ value: 'approve', label: 'form.submitForm' }],
  written_review: [
    { value: 'approve', label: 'form.pass' },
    { value: 'return', label: 'form.returnOnce' },
  ],
  expert_scoring: [{ value: 'approve', label: 'score' }],
  onsite: [{ value: 'approve', label: 'inspected' }],
  rectification_plan: [{ value: 'approve', label: 'form.submitForm' }],
  rectification_review: [
    { value: 'approve', label: 'form.pass' },
    { value: 'return', label: 'return' },
  ],
  statement: [{ value: 'approve', label: 'form.submitForm' }],
  revocation_decision: [
    { value: 'approve', label: 'form.revoke' },
    { value: 'reject', label: 'form.keep' },
  ],
  payout_approval: [
    { value: 'approve', label: 'form.approvePayout' },
    { value: 'reject', label: 'form.rejectPayout' },
  ],
  bid_scoring: [{ value: 'approve', label: 'score' }],
  award: [{ value: 'approve', label: 'form.submitForm' }],
  milestone_report: [{ value: 'approve', label: 'form.submitForm' }],
  milestone_review: [
    { value: 'approve', label: 'form.pass' },
    { value: 'return', label: 'return' },
  ],
  acceptance: [{ value: 'approve', label: 'form.submitForm' }],
};
/** Steps whose expert declares no conflict of interest before scoring. */
const DECLARES_CONFLICT = ['expert_review', 'expert_scoring', 'bid_scoring'];

/** Approve / return / reject with a written opinion; experts score, inspectors record findings. */
export const DecisionDialog = () => {
  const task = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const options = OPTIONS[task?.step as string] ?? [];
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const decision = (form.decision as string) ?? options[0]?.value;
  const { mutate, isPending } = useMutation({
    mutationFn: (d: TaskDecision) => dataProvider.completeTask(String(task!.id), d),
    onSuccess: () => {
      setOpen(false);
      notify('kejin.decision.done', { type: 'success' });
      refresh();
    },
    onError: (e: any) => {
      setErrors(e?.body?.errors ?? {});
      notify(errorText(e), { type: 'error', multiLine: true });
    },
  });
  const submit = () => {
    const parsed = TaskDecision.safeParse({ ...form, decision, ...(Object.keys(payload).length > 0 && { payload }) });
    if (!parsed.success)
      return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
    setErrors({});
    mutate(parsed.data);
  };
  const set = (key: string, value: unknown) => setForm((f) => ({ ...f, [key]: value }));
  if (!task) return null;
  return (
    <>
      <Button
        label="kejin.action.decide"
        variant="contained"
        onClick={() => {
          setForm({});
          setPayload({});
          setErrors({});
          setOpen(true);
        }}
      />
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth={task.step === 'self_report' || task.step === 'correction' ? 'lg' : 'sm'}
      >
        <DialogTitle>
          {translate('kejin.decision.title')} · {task.title}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <RadioGroup value={decision} onChange={(e) => set('decision', e.target.value)}>
              {options.map((o) => (
                <FormControlLabel
                  key={o.value}
                  value={o.value}
                  control={<Radio />}
                  label={translate(o.label.startsWith('form.') ? `kejin.${o.label}` : `kejin.decision.${o.label}`)}
                />
              ))}
            </RadioGroup>
            {decision === 'return' && (
              <MuiTextField
                type="number"
                label={translate('kejin.decision.supplementDays')}
                value={form.supplementDays ?? ''}
                onChange={(e) => set('supplementDays', e.target.value ? Number(e.target.value) : undefined)}
                error={!!errors.supplementDays}
                helperText={errors.supplementDays}
              />
            )}
            {task.step === 'expert_review' && (
              <MuiTextField
                type="number"
                name="score"
                label={translate('kejin.decision.scoreField')}
                value={form.score ?? ''}
                onChange={(e) => set('score', e.target.value ? Number(e.target.value) : undefined)}
                error={!!errors.score}
                helperText={errors.score}
              />
            )}
            {DECLARES_CONFLICT.includes(task.step) && (
              <FormControlLabel
                control={
                  <Checkbox checked={form.noConflict === true} onChange={(e) => set('noConflict', e.target.checked)} />
                }
                label={translate('kejin.decision.noConflict')}
              />
            )}
            <StepForm step={task.step} caseId={task.caseId} payload={payload} setPayload={setPayload} errors={errors} />
            {task.step === 'site_inspection' && (
              <MuiTextField
                name="findings"
                multiline
                minRows={2}
                label={translate('kejin.decision.findings')}
                value={form.findings ?? ''}
                onChange={(e) => set('findings', e.target.value)}
                error={!!errors.findings}
                helperText={errors.findings}
              />
            )}
            <MuiTextField
              name="comment"
              required
              multiline
              minRows={3}
              label={translate('kejin.decision.comment')}
              value={form.comment ?? ''}
              onChange={(e) => set('comment', e.target.value)}
              error={!!errors.comment}
              helperText={errors.comment}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label="ra.action.confirm"
            variant="contained"
            onClick={submit}
            disabled={isPending}
            name="confirm-decision"
          />
        </DialogActions>
      </Dialog>
    </>
  );
};
