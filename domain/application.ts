import { z } from 'zod';
import { City } from './cities.js';
import { creditCodeProblem } from './creditCode.js';
import { say } from './messages.js';
import { nameText } from './text.js';
import { FinancialCategory, THRESHOLD_FIGURES, ThresholdResult } from './thresholds.js';

export const System = z.enum(['tech_service', 'financial']).describe('体系: 科技服务体系 / 金融服务体系');
export type System = z.infer<typeof System>;
export const TechCategory = z.enum(['comprehensive', 'industrial', 'specialty']).describe('综合型 / 产业型 / 特色型');
export const Category = z.union([TechCategory, FinancialCategory]);
export type Category = z.infer<typeof Category>;
export const ApplicantKind = z
  .enum(['municipal', 'provincial_unit', 'central_enterprise_branch', 'financial_hq'])
  .describe('地市申报单位 / 省直单位(省属企业) / 央企驻粤分支机构 / 金融机构广东总部');
export type ApplicantKind = z.infer<typeof ApplicantKind>;

export const AdmissionStatus = z.enum([
  'draft',
  'municipal_review',
  'provincial_review',
  'supplement_requested',
  'expert_review',
  'site_inspection',
  'public_notice',
  'admitted',
  'rejected',
  'withdrawn',
]);
export type AdmissionStatus = z.infer<typeof AdmissionStatus>;
export const TERMINAL_STATUSES: readonly AdmissionStatus[] = ['admitted', 'rejected', 'withdrawn'];

export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('unified social credit code 统一社会信用代码, GB 32100');

const text = z.string().trim().min(1).max(4000);
/** 建设方案 */
export const Plan = z.object({
  regionalFeatures: text.describe('区域特色'),
  serviceTargets: text.describe('服务对象'),
  serviceRegion: text.describe('服务区域'),
  serviceModel: text.describe('服务模式'),
  innovation: text.describe('创新性'),
});
/** 资质条件 (standard §5.2–5.4); evidence attachments come with the console. */
export const Checklist = z.object({
  venue: z.boolean().describe('5.2.1 服务场地'),
  headExperience: z.boolean().describe('5.3.1 负责人金融从业经历'),
  stableTeam: z.boolean().describe('5.3.2 稳定专业团队'),
  serviceCapability: z.boolean().describe('5.4.2 科技信贷/创投融资/上市辅导/政策咨询/人才培训能力'),
  noViolations: z.boolean().describe('5.4.3 无违规记录'),
});
export const ThresholdFigures = z.record(z.string(), z.number().finite().nonnegative()).describe('准入门槛指标');
/** Attachment ids of the evidence (佐证材料) for each checklist item. */
export const ChecklistItem = z.enum(['venue', 'headExperience', 'stableTeam', 'serviceCapability', 'noViolations']);
export const Evidence = z.partialRecord(ChecklistItem, z.array(z.string()).max(20)).describe('佐证材料');

const identity = {
  orgName: nameText(2, 200).describe('申报单位名称'),
  creditCode: CreditCode,
  system: System,
  category: Category,
  applicantKind: ApplicantKind,
  city: City,
};
const content = {
  plan: Plan.partial().optional(),
  checklist: Checklist.partial().optional(),
  thresholdFigures: ThresholdFigures.optional(),
  evidence: Evidence.optional(),
};

type Shape = { system?: System; category?: Category; applicantKind?: ApplicantKind };
/** System, category and applicant kind must agree (DOMAIN §2–3). */
function checkCoherence(app: Shape, ctx: z.RefinementCtx) {
  const { system, category, applicantKind } = app;
  if (system && category && (system === 'financial') !== FinancialCategory.safeParse(category).success)
    ctx.addIssue({
      code: 'custom',
      path: ['category'],
      message: say('categoryNotInSystem'),
    });
  if (system && applicantKind && (system === 'financial') !== (applicantKind === 'financial_hq'))
    ctx.addIssue({
      code: 'custom',
      path: ['applicantKind'],
      message: system === 'financial' ? say('financialApplicantsAreFinancialHq') : say('financialHqAppliesToFinancial'),
    });
}

