/**
 * The state and steps of one sub-center's evaluation (workflows/evaluation.ts runs them in order):
 * its record, the self-report, written review, expert scoring and on-site assessment (each may send
 * the case back), the sub-center's 撤回 of its report, and what follows from its grade.
 */

import * as wf from '@temporalio/workflow';
import { APPLICANT_STEP, type Decision, forecastStep, stepLabel } from '../domain/approval.js';
import {
  type EvaluationStep,
  ExpertScoring,
  evaluationSteps,
  OnsiteRecord,
  profileFor,
  qualitativeScore,
  quantitativeScore,
  RectificationPlan,
  SelfReport,
  totalScore,
} from '../domain/evaluation.js';
import { issueErrors } from '../domain/issueWords.js';
import { say } from '../domain/messages.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import {
  type ApprovalEngine,
  auditActor,
  refuse,
  type StepOutcome,
  type StepRun,
  type StepSchemas,
  type StepSpec,
} from './approvalEngine.js';
import type { TaskState } from './approvalUpdates.js';
import { caseEngine } from './caseEngine.js';
import { actorRef, CaseRecorder, projectionOf, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { payoutForGrade, revocationForGrade } from './evaluationGrade.js';
import {
  type EvaluationInput,
  type EvaluationStatus,
  evaluationScored,
  type GradeNotice,
  gradeAssigned,
} from './evaluationUpdates.js';
import { KejinCity, KejinSystem } from './names.js';
import { noticeForecast } from './publicNotice.js';
import { Recall, type RecallRequest } from './recall.js';

const FORMS: StepSchemas = {
  self_report: SelfReport,
  correction: SelfReport,
  expert_scoring: ExpertScoring,
  onsite: OnsiteRecord,
  rectification_plan: RectificationPlan,
};
const DECISIONS: Partial<Record<EvaluationStep, Decision[]>> = {
  written_review: ['approve', 'return'],
  onsite: ['approve', 'return'],
  rectification_review: ['approve', 'return'],
};
const PATH = ['self_report', 'written_review', 'expert_scoring', 'onsite'] as const;
type Stage = (typeof PATH)[number];
type Decided = Extract<StepOutcome, { kind: 'decided' }>;

/** An evaluation's state and its steps, for workflows/evaluation.ts to run. */
export function evaluationCase(input: EvaluationInput) {
  const { workflowId, parent } = wf.workflowInfo();
  const { subCenter: sc, rules } = input;
  const steps = evaluationSteps(rules);
  let status: EvaluationStatus = 'self_report';
  let report: SelfReport | null = null;
  let selfReportMissed = false;
  let returnedOnce = false;
  /** The self-report's due date (kept by a 撤回), whether a report was just filed, and a recall to record. */
  let selfReportDueAt: string | null = null;
  let filed = false;
  let recalled: (RecallRequest & { dueAt: string | null; closing: StepOutcome['closing'] }) | null = null;
  const expertScores: (ExpertScoring & { expert: string; comment: string })[] = [];
  let onsite: (OnsiteRecord & { by: string }) | null = null;
  let score: { quantitative: number; qualitative: number; total: number } | null = null;
  let grade: GradeNotice | null = null;
  let rectification: { plan: string; completeBy: string; acceptedBy: string | null } | null = null;
  const rec = new CaseRecorder<EvaluationStatus>('evaluation', workflowId, () => ({
    status,
    write: projectionOf(
      'evaluations',
      workflowId,
      status,
      {
        round_id: input.roundId,
        year: input.year,
        sub_center_id: sc.id,
        sub_center_name: sc.name,
        organization_id: sc.organizationId,
        city: sc.city,
        system: sc.system,
        category: sc.category,
        current_step: engine.openTasks()[0]?.step ?? null,
        grade: grade?.grade ?? null,
        total_score: score?.total ?? null,
      },
      {
        roundId: input.roundId,
        year: input.year,
        subCenter: sc,
        ruleVersion: input.ruleVersion,
        report,
        selfReportMissed,
        returnedOnce,
        expertScores,
        onsite,
        score,
        grade,
        rectification,
      },
    ),
  }));
  const engine: ApprovalEngine = caseEngine({
    snapshot: () => ({ id: workflowId, status, score, grade }),
    record: rec.record,
    decisions: (task) =>
      task.step === 'written_review' && returnedOnce
        ? ['approve']
        : (DECISIONS[task.step as EvaluationStep] ?? ['approve']),
    // the on-site assessment sends the case back to a review step taken; the written review to the sub-center
    returnTargets: (task) => (task.step === 'onsite' ? ['written_review', 'expert_scoring'] : [APPLICANT_STEP]),
    isParty: (a) => a.organizationId !== null && a.organizationId === sc.organizationId,
    validateDecision: (task, { decision: d }) => {
      if (d.decision !== 'return') validateForm(task, d.payload, d.noConflict);
    },
    // the steps ahead, then the 公示 of the round's grades and its 复核 window
    forecast: () => {
      const at = PATH.indexOf(status as Stage);
      if (at < 0 && status !== 'scored') return [];
      return [
        ...PATH.slice(at < 0 ? PATH.length : at).map((s, i) =>
          forecastStep(s, steps[s], sc.city, i === 0 ? engine.openTasks()[0]?.dueAt : undefined),
        ),
        ...noticeForecast(rules.noticePeriod ?? DEFAULT_NOTICE_PERIODS.evaluation),
      ];
    },
  });
  function validateForm(task: TaskState, payload: unknown, noConflict?: boolean) {
    const parsed = FORMS[task.step]?.safeParse(payload ?? {});
    if (parsed && !parsed.success)
      throw refuse('validation', say('invalidForm'), issueErrors(parsed.error!.issues, ['payload']));
    if (task.step === 'expert_scoring' && noConflict !== true)
      throw refuse('validation', say('declareNoConflictOfInterest'), {
        noConflict: say('tickNoConflict'),
      });
  }
  const recall = new Recall(engine, {
    isParty: (a) => a.organizationId !== null && a.organizationId === sc.organizationId,
    snapshot: () => ({ id: workflowId, status }),
    recorded: () => rec.recorded(),
    what: { zh: '自评报告', en: 'self-report' },
  });
  recall.install();
  let graded = false;
  wf.setHandler(gradeAssigned, (notice) => {
    grade = notice;
    graded = true;
  });
  wf.upsertSearchAttributes([
    { key: KejinCity, value: sc.city },
    { key: KejinSystem, value: sc.system },
  ]);

  const STAGES: Record<Stage, () => Promise<Stage | null>> = {
    self_report: selfReportStep,
    written_review: writtenReviewStep,
    expert_scoring: expertScoringStep,
    onsite: onsiteStep,
  };
  return {
    /** Self-report, written review, expert scoring, on-site assessment, each stage naming the next. */
    async assessed() {
      for (let at: Stage | null = 'self_report'; at; ) at = await STAGES[at]();
    },
    /** The score goes to the round. */
    async reportScore() {
      if (parent)
        await wf.getExternalWorkflowHandle(parent.workflowId).signal(evaluationScored, {
          evaluationId: workflowId,
          subCenterId: sc.id,
          admittedAt: sc.admittedAt,
          ...score!,
        });
    },
    /** The round's grade, once it comes. */
    async graded(): Promise<GradeNotice> {
      await wf.condition(() => graded);
      return grade!;
    },
    followGrade,
    /** Closed: its last entry, every Update answered. */
    async end() {
      status = 'closed';
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.closed', data: { at: workflowNow() } });
      await wf.condition(wf.allHandlersFinished);
      return grade!.grade;
    },
  };

  /** Opens one step with the change that leads to it, and waits for its outcome. */
  async function runStep(
    name: EvaluationStep,
    action: string,
    opts: {
      comment?: string;
      expireAtDue?: boolean;
      onVote?: StepSpec['onVote'];
      /** Who leads to the step (the system unless said), and the tasks that change closes. */
      by?: { id: string; name: string; actingFor?: string | null };
      closeTasks?: StepOutcome['closing'];
      dueAt?: string;
      abandon?: () => boolean;
      onOpen?: (run: StepRun, dueAt: string | null) => void;
    } = {},
  ) {
    const own = 'role' in steps[name].reviewers && steps[name].reviewers.role === 'applicant';
    const { run, toOpen } = await engine.open({
      step: name,
      title: `${sc.name} · ${input.year}`,
      config: steps[name],
      city: sc.city,
      organizationId: own ? sc.organizationId : null,
      conflict: name === 'expert_scoring' ? { city: sc.city, organizationId: sc.organizationId } : null,
      expireAtDue: opts.expireAtDue,
      onVote: opts.onVote,
      dueAt: opts.dueAt,
      abandon: opts.abandon,
    });
    await rec.commit(
      { actor: opts.by ?? SYSTEM_ACTOR, action, comment: opts.comment },
      {
        closeTasks: opts.closeTasks,
        openTasks: toOpen,
        notify: toOpen.map((t) =>
          rec.notify(
            t.assignee ? { username: t.assignee } : { role: t.role, city: null, organizationId: t.organizationId },
            'task.opened',
            `${sc.name}: ${stepLabel(name).zh}`,
          ),
        ),
      },
    );
    opts.onOpen?.(run, toOpen[0]?.dueAt ?? null);
    return engine.outcome(run);
  }
  /** Records a decided step's outcome with its audit entry, then settles its tasks. */
  async function recordOutcome(
    o: StepOutcome,
    action: string,
    comment?: string | null,
    data?: Record<string, unknown>,
  ) {
    const actor = o.kind === 'decided' ? auditActor(o.actor, o.by) : SYSTEM_ACTOR;
    await rec.commit(
      { actor, action, comment: comment === undefined && o.kind === 'decided' ? o.decision.comment : comment, data },
      { closeTasks: o.closing },
    );
    engine.finish(o);
  }

  // 1. self-evaluation report; a missed deadline scores what was not reported as zero. A report
  //    recalled (撤回) reopens this step with its first due date; if that passes, the recalled report stands.
  async function selfReportStep(): Promise<Stage> {
    const back = recalled;
    recalled = null;
    const o = await runStep(
      'self_report',
      back ? 'evaluation.self_report_recalled' : 'evaluation.opened',
      back
        ? {
            by: actorRef(back.actor),
            comment: back.comment,
            closeTasks: back.closing,
            dueAt: back.dueAt ?? undefined,
            expireAtDue: true,
            onOpen: () => recall.done(),
          }
        : {
            comment: `${input.year} 年度绩效评价：请提交自评报告`,
            expireAtDue: true,
            onOpen: (_, dueAt) => {
              selfReportDueAt = dueAt;
            },
          },
    );
    status = 'written_review';
    if (o.kind === 'decided') {
      report = SelfReport.parse(o.decision.payload);
      selfReportMissed = false;
      filed = true;
      await recordOutcome(o, 'evaluation.self_report_submitted');
      return 'written_review';
    }
    filed = false;
    if (report) {
      await recordOutcome(o, 'evaluation.recalled_report_stands', '撤回后逾期未重新提交，以原自评报告为准');
      return 'written_review';
    }
    selfReportMissed = true;
    await recordOutcome(o, 'evaluation.self_report_missed', say('missedUnreportedIndicatorsScoreZero'));
    return 'written_review';
  }

  // 2. written review, which may return the report once for correction; the sub-center may recall
  //    its report while nobody has taken the review up
  async function writtenReviewStep(): Promise<Stage> {
    for (;;) {
      const o = await runStep('written_review', 'evaluation.written_review_opened', {
        abandon: recall.asked,
        onOpen: (run) => {
          if (filed) recall.offer(run, selfReportDueAt);
          filed = false;
        },
      });
      if (o.kind !== 'decided') {
        const r = recall.take();
        if (!r) continue;
        engine.finish(o);
        recalled = { ...r, closing: o.closing };
        status = 'self_report';
        return 'self_report';
      }
      if (o.decision.decision === 'approve') {
        status = 'expert_scoring';
        await recordOutcome(o, 'evaluation.written_review_passed');
        return 'expert_scoring';
      }
      returnedOnce = true;
      status = 'correction';
      await recordOutcome(o, 'evaluation.returned_for_correction');
      const corrected = await runStep('correction', 'evaluation.correction_requested', {
        comment: o.decision.comment,
        expireAtDue: true,
      });
      status = 'written_review';
      if (corrected.kind === 'decided') {
        report = SelfReport.parse(corrected.decision.payload);
        selfReportMissed = false;
        await recordOutcome(corrected, 'evaluation.report_corrected', null);
      } else {
        await recordOutcome(corrected, 'evaluation.correction_missed', null);
      }
    }
  }

  // 3. expert scoring of Annex B by a 会签 panel: each expert's scores are recorded as they come
  async function expertScoringStep(): Promise<Stage> {
    const panel = await runStep('expert_scoring', 'evaluation.expert_scoring_opened', {
      onVote: async (vote, close) => {
        const scoring = ExpertScoring.parse(vote.decision.payload);
        expertScores.push({ ...scoring, expert: vote.actor.displayName, comment: vote.decision.comment });
        await rec.commit(
          {
            actor: auditActor(vote.actor, vote.by),
            action: 'evaluation.expert_scored',
            comment: vote.decision.comment,
            data: scoring,
          },
          { closeTasks: [close] },
        );
      },
    });
    engine.finish(panel);
    status = 'onsite';
    return 'onsite';
  }

  // 4. on-site assessment, then the score; or 退回 to the written review or the expert panel
  async function onsiteStep(): Promise<Stage | null> {
    const o = await runStep('onsite', 'evaluation.onsite_opened');
    if (o.kind !== 'decided') return null;
    if (o.decision.decision === 'return') {
      const to = o.decision.toStep as 'written_review' | 'expert_scoring';
      // a panel sent back scores afresh: the earlier scores stay in the audit trail
      if (to === 'expert_scoring') expertScores.length = 0;
      status = to;
      await recordOutcome(o, 'evaluation.returned_to_step', undefined, { fromStep: 'onsite', toStep: to });
      return to;
    }
    onsite = { ...OnsiteRecord.parse(o.decision.payload), by: o.actor.displayName };
    const profile = profileFor(rules, sc.category);
    const quantitative = quantitativeScore(report?.figures ?? {}, profile, rules.targets);
    const qualitative = qualitativeScore(expertScores);
    score = { quantitative, qualitative, total: totalScore(quantitative, qualitative, profile) };
    status = 'scored';
    await recordOutcome(o, 'evaluation.scored', undefined, { ...score, ruleVersion: input.ruleVersion });
    return null;
  }

  // 5. the grade, and what follows from it
  async function followGrade(g: GradeNotice) {
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'evaluation.graded', data: { ...g } });
    if (g.grade === 'fail') {
      await revocationForGrade(input, g, rec);
    } else if (sc.system === 'tech_service' && g.subsidy > 0) {
      await payoutForGrade(input, g);
    } else if (g.grade === 'pass' && onsite?.findings) {
      await rectify(onsite.findings);
    }
  }

  /** 合格 with findings: a rectification plan (整改), submitted by the sub-center and accepted (or returned) by a reviewer. */
  async function rectify(findings: string) {
    status = 'rectification';
    for (;;) {
      const plan = await runStep('rectification_plan', 'evaluation.rectification_requested', { comment: findings });
      if (plan.kind !== 'decided') continue;
      const p = RectificationPlan.parse(plan.decision.payload);
      rectification = { plan: p.measures, completeBy: p.completeBy, acceptedBy: null };
      await recordOutcome(plan, 'evaluation.rectification_submitted', p.measures);
      const review = await runStep('rectification_review', 'evaluation.rectification_review_opened');
      if (review.kind !== 'decided') continue;
      const accepted = (review as Decided).decision.decision === 'approve';
      if (accepted) rectification.acceptedBy = review.actor.displayName;
      await recordOutcome(review, accepted ? 'evaluation.rectification_accepted' : 'evaluation.rectification_returned');
      if (accepted) return;
    }
  }
}
