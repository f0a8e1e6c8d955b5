/**
 * Performance evaluation (绩效评价), DOMAIN §4 and standard 003 §7 with Annexes A and B:
 * schemas of what sub-centers report and experts score, and the pure rules that turn them into
 * scores, grades, bottom elimination and post-subsidy amounts.
 */
import { z } from 'zod';
import { ProcessSteps, type StepConfig, step } from './approval.js';
import { NoticePeriod } from './notice.js';
import { calendarDate } from './text.js';

/** Annex A quantitative indicators, with units. */
export const ANNEX_A = {
  techCredit: [
    { key: 'banksOnSite', label: '入驻银行数', unit: '家', en: 'Banks on site' },
    { key: 'matchedLoanAmount', label: '对接贷款金额', unit: '万元', en: 'Matched loans (10k CNY)' },
    { key: 'matchedLoanProjects', label: '对接贷款项目数', unit: '个', en: 'Matched loan projects' },
    { key: 'creditEnterprisesServed', label: '科技信贷服务企业数', unit: '家', en: 'Enterprises served (credit)' },
  ],
  vcFinancing: [
    { key: 'vcInstitutionsOnSite', label: '入驻创投机构数', unit: '家', en: 'VC institutions on site' },
    { key: 'matchedInvestmentAmount', label: '对接投资金额', unit: '万元', en: 'Matched investment (10k CNY)' },
    { key: 'matchedInvestmentProjects', label: '对接投资项目数', unit: '个', en: 'Matched investment projects' },
    { key: 'vcEnterprisesServed', label: '创投融资服务企业数', unit: '家', en: 'Enterprises served (VC)' },
  ],
  listing: [
    { key: 'listedMainBoard', label: '主板上市企业数', unit: '家', en: 'Listed: main board' },
    { key: 'listedChiNextStar', label: '创业板/科创板上市企业数', unit: '家', en: 'Listed: ChiNext / STAR' },
    { key: 'listedNeeq', label: '新三板挂牌企业数', unit: '家', en: 'Listed: NEEQ' },
    { key: 'listedRegionalEquity', label: '区域股权市场挂牌企业数', unit: '家', en: 'Listed: regional equity market' },
    { key: 'coachedNotListed', label: '辅导未上市企业数', unit: '家', en: 'Coached, not yet listed' },
  ],
  other: [
    { key: 'roadshowsHeld', label: '举办路演场次', unit: '场', en: 'Roadshows held' },
    { key: 'roadshowAttendance', label: '路演参与人次', unit: '人次', en: 'Roadshow attendance' },
    { key: 'trainingsHeld', label: '举办培训场次', unit: '场', en: 'Trainings held' },
    { key: 'trainingAttendance', label: '培训参与人次', unit: '人次', en: 'Training attendance' },
  ],
} as const;
export type AnnexAGroup = keyof typeof ANNEX_A;
export const ANNEX_A_GROUPS = Object.keys(ANNEX_A) as AnnexAGroup[];
/** The Annex A groups' names. */
export const ANNEX_A_GROUP_LABELS: Record<AnnexAGroup, { zh: string; en: string }> = {
  techCredit: { zh: '科技信贷', en: 'Tech credit' },
  vcFinancing: { zh: '创投融资', en: 'VC financing' },
  listing: { zh: '上市辅导', en: 'Listing coaching' },
  other: { zh: '其他', en: 'Other' },
};
export const ANNEX_A_INDICATORS: { group: AnnexAGroup; key: string; label: string; unit: string; en: string }[] =
  ANNEX_A_GROUPS.flatMap((group) => ANNEX_A[group].map((i) => ({ group, ...i })));
export const ANNEX_A_KEYS = ANNEX_A_INDICATORS.map((i) => i.key);
export type AnnexAKey = (typeof ANNEX_A)[AnnexAGroup][number]['key'];
/** An indicator's name with its unit, as forms and tables show it (入驻银行数（家）). */
export const indicatorLabel = (i: { label: string; unit: string; en: string }) => ({
  zh: i.label.endsWith(i.unit) ? i.label : `${i.label}（${i.unit}）`,
  en: i.en,
});

/** Annex B qualitative groups, each narrated by the sub-center and scored by experts. */
export const ANNEX_B = {
  operations: '运营管理（功能定位、团队建设、制度建设、配套措施、财务管理）',
  capability: '服务能力（服务模式创新、人才队伍、场地设施）',
  results: '服务成效（缓解中小企业融资难、服务满意度）',
} as const;
export type AnnexBGroup = keyof typeof ANNEX_B;
/** The Annex B groups' short names. */
export const ANNEX_B_LABELS: Record<AnnexBGroup, { zh: string; en: string }> = {
  operations: { zh: '运营管理', en: 'Operations' },
  capability: { zh: '服务能力', en: 'Capability' },
  results: { zh: '服务成效', en: 'Results' },
};
export const ANNEX_B_GROUPS = Object.keys(ANNEX_B) as AnnexBGroup[];

