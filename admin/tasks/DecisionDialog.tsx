import {
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  MenuItem,
  TextField as MuiTextField,
  Radio,
  RadioGroup,
  Stack,
} from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useLocale, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { AvailableAction, Label } from '../../domain/approval';
import { TaskDecision } from '../../domain/tasks';
import { errorText } from '../applications/ApplicationActions';
import type { Checked, KejinDataProvider } from '../dataProvider';
import { fieldErrorsFor } from '../i18n/serverText';
import { LabelButton } from '../LabelButton';
import { useStepLabel } from './CaseTaskBar';
import { CheckedPanel } from './CheckedPanel';
import { StepForm } from './StepForm';

/**
 * How a step words its decisions (presentation only): which decisions a step allows comes from
 * the approval engine (`actions` of GET /api/tasks/:id), never from here.
 */
const WORDING: Record<string, Partial<Record<TaskDecision['decision'], string>>> = {
  municipal_review: { approve: 'recommend', return: 'return', reject: 'reject' },
  provincial_review: {
    approve: 'admit',
    return: 'return',
    reject: 'reject',
    expert_review: 'expert_review',
    site_inspection: 'site_inspection',
  },
  expert_review: { approve: 'score' },
  site_inspection: { approve: 'inspected' },
  self_report: { approve: 'form.submitForm' },
  correction: { approve: 'form.submitForm' },
  written_review: { approve: 'form.pass', return: 'form.returnOnce' },
  expert_scoring: { approve: 'score' },
  onsite: { approve: 'inspected', return: 'return' },
  rectification_plan: { approve: 'form.submitForm' },
  rectification_review: { approve: 'form.pass', return: 'return' },
  statement: { approve: 'form.submitForm' },
  revocation_decision: { approve: 'form.revoke', reject: 'form.keep', return: 'return' },
  payout_approval: { approve: 'form.approvePayout', reject: 'form.rejectPayout', return: 'return' },
  payout_review: { approve: 'form.confirmPayout', reject: 'form.withdrawPayout' },
  bid_scoring: { approve: 'score' },
  award: { approve: 'form.submitForm', return: 'return' },
  milestone_report: { approve: 'form.submitForm' },
  milestone_review: { approve: 'form.pass', return: 'return' },
  acceptance: { approve: 'form.submitForm', return: 'return' },
  objection_check: { approve: 'form.upheld', reject: 'form.dismissed' },
  review_request: { approve: 'form.changed', reject: 'form.dismissed' },
};
/** Steps whose 退回 to the applicant sets its own period (补正 in working days); elsewhere the step's SLA applies. */
const SUPPLEMENT_DAYS = ['municipal_review', 'provincial_review'];
/** The dialog's own choice for 回避 (sent as the engine's `recuse` action, not as a decision). */
const RECUSE = 'recuse';
/** Steps whose expert declares no conflict of interest before scoring. */
const DECLARES_CONFLICT = ['expert_review', 'expert_scoring', 'bid_scoring'];

/**
 * Approve / return / reject with a written opinion; experts score, inspectors record findings.
 * `actions`: what the engine lists for this user on the task (the case page's action bar has them).
 */
