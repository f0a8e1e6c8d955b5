import { z } from 'zod';
import { ProcessSteps, step } from './approval.js';
import { say } from './messages.js';
import { NoticePeriod } from './notice.js';
import { Role } from './roles.js';
import { ThresholdRule } from './thresholds.js';

export const ReviewStep = z.enum(['municipal_review', 'provincial_review', 'expert_review', 'site_inspection']);
export type ReviewStep = z.infer<typeof ReviewStep>;

/** How long a step may take and who is called in when it overruns. */
export const StepSla = z.object({
  workingDays: z.number().int().min(1).max(60),
  /** After the due date a reminder is recorded; this many working days later the supervisor role joins the task. */
  escalateAfterWorkingDays: z.number().int().min(0).max(60),
  supervisorRole: Role,
});
export type StepSla = z.infer<typeof StepSla>;

/**
 * The admission rule set (《工作细则》 values). Versioned in `rule_sets`; the version an
 * application was checked against is recorded with it.
 */
export const AdmissionRules = z
  .object({
    thresholds: z.record(z.string(), z.array(ThresholdRule)),
    /** Before the approval engine: the SLA of each step (still read when `steps` is absent). */
    sla: z.record(ReviewStep, StepSla).optional(),
    /** Each review step's configuration (mode, reviewers, SLA, whenNobody). */
    steps: z.partialRecord(ReviewStep, ProcessSteps.valueType).optional(),
    supplementWorkingDays: z.number().int().min(1).max(60),
    /** 公示 of each admission (default 5 working days). */
    noticePeriod: NoticePeriod.optional(),
    /**
     * The applicant may read the expert panel's mean score once the panel has decided (never an
     * expert's name, score or comment). Not shown unless set.
     */
    expertMeanToApplicant: z.boolean().optional(),
    /**
     * 评分标准: what an expert scores, each criterion up to its points; the score is their sum
     * (without criteria, one score of 0–100).
     */
    expertCriteria: z
      .array(
        z.object({
          key: z.string().regex(/^[a-z][a-z_]{1,30}$/),
          label: z.string().trim().min(1).max(40),
          max: z.number().int().min(1).max(100),
        }),
      )
      .min(1)
      .max(10)
      .refine((c) => c.reduce((sum, x) => sum + x.max, 0) === 100, {
        message: say('pointsMustAddUpTo'),
      })
      .refine((c) => new Set(c.map((x) => x.key)).size === c.length, {
        message: say('eachCriterionOnce'),
      })
      .optional(),
  })
  .refine((r) => r.sla || r.steps, { message: say('stepsAreRequired'), path: ['steps'] });
export type AdmissionRules = z.infer<typeof AdmissionRules>;

/**
 * Defaults chosen for the demo; the seeds leave the numbers to the 《工作细则》, so the Provincial
 * Center sets them as a new rule-set version.
 */
export const DEFAULT_ADMISSION_RULES: AdmissionRules = {
  thresholds: {
    bank: [
      { indicator: 'techLoansIssued', op: '>=', value: 100_000 },
      { indicator: 'nplRatio', op: '<=', value: 3 },
      { indicator: 'techCreditProducts', op: '>=', value: 3 },
    ],
    venture_capital: [
      { indicator: 'aum', op: '>=', value: 100_000 },
      { indicator: 'techInvestmentShare', op: '>=', value: 60 },
    ],
    insurance: [
      { indicator: 'techSumInsured', op: '>=', value: 500_000 },
      { indicator: 'exclusiveProducts', op: '>=', value: 2 },
      { indicator: 'techPremiumIncome', op: '>=', value: 1_000 },
    ],
    guarantee: [
      { indicator: 'techGuaranteeShare', op: '>=', value: 50 },
      { indicator: 'riskSharingRatio', op: '>=', value: 20 },
      { indicator: 'techGuaranteeFeeIncome', op: '>=', value: 500 },
    ],
  },
  steps: {
    municipal_review: step('municipal_reviewer', 10, {
      cityScoped: true,
      escalateAfterWorkingDays: 3,
      supervisorRole: 'provincial_reviewer',
    }),
    provincial_review: step('provincial_reviewer', 15, { escalateAfterWorkingDays: 5, supervisorRole: 'admin' }),
    expert_review: step('expert', 10, { escalateAfterWorkingDays: 3, supervisorRole: 'provincial_reviewer' }),
    site_inspection: step('provincial_reviewer', 20, { escalateAfterWorkingDays: 5, supervisorRole: 'admin' }),
  },
  supplementWorkingDays: 10,
  expertCriteria: [
    { key: 'innovation', label: '创新性与区域特色', max: 30 },
    { key: 'capability', label: '服务能力与团队', max: 40 },
    { key: 'impact', label: '服务成效与带动作用', max: 30 },
  ],
};

/** An expert's score from their criteria (each within its points), or the problems by field. */
export function criteriaScore(
  criteria: NonNullable<AdmissionRules['expertCriteria']>,
  given: unknown,
): { score: number } | { problems: Record<string, string> } {
  const values = (given ?? {}) as Record<string, unknown>;
  const problems: Record<string, string> = {};
  let score = 0;
  for (const c of criteria) {
    const v = values[c.key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > c.max)
      problems[`payload.criteria.${c.key}`] = say('criterionScoreRange', c.max);
    else score += v;
  }
  return Object.keys(problems).length ? { problems } : { score: Math.round(score * 10) / 10 };
}

const STEP_ROLE = {
  municipal_review: 'municipal_reviewer',
  provincial_review: 'provincial_reviewer',
  expert_review: 'expert',
  site_inspection: 'provincial_reviewer',
} as const;

/** The configuration of every admission step: the rule set's `steps`, else today's single steps from its `sla`. */
export function admissionSteps(rules: AdmissionRules): Record<ReviewStep, ProcessSteps[string]> {
  return Object.fromEntries(
    ReviewStep.options.map((name) => {
      const configured = rules.steps?.[name];
      if (configured) return [name, configured];
      const sla = rules.sla?.[name] ?? {
        workingDays: 10,
        escalateAfterWorkingDays: 3,
        supervisorRole: 'admin' as const,
      };
      return [
        name,
        step(STEP_ROLE[name], sla.workingDays, {
          cityScoped: name === 'municipal_review',
          escalateAfterWorkingDays: sla.escalateAfterWorkingDays,
          supervisorRole: sla.supervisorRole,
        }),
      ];
    }),
  ) as Record<ReviewStep, ProcessSteps[string]>;
}
