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
import { isEmpty, StepFields, type Values, valueAt, withValue } from './StepFields';

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
  bid_scoring: { approve: 'score', return: 'form.returnBid' },
  bid_revision: { approve: 'form.submitForm' },
  award: { approve: 'form.submitForm', return: 'return' },
  milestone_report: { approve: 'form.submitForm' },
  milestone_review: { approve: 'form.pass', return: 'return' },
  acceptance: { approve: 'form.submitForm', return: 'return' },
  objection_check: { approve: 'form.upheld', reject: 'form.dismissed' },
  review_request: { approve: 'form.changed', reject: 'form.dismissed' },
};
/** The dialog's own choice for 回避 (sent as the engine's `recuse` action, not as a decision). */
const RECUSE = 'recuse';
/** The decision's own fields, drawn by the dialog itself; every other field is the step's form. */
const OWN_FIELDS = ['decision', 'comment', 'toStep'];

/**
 * Approve / return / reject with a written opinion, and the step's form (scores, findings, a
 * report …) as the engine offers it with the decision.
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
  const wording = (value: string, label: Label) => {
    const word = WORDING[task?.step as string]?.[value as TaskDecision['decision']];
    return word
      ? translate(word.startsWith('form.') ? `kejin.${word}` : `kejin.decision.${word}`)
      : label[locale === 'en' ? 'en' : 'zh'];
  };
  const [form, setForm] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decision = (form.decision as string | undefined) ?? (options.length === 1 ? options[0]!.value : undefined);
  const toStep = (form.toStep as string | undefined) ?? returnTargets[0]?.value;
  // 回避: where the engine offers it (an expert's step), stepping aside is one of the choices here
  const mayRecuse = actions.some((a) => a.action === 'recuse');
  const recusing = decision === RECUSE;
  /** The step's form as it stands for the chosen decision (and, for a 退回, the step returned to). */
  const stepFields = recusing
    ? []
    : fields.filter(
        (f) =>
          !OWN_FIELDS.includes(f.name) &&
          (!f.when || f.when === decision) &&
          (!f.toStep || (toStep ?? 'applicant') === f.toStep),
      );
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
    // only what the chosen decision asks is sent: a 退回 carries no report or scores
    const input = stepFields.reduce<Values>(
      (acc, f) => (valueAt(form, f.name) === undefined ? acc : withValue(acc, f.name, valueAt(form, f.name))),
      { decision, comment: form.comment, ...(form.signed === true && { signed: true }) },
    );
    if (decision === 'return' && toStep) input.toStep = toStep;
    // every missing field at once, on its field, before anything is sent
    const missing = Object.fromEntries(
      stepFields
        .filter((f) => f.required && isEmpty(f, valueAt(input, f.name)))
        .map((f) => [f.name, translate('ra.validation.required')]),
    );
    const parsed = TaskDecision.safeParse(input);
    const all = { ...(parsed.success ? {} : fieldErrorsFor(parsed.error, input, locale)), ...missing };
    if (!parsed.success || Object.keys(missing).length) return setErrors(all);
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
          // a field the engine offers with its value (a bid being revised) starts from it
          setForm(
            fields.reduce<Values>((acc, f) => (f.value === undefined ? acc : withValue(acc, f.name, f.value)), {}),
          );
          setErrors({});
          setOpen(true);
        }}
      />
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth={stepFields.length > 8 ? 'lg' : 'sm'}>
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
            {stepFields.length > 0 && (
              <StepFields
                fields={stepFields}
                values={form}
                onChange={(name, value) => setForm((f) => withValue(f, name, value))}
                errors={errors}
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