export const AnnexAFigures = z.partialRecord(
  z.enum(ANNEX_A_KEYS as [AnnexAKey, ...AnnexAKey[]]),
  z.number().finite().nonnegative(),
);
/** 自评报告 */
export const SelfReport = z.object({
  figures: AnnexAFigures,
  narratives: z.object(
    Object.fromEntries(ANNEX_B_GROUPS.map((g) => [g, z.string().trim().min(1).max(8000)])) as Record<
      AnnexBGroup,
      z.ZodString
    >,
  ),
  evidence: z
    .array(z.string().max(500))
    .max(50)
    .default([])
    .describe('evidence references (attachment ids or document numbers)'),
});
export type SelfReport = z.infer<typeof SelfReport>;
/** An expert's scores of the Annex B groups, 0–100 each. */
export const ExpertScoring = z.object(
  Object.fromEntries(ANNEX_B_GROUPS.map((g) => [g, z.number().min(0).max(100)])) as Record<AnnexBGroup, z.ZodNumber>,
);
export type ExpertScoring = z.infer<typeof ExpertScoring>;
/** 现场评估 record. */
export const OnsiteRecord = z.object({
  reportHeard: z.boolean(),
  siteInspected: z.boolean(),
  staffInterviewed: z.boolean(),
  findings: z.string().trim().max(8000).default(''),
});
export type OnsiteRecord = z.infer<typeof OnsiteRecord>;
/** 整改方案 */
export const RectificationPlan = z.object({
  measures: z.string().trim().min(1).max(8000),
  completeBy: calendarDate(),
});

export const Grade = z.enum(['excellent', 'good', 'pass', 'fail']).describe('优秀 / 良好 / 合格 / 不合格');
export type Grade = z.infer<typeof Grade>;

/** How a kind of sub-center is weighed: the quantitative share and the weight of each Annex A group. */
export const WeightProfile = z.object({
  quantitativeShare: z.number().min(0).max(1),
  groups: z.record(z.enum(ANNEX_A_GROUPS as [AnnexAGroup, ...AnnexAGroup[]]), z.number().min(0)),
});
export type WeightProfile = z.infer<typeof WeightProfile>;

export const EvaluationRules = z.object({
  /** Value at which an indicator scores full marks. */
  targets: z.record(z.string(), z.number().positive()),
  /** Weight profiles by sub-center category; `default` for the rest. */
  profiles: z.record(z.string(), WeightProfile).refine((p) => 'default' in p, 'a default profile is required'),
  /** Lowest total score of each grade. */
  bands: z.object({ excellent: z.number(), good: z.number(), pass: z.number() }),
  /** Tech-service rounds: the lowest ranked are graded fail whatever their score. */
  bottomElimination: z.object({
    count: z.number().int().min(0).optional(),
    share: z.number().min(0).max(1).optional(),
    /**
     * How `share × n` becomes a number of centers: down (a cohort too small for one center's share
     * eliminates nobody) or up. Rule sets written before it was stated rounded up, and so do the
     * rounds they started.
     */
    rounding: z.enum(['down', 'up']).default('down'),
  }),
  /** Post-subsidy per grade (CNY) and the year's budget for them (CNY). */
  subsidy: z.object({
    excellent: z.number().int().min(0),
    good: z.number().int().min(0),
    annualBudget: z.number().int().min(0),
  }),
  expertsPerEvaluation: z.number().int().min(1).max(7),
  workingDays: z.object({
    selfReport: z.number().int().min(1),
    writtenReview: z.number().int().min(1),
    correction: z.number().int().min(1),
    expertScoring: z.number().int().min(1),
    onsite: z.number().int().min(1),
    rectification: z.number().int().min(1),
    statement: z.number().int().min(1),
    payoutApproval: z.number().int().min(1),
    revocationDecision: z.number().int().min(1),
  }),
  /** Overrides of the step configurations derived from `workingDays` (see `evaluationSteps`). */
  steps: ProcessSteps.optional(),
  /** 公示 of a round's results (default 7 calendar days) and of a revocation (default 5 working days). */
  noticePeriod: NoticePeriod.optional(),
  revocationNoticePeriod: NoticePeriod.optional(),
});
export type EvaluationRules = z.infer<typeof EvaluationRules>;

