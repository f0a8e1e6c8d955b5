/**
 * One sub-center's evaluation (绩效评价, standard 003 §7.1): self-evaluation report → written
 * review (may return once for correction) → expert scoring of Annex B (conflicts declared and
 * refused) → on-site assessment → score. The score goes to the round, which grades the round and
 * sends the grade back; the grade then leads to a payout, a rectification plan or a revocation.
 */
import * as wf from '@temporalio/workflow';
import type { SubCenterRef } from '../activities/index.js';
import {
  ExpertScoring, OnsiteRecord, profileFor, qualitativeScore, quantitativeScore, RectificationPlan, SelfReport, totalScore,
  type EvaluationRules, type Grade, type Scored,
} from '../domain/evaluation.js';
import type { Actor } from '../domain/roles.js';
import type { TaskDecision } from '../domain/tasks.js';
import { refuse, TaskBoard, type TaskState } from './humanTask.js';
import { actorRef, CaseRecorder, closing, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { KejinCity, KejinSystem } from './names.js';
import { payout, payoutWorkflowId } from './payout.js';
import { revocation, revocationWorkflowId } from './revocation.js';

export type EvaluationStatus = 'self_report' | 'written_review' | 'correction' | 'expert_scoring' | 'onsite' | 'scored' | 'rectification' | 'closed';
export interface EvaluationInput {
  roundId: string;
  year: number;
  subCenter: SubCenterRef;
  rules: EvaluationRules;
  ruleVersion: number;
}
export interface GradeNotice { grade: Grade; rank: number; eliminated: boolean; subsidy: number; budgetKey: string }

export const evaluationWorkflowId = (subCenterId: string, year: number) => `evaluation-${subCenterId}-${year}`;
/** Child → round: my score. */
export const evaluationScored = wf.defineSignal<[Scored]>('evaluationScored');
/** Round → child: your grade. */
export const gradeAssigned = wf.defineSignal<[GradeNotice]>('gradeAssigned');

const fieldErrors = (issues: { path: PropertyKey[]; message: string }[]) => Object.fromEntries(issues.map((i) => [['payload', ...i.path.map(String)].join('.'), i.message]));

export async function evaluation(input: EvaluationInput): Promise<Grade> {
  const { workflowId, parent } = wf.workflowInfo();
  const { subCenter: sc, rules } = input;
  const days = rules.workingDays;
  let status: EvaluationStatus = 'self_report';
  let report: SelfReport | null = null;
  let selfReportMissed = false;
  let returnedOnce = false;
  const expertScores: (ExpertScoring & { expert: string; comment: string })[] = [];
  let onsite: (OnsiteRecord & { by: string }) | null = null;
  let score: { quantitative: number; qualitative: number; total: number } | null = null;
  let grade: GradeNotice | null = null;
  let rectification: { plan: string; completeBy: string; acceptedBy: string | null } | null = null;
  const rec = new CaseRecorder<EvaluationStatus>('evaluation', workflowId, 'evaluations', () => ({
    status,
    columns: {
      round_id: input.roundId, year: input.year, sub_center_id: sc.id, sub_center_name: sc.name, organization_id: sc.organizationId,
      city: sc.city, system: sc.system, category: sc.category, current_step: board.openTasks()[0]?.step ?? null,
      grade: grade?.grade ?? null, total_score: score?.total ?? null,
    },
    body: { roundId: input.roundId, year: input.year, subCenter: sc, ruleVersion: input.ruleVersion, report, selfReportMissed, returnedOnce, expertScores, onsite, score, grade, rectification },
  }));

  const board: TaskBoard<unknown> = new TaskBoard<unknown>({
    snapshot: () => ({ id: workflowId, status, score, grade }),
    record: rec.taskHook(() => board),
    validateDecision: (task, { decision: d, actor }) => validate(task, d, actor),
  });
  function validate(task: TaskState, d: TaskDecision, actor: Actor) {
    const schema = { self_report: SelfReport, correction: SelfReport, expert_scoring: ExpertScoring, onsite: OnsiteRecord, rectification_plan: RectificationPlan }[task.step];
    if (schema) {
      const parsed = schema.safeParse(d.payload ?? {});
      if (!parsed.success) throw refuse('validation', '表单内容有误 (invalid form)', fieldErrors(parsed.error.issues));
    }
    if (task.step === 'written_review' && (d.decision === 'return' ? returnedOnce : d.decision !== 'approve'))
      throw refuse('validation', returnedOnce ? '书面审核只能退回一次 (a report is returned once at most)' : '同意或退回更正 (approve or return)', { decision: returnedOnce ? 'approve' : 'approve | return' });
    if (task.step === 'rectification_review' && d.decision !== 'approve' && d.decision !== 'return')
      throw refuse('validation', '接受或退回整改方案 (approve or return)', { decision: 'approve | return' });
    if (task.step === 'expert_scoring') {
      if (d.noConflict !== true) throw refuse('validation', '请先声明无利益冲突 (declare no conflict of interest first)', { noConflict: 'required' });
      if (actor.city === sc.city || (actor.organizationId !== null && actor.organizationId === sc.organizationId))
        throw refuse('forbidden', '专家与分中心同城或同单位，须回避 (conflict of interest: same city or organisation)');
      if ([...board.tasks.values()].some((t) => t.step === 'expert_scoring' && t.id !== task.id && t.completion?.actor.id === actor.id))
        throw refuse('conflict', '同一专家不能重复评分 (each expert scores once)');
    }
  }
  board.install();
  let graded = false;
  wf.setHandler(gradeAssigned, (notice) => {
    grade = notice;
    graded = true;
  });
  wf.upsertSearchAttributes([{ key: KejinCity, value: sc.city }, { key: KejinSystem, value: sc.system }]);
  const org = sc.organizationId;

  /** One task: open it with the change that leads to it, wait, and hand back the outcome. */
  async function step(spec: { step: string; role: 'applicant' | 'provincial_reviewer' | 'expert'; days: number; action: string; comment?: string }, expireAtDue = false) {
    const open = await rec.openTask(board, { step: spec.step, title: `${sc.name} · ${input.year}`, role: spec.role, organizationId: spec.role === 'applicant' ? org : null, workingDays: spec.days });
    await rec.commit({ actor: SYSTEM_ACTOR, action: spec.action, comment: spec.comment }, { openTasks: [open], notify: [rec.notify({ role: spec.role, city: null }, 'task.opened', `${sc.name}: ${spec.step}`)] });
    const task = board.tasks.get(open.id)!;
    return { task, outcome: await board.waitForDecision(task, () => false, { expireAtDue }) };
  }
  const done = (task: TaskState, actor: Actor, d: TaskDecision) => [closing(task.id, 'done', { actor, decision: d.decision, comment: d.comment })];

  // 1. self-evaluation report; a missed deadline scores what was not reported as zero
  {
    const { task, outcome } = await step({ step: 'self_report', role: 'applicant', days: days.selfReport, action: 'evaluation.opened', comment: `${input.year} 年度绩效评价：请提交自评报告` }, true);
    status = 'written_review';
    if (outcome.kind === 'decided') {
      report = SelfReport.parse(outcome.decision.payload);
      await rec.commit({ actor: actorRef(outcome.actor), action: 'evaluation.self_report_submitted', comment: outcome.decision.comment }, { closeTasks: done(task, outcome.actor, outcome.decision) });
      board.settle(task);
    } else {
      selfReportMissed = true;
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.self_report_missed', comment: '自评报告逾期未交，未报告部分按零分计 (missed: unreported indicators score zero)' }, { closeTasks: [closing(task.id, 'cancelled')] });
    }
  }
  // 2. written review, which may return the report once for correction
  for (;;) {
    const { task, outcome } = await step({ step: 'written_review', role: 'provincial_reviewer', days: days.writtenReview, action: 'evaluation.written_review_opened' });
    if (outcome.kind !== 'decided') continue;
    const { actor, decision: d } = outcome;
    if (d.decision === 'approve') {
      status = 'expert_scoring';
      await rec.commit({ actor: actorRef(actor), action: 'evaluation.written_review_passed', comment: d.comment }, { closeTasks: done(task, actor, d) });
      board.settle(task);
      break;
    }
    returnedOnce = true;
    status = 'correction';
    await rec.commit({ actor: actorRef(actor), action: 'evaluation.returned_for_correction', comment: d.comment }, { closeTasks: done(task, actor, d) });
    board.settle(task);
    const corrected = await step({ step: 'correction', role: 'applicant', days: days.correction, action: 'evaluation.correction_requested', comment: d.comment }, true);
    status = 'written_review';
    if (corrected.outcome.kind === 'decided') {
      report = SelfReport.parse(corrected.outcome.decision.payload);
      selfReportMissed = false;
      await rec.commit({ actor: actorRef(corrected.outcome.actor), action: 'evaluation.report_corrected' }, { closeTasks: done(corrected.task, corrected.outcome.actor, corrected.outcome.decision) });
      board.settle(corrected.task);
    } else {
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.correction_missed' }, { closeTasks: [closing(corrected.task.id, 'cancelled')] });
    }
  }
  // 3. expert scoring of Annex B, by several experts at once
  {
    const opened = [];
    for (let i = 0; i < rules.expertsPerEvaluation; i++)
      opened.push(await rec.openTask(board, { step: 'expert_scoring', title: `${sc.name} · ${input.year}`, role: 'expert', workingDays: days.expertScoring }));
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.expert_scoring_opened', data: { experts: opened.length } }, { openTasks: opened });
    await Promise.all(opened.map(async ({ id }) => {
      const task = board.tasks.get(id)!;
      const outcome = await board.waitForDecision(task);
      if (outcome.kind !== 'decided') return;
      const scoring = ExpertScoring.parse(outcome.decision.payload);
      expertScores.push({ ...scoring, expert: outcome.actor.displayName, comment: outcome.decision.comment });
      await rec.commit({ actor: actorRef(outcome.actor), action: 'evaluation.expert_scored', comment: outcome.decision.comment, data: scoring }, { closeTasks: done(task, outcome.actor, outcome.decision) });
      board.settle(task);
    }));
    status = 'onsite';
  }
  // 4. on-site assessment
  {
    const { task, outcome } = await step({ step: 'onsite', role: 'provincial_reviewer', days: days.onsite, action: 'evaluation.onsite_opened' });
    if (outcome.kind === 'decided') {
      onsite = { ...OnsiteRecord.parse(outcome.decision.payload), by: outcome.actor.displayName };
      const quantitative = quantitativeScore(report?.figures ?? {}, profileFor(rules, sc.category), rules.targets);
      const qualitative = qualitativeScore(expertScores);
      score = { quantitative, qualitative, total: totalScore(quantitative, qualitative, profileFor(rules, sc.category)) };
      status = 'scored';
      await rec.commit({ actor: actorRef(outcome.actor), action: 'evaluation.scored', comment: outcome.decision.comment, data: { ...score, ruleVersion: input.ruleVersion } }, { closeTasks: done(task, outcome.actor, outcome.decision) });
      board.settle(task);
    }
  }
  if (parent) await wf.getExternalWorkflowHandle(parent.workflowId).signal(evaluationScored, { evaluationId: workflowId, subCenterId: sc.id, admittedAt: sc.admittedAt, ...score! });

  // 5. the grade, and what follows from it
  await wf.condition(() => graded);
  const g = grade!;
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.graded', data: { ...g } });
  if (g.grade === 'fail') {
    await wf.startChild(revocation, {
      workflowId: revocationWorkflowId(sc.id), parentClosePolicy: 'ABANDON',
      args: [{ subCenter: sc, trigger: 'grade', reason: `${input.year} 年度绩效评价不合格${g.eliminated ? '（末位淘汰）' : ''}`, requestedBy: SYSTEM_ACTOR, statementWorkingDays: days.statement, decisionWorkingDays: days.revocationDecision, evaluationId: workflowId }],
    });
  } else if (sc.system === 'tech_service' && g.subsidy > 0) {
    await wf.startChild(payout, {
      workflowId: payoutWorkflowId('evaluation', workflowId), parentClosePolicy: 'ABANDON',
      args: [{ source: 'evaluation', sourceId: workflowId, subCenter: sc, year: input.year, amount: g.subsidy, reason: `${input.year} 年度绩效评价 ${g.grade === 'excellent' ? '优秀' : '良好'}`, budgetKey: g.budgetKey, budget: rules.subsidy.annualBudget, approvalWorkingDays: days.payoutApproval }],
    });
  } else if (g.grade === 'pass' && onsite?.findings) {
    // 合格 with findings: a rectification plan (整改), submitted by the sub-center and accepted by a reviewer
    status = 'rectification';
    for (;;) {
      const plan = await step({ step: 'rectification_plan', role: 'applicant', days: days.rectification, action: 'evaluation.rectification_requested', comment: onsite.findings });
      if (plan.outcome.kind !== 'decided') continue;
      const p = RectificationPlan.parse(plan.outcome.decision.payload);
      rectification = { plan: p.measures, completeBy: p.completeBy, acceptedBy: null };
      await rec.commit({ actor: actorRef(plan.outcome.actor), action: 'evaluation.rectification_submitted', comment: p.measures }, { closeTasks: done(plan.task, plan.outcome.actor, plan.outcome.decision) });
      board.settle(plan.task);
      const review = await step({ step: 'rectification_review', role: 'provincial_reviewer', days: days.writtenReview, action: 'evaluation.rectification_review_opened' });
      if (review.outcome.kind !== 'decided') continue;
      const accepted = review.outcome.decision.decision === 'approve';
      if (accepted) rectification.acceptedBy = review.outcome.actor.displayName;
      await rec.commit({ actor: actorRef(review.outcome.actor), action: accepted ? 'evaluation.rectification_accepted' : 'evaluation.rectification_returned', comment: review.outcome.decision.comment }, { closeTasks: done(review.task, review.outcome.actor, review.outcome.decision) });
      board.settle(review.task);
      if (accepted) break;
    }
  }
  status = 'closed';
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.closed', data: { at: workflowNow() } });
  await wf.condition(wf.allHandlersFinished);
  return g.grade;
}
