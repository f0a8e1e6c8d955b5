/**
 * The approval engine's vocabulary (中国式审批, DOMAIN §10): how a step is configured in the
 * versioned rule sets, the actions a person may take on a task, and their labels. Pure data,
 * shared by workflows, API and console.
 */
import { z } from 'zod';
import { say } from './messages.js';
import { type NoticePeriod, noticeEnd } from './notice.js';
import { Role } from './roles.js';
import { addWorkingDays, type WorkdayCalendar } from './workdays.js';

/** single: one holder decides · all: 会签 · any: 或签 · sequence: 依次. */
export const StepMode = z.enum(['single', 'all', 'any', 'sequence']);
export type StepMode = z.infer<typeof StepMode>;

/** Who acts: holders of a role (in the case's city when `cityScoped`), `count` seats of them, or named users. */
export const Reviewers = z.union([
  // named users first: once parsed, a named config carries `role` too and must not read as a role pool
  z.object({
    users: z.array(z.string().trim().min(1)).min(1).max(20),
    /** The role the named users act in (for display and the task row). */
    role: Role.default('provincial_reviewer'),
  }),
  z.object({
    role: Role,
    cityScoped: z.boolean().default(false),
    count: z.number().int().min(1).max(20).default(1),
  }),
]);
export type Reviewers = z.infer<typeof Reviewers>;

/** 审批人为空: what a step does when no active user can hold its task. */
export const WhenNobody = z.enum(['escalate', 'admin', 'autoApprove']);

export const StepConfig = z
  .object({
    mode: StepMode.default('single'),
    reviewers: Reviewers,
    /** 会签 only: the share of the panel that must approve (1 = everyone; 0.5 = a majority). */
    passRatio: z.number().gt(0).max(1).default(1),
    workingDays: z.number().int().min(0).max(120),
    /** After the due date a reminder; this many working days later the supervisor role joins. */
    escalateAfterWorkingDays: z.number().int().min(0).max(60).default(3),
    supervisorRole: Role.default('admin'),
    whenNobody: WhenNobody.default('escalate'),
  })
  .superRefine((s, ctx) => {
    if (s.passRatio < 1 && s.mode !== 'all')
      ctx.addIssue({
        code: 'custom',
        path: ['passRatio'],
        message: say('passratioAppliesToModeAll'),
      });
    const seats = 'users' in s.reviewers ? s.reviewers.users.length : s.reviewers.count;
    if (s.mode === 'single' && seats > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['reviewers'],
        message: say('modeSingleHasOneReviewer'),
      });
  });
export type StepConfig = z.infer<typeof StepConfig>;
export type StepConfigInput = z.input<typeof StepConfig>;

/** The steps of one process, by step name. */
export const ProcessSteps = z.record(z.string(), StepConfig);
export type ProcessSteps = z.infer<typeof ProcessSteps>;

export const step = (
  role: Role,
  workingDays: number,
  more: Partial<Omit<StepConfigInput, 'reviewers'>> & { cityScoped?: boolean; count?: number } = {},
): StepConfig => {
  const { cityScoped = false, count = 1, ...rest } = more;
  return StepConfig.parse({ reviewers: { role, cityScoped, count }, workingDays, ...rest });
};

/** Every decision a task can end with; each step allows some of them. `opinion` is a delegate's (委派) answer. */
export const Decision = z.enum(['approve', 'return', 'reject', 'expert_review', 'site_inspection', 'opinion']);
export type Decision = z.infer<typeof Decision>;