const ALL_EQUAL = { techCredit: 1, vcFinancing: 1, listing: 1, other: 1 };
/**
 * Defaults for the demo (the seeds set no numbers). Weights follow seed 003 §7.1: city
 * tech-service centers on overall social benefit and public-service data (roadshows, trainings),
 * banks on tech credit, equity exchanges on listings, media (specialty) on publicity.
 */
export const DEFAULT_EVALUATION_RULES: EvaluationRules = {
  targets: {
    banksOnSite: 10,
    matchedLoanAmount: 50_000,
    matchedLoanProjects: 100,
    creditEnterprisesServed: 300,
    vcInstitutionsOnSite: 10,
    matchedInvestmentAmount: 30_000,
    matchedInvestmentProjects: 30,
    vcEnterprisesServed: 100,
    listedMainBoard: 2,
    listedChiNextStar: 3,
    listedNeeq: 5,
    listedRegionalEquity: 20,
    coachedNotListed: 30,
    roadshowsHeld: 24,
    roadshowAttendance: 2_000,
    trainingsHeld: 12,
    trainingAttendance: 1_000,
  },
  profiles: {
    default: { quantitativeShare: 0.6, groups: ALL_EQUAL },
    comprehensive: { quantitativeShare: 0.5, groups: { techCredit: 1, vcFinancing: 1, listing: 1, other: 2 } },
    specialty: { quantitativeShare: 0.5, groups: { techCredit: 1, vcFinancing: 1, listing: 1, other: 3 } },
    bank: { quantitativeShare: 0.6, groups: { techCredit: 4, vcFinancing: 1, listing: 1, other: 1 } },
    equity_exchange: { quantitativeShare: 0.6, groups: { techCredit: 1, vcFinancing: 1, listing: 4, other: 1 } },
  },
  bands: { excellent: 90, good: 80, pass: 60 },
  bottomElimination: { share: 0.1, rounding: 'down' },
  subsidy: { excellent: 500_000, good: 300_000, annualBudget: 5_000_000 },
  expertsPerEvaluation: 2,
  workingDays: {
    selfReport: 20,
    writtenReview: 10,
    correction: 5,
    expertScoring: 10,
    onsite: 15,
    rectification: 30,
    statement: 10,
    payoutApproval: 10,
    revocationDecision: 10,
  },
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Quantitative score 0–100: each indicator scores value/target (capped at 1), averaged per group, groups weighted by profile. Unreported = 0. */
export function quantitativeScore(
  figures: Partial<Record<string, number>>,
  profile: WeightProfile,
  targets: Record<string, number>,
): number {
  let total = 0;
  let weights = 0;
  for (const group of ANNEX_A_GROUPS) {
    const weight = profile.groups[group] ?? 0;
    const items = ANNEX_A[group];
    const groupScore =
      items.reduce((sum, i) => sum + Math.min(1, (figures[i.key] ?? 0) / (targets[i.key] ?? 1)), 0) / items.length;
    total += weight * groupScore;
    weights += weight;
  }
  return weights === 0 ? 0 : round1((total / weights) * 100);
}

/** Qualitative score 0–100: the mean over experts of the mean of their Annex B group scores. */
export function qualitativeScore(scorings: ExpertScoring[]): number {
  if (scorings.length === 0) return 0;
  const perExpert = scorings.map((s) => ANNEX_B_GROUPS.reduce((sum, g) => sum + s[g], 0) / ANNEX_B_GROUPS.length);
  return round1(perExpert.reduce((a, b) => a + b, 0) / perExpert.length);
}

export const profileFor = (rules: EvaluationRules, category: string) =>
  rules.profiles[category] ?? rules.profiles.default!;

export function totalScore(quantitative: number, qualitative: number, profile: WeightProfile): number {
  return round1(profile.quantitativeShare * quantitative + (1 - profile.quantitativeShare) * qualitative);
}

export const gradeByBands = (score: number, bands: EvaluationRules['bands']): Grade =>
  score >= bands.excellent ? 'excellent' : score >= bands.good ? 'good' : score >= bands.pass ? 'pass' : 'fail';

export interface Scored {
  evaluationId: string;
  subCenterId: string;
  total: number;
  quantitative: number;
  qualitative: number;
  admittedAt: string;
}
export interface Graded extends Scored {
  rank: number;
  grade: Grade;
  eliminated: boolean;
}

/**
 * How many of a cohort of `n` bottom elimination fails: `count`, or `share × n` rounded as the rule
 * set says (a round started under rules that did not say rounds up, as those rules did).
 */
export function eliminatedCount(rule: EvaluationRules['bottomElimination'], n: number): number {
  const { count, share = 0 } = rule;
  if (count !== undefined) return Math.min(n, count);
  const exact = share * n;
  // 0.1 × 20 is 2.0000000000000004 in floating point: a share that divides the cohort is exact
  const rounded = (rule.rounding ?? 'up') === 'down' ? Math.floor(exact + 1e-9) : Math.ceil(exact - 1e-9);
  return Math.min(n, rounded);
}

/**
 * Ranks a round and grades it. Ranking: total score, ties broken by the quantitative score, then
 * the qualitative score, then the earlier admission (longer service ranks higher), then the id.
 * Tech-service rounds then grade the lowest `count` (or `share × n`, rounded as the rule set says)
 * as fail (末位淘汰).
 */
export function gradeRound(scored: Scored[], rules: EvaluationRules, system: 'tech_service' | 'financial'): Graded[] {
  const ranked = [...scored].sort(
    (a, b) =>
      b.total - a.total ||
      b.quantitative - a.quantitative ||
      b.qualitative - a.qualitative ||
      a.admittedAt.localeCompare(b.admittedAt) ||
      a.evaluationId.localeCompare(b.evaluationId),
  );
  const eliminate = system === 'tech_service' ? eliminatedCount(rules.bottomElimination, ranked.length) : 0;
  return ranked.map((s, i) => {
    const eliminated = i >= ranked.length - eliminate;
    return { ...s, rank: i + 1, eliminated, grade: eliminated ? 'fail' : gradeByBands(s.total, rules.bands) };
  });
}

/**
 * Post-subsidies of a tech-service round. When the entitlements exceed what is left of the year's
 * budget, every award is scaled down by the same factor (rounded down to the yuan), so the budget
 * is never exceeded and the ranking's proportions are kept.
 */
export function subsidyAmounts(
  graded: Graded[],
  rules: EvaluationRules,
  budgetLeft: number,
): { evaluationId: string; subCenterId: string; amount: number }[] {
  const entitled = graded
    .filter((g) => g.grade === 'excellent' || g.grade === 'good')
    .map((g) => ({
      evaluationId: g.evaluationId,
      subCenterId: g.subCenterId,
      amount: rules.subsidy[g.grade as 'excellent' | 'good'],
    }));
  const sum = entitled.reduce((a, e) => a + e.amount, 0);
  if (sum <= budgetLeft) return entitled;
  const factor = Math.max(0, budgetLeft) / sum;
  return entitled.map((e) => ({ ...e, amount: Math.floor(e.amount * factor) }));
}

/** Which sub-centers a round of `year` evaluates (a sub-center admitted during a year joins the next cycle). */
export function dueForEvaluation(
  sub: { system: string; admittedYear: number },
  year: number,
  system: 'tech_service' | 'financial',
): boolean {
  if (sub.system !== system || sub.admittedYear >= year) return false;
  return system === 'tech_service' || (year - sub.admittedYear) % 3 === 0;
}

/** The step names of evaluation, rectification, revocation and payout, all configured by the evaluation rule set. */
export const EVALUATION_STEPS = [
  'self_report',
  'written_review',
  'correction',
  'expert_scoring',
  'onsite',
  'rectification_plan',
  'rectification_review',
  'statement',
  'revocation_decision',
  'payout_approval',
] as const;
export type EvaluationStep = (typeof EVALUATION_STEPS)[number];

/** Each step's configuration: the rule set's `steps` where given, else derived from `workingDays` (expert scoring: a 会签 panel). */
export function evaluationSteps(
  rules: Pick<EvaluationRules, 'workingDays' | 'expertsPerEvaluation' | 'steps'>,
): Record<EvaluationStep, StepConfig> {
  const d = rules.workingDays;
  const derived: Record<EvaluationStep, StepConfig> = {
    self_report: step('applicant', d.selfReport),
    written_review: step('provincial_reviewer', d.writtenReview),
    correction: step('applicant', d.correction),
    expert_scoring: step('expert', d.expertScoring, { mode: 'all', count: rules.expertsPerEvaluation }),
    onsite: step('provincial_reviewer', d.onsite),
    rectification_plan: step('applicant', d.rectification),
    rectification_review: step('provincial_reviewer', d.writtenReview),
    statement: step('applicant', d.statement),
    revocation_decision: step('provincial_reviewer', d.revocationDecision),
    payout_approval: step('finance', d.payoutApproval),
  };
  return { ...derived, ...(rules.steps as Partial<Record<EvaluationStep, StepConfig>> | undefined) };
}