export const DecisionDialog = ({ actions, checks }: { actions: AvailableAction[]; checks: Checked | null }) => {
  const task = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  const stepLabel = useStepLabel();
  const [open, setOpen] = useState(false);
  // who has a signature image may sign a decision with it (it goes onto the 审批单)
  const { data: signature } = useQuery({
    queryKey: ['my-signature'],
    queryFn: () => dataProvider.getMySignature(),
    enabled: open,
  });
  const fields = actions.find((a) => a.action === 'complete')?.fields ?? [];
  const options = fields.find((f) => f.name === 'decision')?.options ?? [];
  const returnTargets = fields.find((f) => f.name === 'toStep')?.options ?? [];
  /** The step's own choices the engine offers (what changes when an objection is upheld …). */
  const stepFields = fields.filter(
    (f) => f.name.startsWith('payload.') && (f.kind === 'choice' || f.kind === 'number'),
  );
  /** A step field's value in the payload, by its dotted path (payload.criteria.innovation). */
  const pathOf = (name: string) => name.split('.').slice(1);
  const valueAt = (path: string[]) =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], payload);
  const setAt = (path: string[], value: unknown) => {
    const next = structuredClone(payload);
    let node = next as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
    setPayload(next);
  };
  const wording = (value: string, label: Label) => {
    const word = WORDING[task?.step as string]?.[value as TaskDecision['decision']];
    return word
      ? translate(word.startsWith('form.') ? `kejin.${word}` : `kejin.decision.${word}`)
      : label[locale === 'en' ? 'en' : 'zh'];
  };
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const decision = (form.decision as string | undefined) ?? (options.length === 1 ? options[0]!.value : undefined);
  const toStep = (form.toStep as string | undefined) ?? returnTargets[0]?.value;
  // 回避: where the engine offers it (an expert's step), stepping aside is one of the choices here
  const mayRecuse = actions.some((a) => a.action === 'recuse');
  const recusing = decision === RECUSE;
  const { mutate, isPending } = useMutation({
    mutationFn: (d: TaskDecision) =>
      d.decision === (RECUSE as string)
        ? dataProvider.taskAction(String(task!.id), 'recuse', { comment: d.comment })
        : dataProvider.completeTask(String(task!.id), d),
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
    if (recusing) {
      const comment = String(form.comment ?? '').trim();
      if (!comment) return setErrors({ comment: translate('kejin.decision.recuseReason') });
      setErrors({});
      return mutate({ decision: RECUSE, comment } as unknown as TaskDecision);
    }
    const input = {
      ...form,
      decision,
      ...(decision === 'return' && toStep && { toStep }),
      ...(decision !== 'return' && Object.keys(payload).length > 0 && { payload }),
    };
    const parsed = TaskDecision.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrorsFor(parsed.error, input, locale));
    setErrors({});
    mutate(parsed.data);
  };
  const set = (key: string, value: unknown) => setForm((f) => ({ ...f, [key]: value }));
  if (!task) return null;
  return (
    <>
      <LabelButton
        label={
          WORDING[task.step as string]?.approve === 'form.submitForm' ? 'kejin.action.fill' : 'kejin.action.decide'
        }
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
          {String(task.title).startsWith(stepLabel(task.step)) ? task.title : `${stepLabel(task.step)} · ${task.title}`}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {checks && <CheckedPanel checks={checks} />}
            <RadioGroup value={decision ?? ''} onChange={(e) => set('decision', e.target.value)}>
              {options.map((o) => (
                <FormControlLabel key={o.value} value={o.value} control={<Radio />} label={wording(o.value, o.label)} />
              ))}
              {mayRecuse && (
                <FormControlLabel value={RECUSE} control={<Radio />} label={translate('kejin.decision.recuse')} />
              )}
            </RadioGroup>
            {errors.decision && <FormHelperText error>{errors.decision}</FormHelperText>}
            {decision === 'return' && returnTargets.length > 1 && (
              <MuiTextField
                select
                label={translate('kejin.decision.toStep')}
                value={toStep}
                onChange={(e) => set('toStep', e.target.value)}
              >
                {returnTargets.map((t) => (
                  <MenuItem key={t.value} value={t.value}>
                    {t.label[locale === 'en' ? 'en' : 'zh']}
                  </MenuItem>
                ))}
              </MuiTextField>
            )}
            {decision === 'return' && (!toStep || toStep === 'applicant') && SUPPLEMENT_DAYS.includes(task.step) && (
              <MuiTextField
                type="number"
                label={translate('kejin.decision.supplementDays')}
                value={form.supplementDays ?? ''}
                onChange={(e) => set('supplementDays', e.target.value ? Number(e.target.value) : undefined)}
                error={!!errors.supplementDays}
                helperText={errors.supplementDays}
              />
            )}
            {task.step === 'expert_review' && !stepFields.length && !recusing && (
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
            {DECLARES_CONFLICT.includes(task.step) && !recusing && (
              <FormControlLabel
                control={
                  <Checkbox checked={form.noConflict === true} onChange={(e) => set('noConflict', e.target.checked)} />
                }
                label={translate('kejin.decision.noConflict')}
              />
            )}
            {DECLARES_CONFLICT.includes(task.step) && errors.noConflict && (
              <FormHelperText error>{errors.noConflict}</FormHelperText>
            )}
            {signature && !recusing && (
              <FormControlLabel
                control={
                  <Checkbox
                    checked={form.signed === true}
                    onChange={(e) => set('signed', e.target.checked || undefined)}
                  />
                }
                label={translate('kejin.decision.signed')}
              />
            )}
            {decision !== 'return' && !recusing && (
              <StepForm
                step={task.step}
                caseId={task.caseId}
                payload={payload}
                setPayload={setPayload}
                errors={errors}
              />
            )}
            {stepFields
              .filter((f) => !f.when || f.when === decision)
              .map((f) => {
                const path = pathOf(f.name);
                const label = f.label?.[locale === 'en' ? 'en' : 'zh'];
                const value = valueAt(path);
                return f.kind === 'number' ? (
                  <MuiTextField
                    key={f.name}
                    type="number"
                    name={f.name}
                    label={label}
                    value={value ?? ''}
                    onChange={(e) => setAt(path, e.target.value === '' ? undefined : Number(e.target.value))}
                    error={Boolean(errors[f.name])}
                    helperText={errors[f.name]}
                  />
                ) : (
                  <MuiTextField
                    key={f.name}
                    select
                    name={f.name}
                    label={label}
                    value={(value as string | undefined) ?? ''}
                    onChange={(e) => setAt(path, e.target.value)}
                    error={Boolean(errors[f.name])}
                    helperText={errors[f.name]}
                  >
                    {(f.options ?? []).map((o) => (
                      <MenuItem key={o.value} value={o.value}>
                        {o.label[locale === 'en' ? 'en' : 'zh']}
                      </MenuItem>
                    ))}
                  </MuiTextField>
                );
              })}
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
          <LabelButton label="ra.action.cancel" onClick={() => setOpen(false)} />
          <LabelButton
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
