/**
 * What each step asks besides the decision and the opinion: its form, field by field, in words.
 * The approval engine offers these with a task's `complete` action, so the console draws every
 * step's form from the engine's answer; each process's schema (domain/evaluation.ts,
 * domain/competition.ts …) checks what comes back. Fields named `payload.…` fill the decision's
 * payload; the others (`score`, `findings`, `noConflict`, `supplementDays`) are the decision's own.
 */
import type { ActionField, Label } from './approval.js';
import {
  ANNEX_A,
  ANNEX_A_GROUP_LABELS,
  ANNEX_A_GROUPS,
  ANNEX_B_GROUPS,
  ANNEX_B_LABELS,
  indicatorLabel,
} from './evaluation.js';

const label = (zh: string, en: string): Label => ({ zh, en });
type Extra = Partial<Pick<ActionField, 'required' | 'min' | 'max' | 'group' | 'when' | 'toStep' | 'options' | 'value'>>;
const field = (name: string, kind: ActionField['kind'], words: Label, extra: Extra = {}): ActionField => ({
  name,
  kind,
  required: true,
  when: 'approve',
  label: words,
  ...extra,
});
const score = (name: string, words: Label) =>
  field(name, 'number', label(`${words.zh}（0–100 分）`, `${words.en} (0–100)`), { min: 0, max: 100 });

/** An expert declares no conflict of interest before scoring (回避 is the other way out). */
export const NO_CONFLICT = field(
  'noConflict',
  'boolean',
  label('本人声明与申报单位无利益冲突', 'I declare no conflict of interest with the applicant'),
);
/** An expert's one score, where the rule set names no criteria. */
export const ONE_SCORE = field('score', 'number', label('评分（0–100 分）', 'Score (0–100)'), { min: 0, max: 100 });
/** 补正期限: a review returning the case to the applicant sets the period in working days. */
const SUPPLEMENT_DAYS = field(
  'supplementDays',
  'number',
  label('补正期限（工作日）', 'Period to supplement (working days)'),
  {
    required: false,
    when: 'return',
    toStep: 'applicant',
    min: 1,
    max: 60,
  },
);

/** 自评报告 and its correction: the Annex A figures by group, then the Annex B narratives. */
const SELF_REPORT: ActionField[] = [
  ...ANNEX_A_GROUPS.flatMap((g) =>
    ANNEX_A[g].map((i) =>
      field(`payload.figures.${i.key}`, 'number', indicatorLabel(i), {
        required: false,
        min: 0,
        group: ANNEX_A_GROUP_LABELS[g],
      }),
    ),
  ),
  ...ANNEX_B_GROUPS.map((g) =>
    field(`payload.narratives.${g}`, 'textarea', ANNEX_B_LABELS[g], {
      group: label('附录B 定性说明', 'Annex B narratives'),
    }),
  ),
];

/** Each step's own fields, where they do not depend on the case (see `awardFields` and the criteria). */
export const STEP_FORMS: Record<string, ActionField[]> = {
  municipal_review: [SUPPLEMENT_DAYS],
  provincial_review: [SUPPLEMENT_DAYS],
  expert_review: [NO_CONFLICT],
  site_inspection: [field('findings', 'textarea', label('考察发现', 'Findings'))],
  self_report: SELF_REPORT,
  correction: SELF_REPORT,
  expert_scoring: [NO_CONFLICT, ...ANNEX_B_GROUPS.map((g) => score(`payload.${g}`, ANNEX_B_LABELS[g]))],
  onsite: [
    field('payload.reportHeard', 'boolean', label('听取负责人汇报', 'Report heard'), { required: false }),
    field('payload.siteInspected', 'boolean', label('实地查看场地', 'Site inspected'), { required: false }),
    field('payload.staffInterviewed', 'boolean', label('访谈工作人员', 'Staff interviewed'), { required: false }),
    field('payload.findings', 'textarea', label('评估发现', 'Findings'), { required: false }),
  ],
  rectification_plan: [
    field('payload.measures', 'textarea', label('整改措施', 'Measures')),
    field('payload.completeBy', 'date', label('整改完成日期', 'Complete by')),
  ],
  statement: [field('payload.statement', 'textarea', label('陈述申辩内容', 'Statement'))],
  // each bid's criteria come from the competition's rule set (criteriaFields)
  bid_scoring: [NO_CONFLICT],
  // a bid being revised comes with its fields as it stands (bidRevisionFields)
  milestone_report: [
    field('payload.progress', 'textarea', label('进展情况', 'Progress')),
    field('payload.deliverables', 'textarea', label('交付成果', 'Deliverables')),
  ],
  acceptance: [
    field('payload.result', 'choice', label('验收结论', 'Result'), {
      options: [
        { value: 'passed', label: label('通过', 'Passed') },
        { value: 'passed_with_conditions', label: label('有条件通过', 'Passed with conditions') },
        { value: 'failed', label: label('不通过', 'Failed') },
      ],
    }),
  ],
};

/** 修改揭榜方案: the bid as it stands, each field offered to revise. */
export const bidRevisionFields = (bid?: { plan: string; team: string; requestedAmount: number }): ActionField[] => [
  field('payload.plan', 'textarea', label('实施方案', 'Plan'), { value: bid?.plan }),
  field('payload.team', 'textarea', label('团队', 'Team'), { value: bid?.team }),
  field('payload.requestedAmount', 'number', label('申请后补助金额（元）', 'Requested post-subsidy (CNY)'), {
    min: 1,
    value: bid?.requestedAmount,
  }),
];

/** The award: the ranked bids to choose winners from (at most `winners`, within the budget), with reasons. */
export function awardFields(
  ranked: { id: string; subCenter: string; score: number; requestedAmount: number }[],
  limits: { winners: number; budget: number },
): ActionField[] {
  const cny = (n: number) => `¥${n.toLocaleString('zh-CN')}`;
  return [
    field(
      'payload.winners',
      'choices',
      label(
        `揭榜单位（至多 ${limits.winners} 个，预算 ${cny(limits.budget)}）`,
        `Winners (at most ${limits.winners}, budget ${cny(limits.budget)})`,
      ),
      {
        required: false,
        max: limits.winners,
        options: ranked.map((b) => ({
          value: b.id,
          label: label(
            `${b.subCenter} · ${b.score} 分 · ${cny(b.requestedAmount)}`,
            `${b.subCenter} · ${b.score} points · ${cny(b.requestedAmount)}`,
          ),
        })),
      },
    ),
    field('payload.reasons', 'textarea', label('评定理由', 'Reasons')),
  ];
}

/** Scoring criteria of a rule set (评分标准), each a number of points, under `prefix` in the decision. */
export const criteriaFields = (
  criteria: { key: string; label: string; max: number }[],
  prefix = 'payload.criteria.',
): ActionField[] =>
  criteria.map((c) =>
    field(`${prefix}${c.key}`, 'number', label(`${c.label}（0–${c.max} 分）`, `${c.label} (0–${c.max})`), {
      min: 0,
      max: c.max,
    }),
  );
