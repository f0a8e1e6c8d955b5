/**
 * Open competition (揭榜挂帅), DOMAIN §6: the year's key tasks, bids by eligible sub-centers,
 * expert scoring, award, task agreement (任务书) with milestones, acceptance (验收) and the
 * post-subsidy (特定任务后补助).
 */
import { z } from 'zod';
import { Category, System } from './application.js';
import { ProcessSteps, type StepConfig, step } from './approval.js';
import { NoticePeriod } from './notice.js';
import type { Actor } from './roles.js';

const text = z.string().trim().min(1).max(8000);
export const Milestone = z.object({
  title: z.string().trim().min(1).max(200),
  workingDays: z.number().int().min(1).max(500).describe('due this many working days after the task agreement'),
});
/** A key task of the year's list (年度重点任务揭榜挂帅清单). */
export const CompetitionTaskInput = z.object({
  year: z.number().int().min(2020).max(2100),
  title: z.string().trim().min(2).max(200),
  goal: text,
  deliverables: text,
  eligibility: z.object({
    systems: z.array(System).min(1),
    categories: z.array(Category).default([]).describe('empty: every category of the systems'),
  }),
  bidDeadline: z.iso.datetime({ offset: true }).describe('揭榜截止时间'),
  winners: z.number().int().min(1).max(10),
  budget: z.number().int().positive().describe('post-subsidy budget, CNY'),
  milestones: z.array(Milestone).min(1).max(12),
});
export type CompetitionTaskInput = z.infer<typeof CompetitionTaskInput>;
export const CompetitionTaskEdit = CompetitionTaskInput.partial();

/** 揭榜方案 */
export const BidInput = z.object({
  plan: text.describe('实施方案'),
  team: text.describe('团队'),
  requestedAmount: z.number().int().positive().describe('post-subsidy requested, 申请后补助金额, in CNY'),
});
export type BidInput = z.infer<typeof BidInput>;
/** A criterion of bid scoring (评分标准): what the experts score, up to its points. */
export const BidCriterion = z.object({
  key: z.string().regex(/^[a-z][a-z_]{1,30}$/),
  label: z.string().trim().min(1).max(60),
  max: z.number().int().min(1).max(100),
});
export type BidCriterion = z.infer<typeof BidCriterion>;
/** The criteria where a rule set names none: feasibility, capability and value, 0–100 each. */
export const DEFAULT_BID_CRITERIA: BidCriterion[] = [
  { key: 'feasibility', label: '可行性', max: 100 },
  { key: 'capability', label: '实施能力', max: 100 },
  { key: 'value', label: '预期价值', max: 100 },
];
/** An expert's scores of one bid: each criterion, 0 to its points. */
export const bidScoring = (criteria: BidCriterion[]) =>
  z.object(Object.fromEntries(criteria.map((c) => [c.key, z.number().min(0).max(c.max)])));
export const AwardDecision = z.object({ winners: z.array(z.string()).max(10), reasons: text });
export const MilestoneReport = z.object({ progress: text, deliverables: text });
export const AcceptanceResult = z
  .enum(['passed', 'passed_with_conditions', 'failed'])
  .describe('通过 / 有条件通过 / 不通过');
export type AcceptanceResult = z.infer<typeof AcceptanceResult>;
export const Acceptance = z.object({ result: AcceptanceResult });

export function isEligible(
  task: Pick<CompetitionTaskInput, 'eligibility'>,
  sub: { system: string; category: string },
): boolean {
  const { systems, categories } = task.eligibility;
  return (
    systems.includes(sub.system as never) && (categories.length === 0 || categories.includes(sub.category as never))
  );
}

/** The panel's mean of each expert's share of the criteria's points, 0–100, one decimal. */
export function bidScore(scorings: Record<string, unknown>[], criteria: BidCriterion[] = DEFAULT_BID_CRITERIA): number {
  if (scorings.length === 0) return 0;
  const points = criteria.reduce((a, c) => a + c.max, 0);
  const each = scorings.map((s) => (criteria.reduce((a, c) => a + Number(s[c.key] ?? 0), 0) / points) * 100);
  return Math.round((each.reduce((a, b) => a + b, 0) / each.length) * 10) / 10;
}

/** Ranking of bids: score, then the earlier bid. */
export function rankBids<B extends { id: string; score: number; submittedAt: string }>(bids: B[]): B[] {
  return [...bids].sort(
    (a, b) => b.score - a.score || a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id),
  );
}

/**
 * The post-subsidy an accepted task earns: the agreed amount when passed, 80 % when passed with
 * conditions, nothing when failed. The agreed amount is the winner's requested amount; the
 * award is refused when the winners' requests together exceed the task's budget, so payouts of a
 * task never exceed it (and the payment instruction checks the budget once more).
 */
export const ACCEPTANCE_SHARE: Record<AcceptanceResult, number> = { passed: 1, passed_with_conditions: 0.8, failed: 0 };
export const acceptancePayout = (agreed: number, result: AcceptanceResult) =>
  Math.floor(agreed * ACCEPTANCE_SHARE[result]);

/** Who reads every bid once bidding has closed (experts: of the competitions they score). */
export const BID_READERS: readonly string[] = ['admin', 'auditor', 'provincial_reviewer', 'expert'];
/** A bid the competition awarded (won, then accepted or failed at acceptance): finance reads these. */
export const AWARDED_BIDS: readonly string[] = ['won', 'accepted', 'failed'];
/** The Provincial Center's roles: they read drafts too. */
export const readsDrafts = (a: Actor) =>
  a.roles.some((r) => r === 'provincial_reviewer' || r === 'admin' || r === 'auditor');

export const COMPETITION_STEPS = [
  'bid_scoring',
  'bid_revision',
  'award',
  'milestone_report',
  'milestone_review',
  'acceptance',
  'payout_approval',
] as const;
export type CompetitionStep = (typeof COMPETITION_STEPS)[number];
/** The competition rule set: each step's configuration (expert scoring: a 会签 panel of two per bid). */
/** `noticePeriod`: 公示 of an award (default 5 working days). */
/** `bidCriteria`: what the experts score (default DEFAULT_BID_CRITERIA). */
export const CompetitionRules = z.object({
  steps: ProcessSteps,
  noticePeriod: NoticePeriod.optional(),
  bidCriteria: z.array(BidCriterion).min(1).max(10).optional(),
});
export type CompetitionRules = z.infer<typeof CompetitionRules>;
export const DEFAULT_COMPETITION_RULES: { steps: Record<CompetitionStep, StepConfig> } = {
  steps: {
    bid_scoring: step('expert', 10, { mode: 'all', count: 2 }),
    // a bid sent back by an expert: its bidder revises it (or it stands as filed once this passes)
    bid_revision: step('applicant', 5),
    award: step('provincial_reviewer', 10),
    milestone_report: step('applicant', 0, { supervisorRole: 'provincial_reviewer' }),
    milestone_review: step('provincial_reviewer', 10),
    acceptance: step('provincial_reviewer', 15),
    payout_approval: step('finance', 10),
  },
};
export const competitionSteps = (rules?: { steps: ProcessSteps } | null): Record<CompetitionStep, StepConfig> => ({
  ...DEFAULT_COMPETITION_RULES.steps,
  ...(rules?.steps as Partial<Record<CompetitionStep, StepConfig>> | undefined),
});