/** POST /api/applications: identity fixed at creation, the rest may be filled in later. */
export const ApplicationDraftInput = z.object({ ...identity, ...content }).superRefine(checkCoherence);
export type ApplicationDraftInput = z.infer<typeof ApplicationDraftInput>;

/** PUT /api/applications/:id: the content of a draft (identity fields other than the credit code may change). */
export const ApplicationEditInput = z
  .object({ ...identity, ...content })
  .partial()
  .superRefine(checkCoherence);
export type ApplicationEditInput = z.infer<typeof ApplicationEditInput>;

/** What an application holds while it moves through review. */
export const ApplicationData = z.object({
  ...identity,
  plan: Plan.partial(),
  checklist: Checklist.partial(),
  thresholdFigures: ThresholdFigures,
  evidence: Evidence.optional(),
});
export type ApplicationData = z.infer<typeof ApplicationData>;

/** Field → reason for everything a submission still lacks (empty when it may be submitted). */
export function submissionProblems(app: ApplicationData): Record<string, string> {
  const problems: Record<string, string> = {};
  const plan = Plan.safeParse(app.plan);
  if (!plan.success) for (const i of plan.error.issues) problems[['plan', ...i.path].join('.')] = say('fillIn');
  for (const key of Object.keys(Checklist.shape) as (keyof typeof Checklist.shape)[])
    if (app.checklist[key] === undefined) problems[`checklist.${key}`] = say('confirm');
  if (app.system === 'financial') {
    for (const figure of THRESHOLD_FIGURES[app.category as FinancialCategory] ?? [])
      if (app.thresholdFigures[figure.key] === undefined)
        problems[`thresholdFigures.${figure.key}`] = say('fillInFigure', figure.label, figure.unit);
  }
  return problems;
}

/**
 * Routing (DOMAIN §3): a city's tech-service applicant is recommended by its city bureau first;
 * provincial units, central-enterprise branches and financial institutions go straight to the
 * Provincial Center.
 */
export function firstReviewStep(
  app: Pick<ApplicationData, 'system' | 'applicantKind'>,
): 'municipal_review' | 'provincial_review' {
  return app.system === 'tech_service' && app.applicantKind === 'municipal' ? 'municipal_review' : 'provincial_review';
}

export const ExpertScore = z.object({
  taskId: z.string(),
  expert: z.string(),
  score: z.number(),
  comment: z.string(),
  at: z.string(),
});
export type ExpertScore = z.infer<typeof ExpertScore>;
/** The panel's mean score, to one decimal (null without a score). */
export const panelMean = (scores: { score: number }[]) =>
  scores.length ? Math.round((scores.reduce((sum, s) => sum + s.score, 0) / scores.length) * 10) / 10 : null;
export const SiteInspection = z.object({
  taskId: z.string(),
  inspector: z.string(),
  findings: z.string(),
  comment: z.string(),
  at: z.string(),
});
export type SiteInspection = z.infer<typeof SiteInspection>;
export const SupplementRequest = z.object({
  requestedBy: z.string(),
  fromStep: z.enum(['municipal_review', 'provincial_review', 'expert_review', 'site_inspection']),
  reason: z.string(),
  dueAt: z
    .string()
    .describe('due date of the supplement 补正截止时间: ISO, end of the last working day, Asia/Shanghai'),
});
export type SupplementRequest = z.infer<typeof SupplementRequest>;

/** The read model of an application, as the workflow records it and the API returns it. */
export const ApplicationView = ApplicationData.extend({
  id: z.string(),
  workflowId: z.string(),
  status: AdmissionStatus,
  currentStep: z.string().nullable(),
  createdBy: z.string(),
  organizationId: z.string().nullable(),
  thresholdResults: z.array(ThresholdResult),
  ruleVersion: z.number().nullable(),
  supplement: SupplementRequest.nullable(),
  expertScores: z.array(ExpertScore),
  siteInspections: z.array(SiteInspection),
  decisionReason: z.string().nullable(),
  /** Review steps the case has passed, in order (退回 may go back to any of them). */
  passedSteps: z.array(z.string()).optional(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
