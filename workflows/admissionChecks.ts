import { type AdmissionRules, criteriaScore, type ReviewStep } from '../domain/admissionRules.js';
import { type ApplicationData, type ApplicationView, Checklist } from '../domain/application.js';
import type { ActionField } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import { criteriaFields, ONE_SCORE } from '../domain/stepForms.js';
import type { TaskDecision } from '../domain/tasks.js';
import { failedThresholds } from '../domain/thresholds.js';
import { refuse } from './approvalEngine.js';
import type { CompleteCommand, TaskState } from './approvalUpdates.js';

/** Refuses a decision the step's rules do not allow now (thresholds, checklist, scores, findings). */
export function validateDecision(
  app: ApplicationView,
  rules: AdmissionRules | null,
  task: TaskState,
  { decision: d }: CompleteCommand,
) {
  const step = task.step as ReviewStep;
  if (step === 'provincial_review' && d.decision === 'approve') {
    const failed = failedThresholds(app.thresholdResults);
    if (failed.length > 0)
      throw refuse(
        'validation',
        say(
          'thresholdsNotMet',
          failed.map((f) => `${f.label} ${f.value ?? '—'}${f.unit}（要求 ${f.op} ${f.limit}）`).join('; '),
        ),
        Object.fromEntries(
          failed.map((f) => [`thresholdFigures.${f.key}`, say('thresholdRequires', f.op, f.limit, f.unit)]),
        ),
      );
    const unmet = (Object.keys(Checklist.shape) as (keyof ApplicationData['checklist'])[]).filter(
      (k) => app.checklist[k] !== true,
    );
    if (unmet.length > 0)
      throw refuse(
        'validation',
        say('checklistNotMet'),
        Object.fromEntries(unmet.map((k) => [`checklist.${k}`, say('notMet')])),
      );
  }
  if (step === 'expert_review') {
    if (d.noConflict !== true)
      throw refuse('validation', say('declareNoConflictOfInterest'), {
        noConflict: say('tickNoConflict'),
      });
    const criteria = rules?.expertCriteria;
    const scored =
      criteria && d.payload !== undefined
        ? criteriaScore(criteria, (d.payload as { criteria?: unknown }).criteria)
        : null;
    if (scored && 'problems' in scored) throw refuse('validation', say('scoreEachCriterion'), scored.problems);
    if (!scored && d.score === undefined)
      throw refuse('validation', say('scoreRequired'), {
        score: say('scoreOf0100Is'),
      });
  }
  if (step === 'site_inspection' && !d.findings)
    throw refuse('validation', say('findingsRequired'), { findings: say('required') });
}

/** An expert's score: its criteria summed (the rule set's 评分标准), or the one score given. */
export function expertScore(rules: AdmissionRules | null, d: TaskDecision): number | undefined {
  const criteria = rules?.expertCriteria;
  const scored =
    criteria && d.payload !== undefined
      ? criteriaScore(criteria, (d.payload as { criteria?: unknown }).criteria)
      : null;
  return scored && 'score' in scored ? scored.score : d.score;
}

/** The expert step's score: each criterion of the rule set with its points, or one score. */
export function formFields(rules: AdmissionRules | null, task: TaskState): ActionField[] {
  if (task.step !== 'expert_review') return [];
  return rules?.expertCriteria ? criteriaFields(rules.expertCriteria) : [ONE_SCORE];
}