export const TASK_ACTIONS = [
  'claim',
  'release',
  'complete',
  'transfer',
  'delegate',
  'add-signers',
  'remove-signer',
  'return',
  'urge',
  'cc',
  'comment',
  'assign',
  'prioritize',
  'recuse',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** A form field an action needs, so the console renders it from the engine's answer. */
export interface ActionField {
  name: string;
  /** `choices`: several of `options` (at most `max`); `date`: a calendar date, YYYY-MM-DD. */
  kind: 'text' | 'textarea' | 'user' | 'users' | 'choice' | 'choices' | 'number' | 'boolean' | 'date' | 'payload';
  required: boolean;
  options?: { value: string; label: Label }[];
  /** What the field asks, for a step's own form field (domain/stepForms.ts). */
  label?: Label;
  /** Asked only with this decision (e.g. what changes when an objection is upheld). */
  when?: string;
  /** Asked only when the case returns to this step (补正期限 when it goes back to the applicant). */
  toStep?: string;
  /** Bounds of a number, or the most of `choices`. */
  min?: number;
  max?: number;
  /** The heading the field sits under (附录A's groups). */
  group?: Label;
  /** What stands now, offered to change (a bid being revised). */
  value?: string | number;
}
export interface Label {
  zh: string;
  en: string;
}
export interface AvailableAction {
  action: TaskAction;
  label: Label;
  fields: ActionField[];
}

export const ACTION_LABELS: Record<TaskAction, Label> = {
  claim: { zh: '认领', en: 'Claim' },
  release: { zh: '释放', en: 'Release' },
  complete: { zh: '审批', en: 'Decide' },
  transfer: { zh: '转办', en: 'Transfer' },
  delegate: { zh: '委派', en: 'Delegate' },
  'add-signers': { zh: '加签', en: 'Add signers' },
  'remove-signer': { zh: '减签', en: 'Remove signer' },
  return: { zh: '退回', en: 'Return' },
  urge: { zh: '催办', en: 'Urge' },
  cc: { zh: '抄送', en: 'Copy to' },
  comment: { zh: '评论', en: 'Comment' },
  assign: { zh: '指派', en: 'Assign' },
  prioritize: { zh: '设置优先级', en: 'Set priority' },
  recuse: { zh: '回避', en: 'Recuse' },
};
/** A task's priority: the inbox lists 紧急 before 优先 before 普通, each by due date. */
export const PRIORITY_LABELS: Label[] = [
  { zh: '普通', en: 'Normal' },
  { zh: '优先', en: 'High' },
  { zh: '紧急', en: 'Urgent' },
];

export const DECISION_LABELS: Record<Decision, Label> = {
  approve: { zh: '同意', en: 'Approve' },
  return: { zh: '退回', en: 'Return' },
  reject: { zh: '不同意', en: 'Reject' },
  expert_review: { zh: '提请专家评审', en: 'Ask for expert review' },
  site_inspection: { zh: '提请实地考察', en: 'Ask for a site inspection' },
  opinion: { zh: '提交意见', en: 'Give an opinion' },
};

/** The step a case returns to when it goes back to the applicant (退回补正). */
export const APPLICANT_STEP = 'applicant';

/** One step still ahead of a case (流程预测). */
export interface ForecastStep {
  step: string;
  mode: StepMode;
  /** Who acts: named users, or a role; nobody (`users: []`) for a period that runs by itself (公示, 复核). */
  reviewers: { users: string[] } | { role: Role; city: string | null; count: number };
  workingDays: number;
  /** A 公示 ahead: its period (calendar or working days) instead of `workingDays`. */
  period?: NoticePeriod;
  /** Set for the step in progress: its tasks' due date (a period's end). */
  dueAt?: string;
}

/** One step of a forecast from its configuration. */
export function forecastStep(step: string, config: StepConfig, caseCity: string | null, dueAt?: string): ForecastStep {
  const r = config.reviewers;
  return {
    step,
    mode: config.mode,
    reviewers:
      'users' in r ? { users: r.users } : { role: r.role, city: r.cityScoped ? caseCity : null, count: r.count },
    workingDays: config.workingDays,
    ...(dueAt && { dueAt }),
  };
}

/** Every step of every process, in both languages (the approval sheet, forecasts, the console). */
export const STEP_LABELS: Record<string, Label> = {
  applicant: { zh: '申报单位', en: 'Applicant' },
  municipal_review: { zh: '地市推荐', en: 'Municipal recommendation' },
  provincial_review: { zh: '省级审核', en: 'Provincial review' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  site_inspection: { zh: '实地考察', en: 'Site inspection' },
  self_report: { zh: '自评报告', en: 'Self-evaluation report' },
  written_review: { zh: '书面审核', en: 'Written review' },
  correction: { zh: '更正自评报告', en: 'Correction' },
  expert_scoring: { zh: '专家评分', en: 'Expert scoring' },
  onsite: { zh: '现场评估', en: 'On-site assessment' },
  rectification_plan: { zh: '整改方案', en: 'Rectification plan' },
  rectification_review: { zh: '整改审核', en: 'Rectification review' },
  statement: { zh: '陈述申辩', en: 'Statement' },
  revocation_decision: { zh: '撤销决定', en: 'Revocation decision' },
  payout_approval: { zh: '后补助审批', en: 'Payout approval' },
  payout_review: { zh: '拨付复核', en: 'Payout review' },
  bidding: { zh: '揭榜期', en: 'Bidding' },
  bid_scoring: { zh: '揭榜评审', en: 'Bid scoring' },
  bid_revision: { zh: '修改揭榜方案', en: 'Bid revision' },
  award: { zh: '确定揭榜单位', en: 'Award' },
  milestone_report: { zh: '里程碑报告', en: 'Milestone report' },
  milestone_review: { zh: '里程碑审核', en: 'Milestone review' },
  acceptance: { zh: '验收', en: 'Acceptance' },
  objection_check: { zh: '异议核查', en: 'Objection check' },
  public_notice: { zh: '公示', en: 'Public notice' },
  review_window: { zh: '复核申请期', en: 'Review window' },
  review_request: { zh: '复核', en: 'Review' },
};
export const stepLabel = (step: string): Label => STEP_LABELS[step] ?? { zh: step, en: step };
/** The steps whose name, in either language, contains `text` (an inbox searched by step). */
export const stepsNamed = (text: string): string[] => {
  const t = text.trim().toLowerCase();
  return t
    ? Object.keys(STEP_LABELS).filter((k) => `${STEP_LABELS[k]!.zh} ${STEP_LABELS[k]!.en.toLowerCase()}`.includes(t))
    : [];
};

/**
 * Due dates of a forecast: the step in progress keeps its tasks' due date; each later step is due
 * its working days after the one before it (Asia/Shanghai, holidays and 调休 from the calendar).
 */
export function forecastDates(
  steps: ForecastStep[],
  from: Date,
  calendar: WorkdayCalendar,
): (ForecastStep & { dueAt: string })[] {
  let previous = from;
  return steps.map((s) => {
    const due = s.dueAt
      ? new Date(s.dueAt)
      : s.period
        ? noticeEnd(previous, s.period, calendar)
        : addWorkingDays(previous, s.workingDays, calendar);
    previous = due;
    return { ...s, dueAt: due.toISOString() };
  });
}
