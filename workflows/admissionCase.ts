/**
 * The state and steps of one admission (workflows/admission.ts runs them in order): the
 * application and its record, the applicant's turn (draft, supplement, submit, withdraw, 撤回), the
 * review steps on the approval engine (city bureau, Provincial Center, experts, site inspection),
 * the 公示 of an approval and the roster entry it leads to.
 */

import * as wf from '@temporalio/workflow';
import type { TaskToOpen } from '../activities/caseChanges.js';
import { admissionSteps, type ReviewStep } from '../domain/admissionRules.js';
import {
  type AdmissionStatus,
  type ApplicationView,
  firstReviewStep,
  panelMean,
  TERMINAL_STATUSES,
} from '../domain/application.js';
import { APPLICANT_STEP, type Decision, type ForecastStep, forecastStep, stepLabel } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import { alreadySubCenter } from '../domain/organizations.js';
import type { Actor } from '../domain/roles.js';
import { shanghaiMinute } from '../domain/workdays.js';
import { db } from './activities.js';
import { type AdmissionState, installApplicantUpdates } from './admissionApplicant.js';
import { expertScore, formFields, validateDecision } from './admissionChecks.js';
import type { AdmissionInput } from './admissionUpdates.js';
import { auditActor, refuse, type StepOutcome, waitUntil } from './approvalEngine.js';
import { type CaseEngine, caseEngineWithNotice } from './caseEngine.js';
import { actorRef, CaseRecorder, SYSTEM_ACTOR, upsertMissing, workflowNow } from './caseRecorder.js';
import { KejinCity, KejinSystem } from './names.js';
import { NOTICE_PATCH } from './publicNotice.js';
import { since } from './versions.js';

const DECISIONS: Record<ReviewStep, Decision[]> = {
  municipal_review: ['approve', 'return', 'reject'],
  provincial_review: ['approve', 'return', 'reject', 'expert_review', 'site_inspection'],
  expert_review: ['approve'],
  site_inspection: ['approve'],
};
const ADMISSION_RESULTS = { admit: '拟纳入分中心管理序列' };

/** An admission's state and its steps, for workflows/admission.ts to run. */
export function admissionCase(input: AdmissionInput) {
  const { workflowId } = wf.workflowInfo();
  const app: ApplicationView = {
    ...input.data,
    id: input.applicationId,
    workflowId,
    status: 'draft',
    currentStep: null,
    createdBy: input.createdBy.id,
    organizationId: input.createdBy.organizationId,
    thresholdResults: [],
    ruleVersion: null,
    supplement: null,
    expertScores: [],
    siteInspections: [],
    decisionReason: null,
    passedSteps: [],
    submittedAt: null,
    decidedAt: null,
    createdAt: workflowNow(),
    version: 0,
  };
  const rec = new CaseRecorder<AdmissionStatus>(
    'admission',
    app.id,
    () => ({
      status: app.status,
      write: (version) => {
        app.version = version;
        app.currentStep = isReviewStep(app.status) ? app.status : null;
        return { application: app };
      },
    }),
    app.createdAt,
  );
  /** The applicant's requests and the review in progress, shared with the applicant's Updates. */
  const state: AdmissionState = {
    rules: null,
    ready: false,
    submission: null,
    withdrawal: null,
    recall: null,
    current: null,
  };
  const isOwner = (a: Actor) =>
    a.id === input.createdBy.id || (a.organizationId !== null && a.organizationId === input.createdBy.organizationId);
  const editable = () => app.status === 'draft' || app.status === 'supplement_requested';
  const terminal = () => TERMINAL_STATUSES.includes(app.status);
  const steps = () => admissionSteps(state.rules!);
  const notifyApplicant = (kind: string, message: string) =>
    rec.notify({ user: input.createdBy.id }, kind, `${app.orgName}: ${message}`);
  const taskOpened = (t: TaskToOpen) =>
    rec.notify(
      t.assignee ? { username: t.assignee } : { role: t.role, city: t.city },
      'task.opened',
      `${app.orgName}: 待办 ${stepLabel(t.step).zh}`,
    );
  const commit = (to: AdmissionStatus, ...args: Parameters<typeof rec.commit>) => {
    app.status = to;
    return rec.commit(...args);
  };

  const noticeSpec = () => ({
    kind: 'admission' as const,
    period: state.rules?.noticePeriod ?? DEFAULT_NOTICE_PERIODS.admission,
    results: ADMISSION_RESULTS,
    removable: true,
  });
  const { engine, notice }: CaseEngine = caseEngineWithNotice(
    rec,
    {
      snapshot: () => app,
      record: rec.record,
      decisions: (task) => DECISIONS[task.step as ReviewStep],
      returnTargets: (task) =>
        DECISIONS[task.step as ReviewStep].includes('return') ? [APPLICANT_STEP, ...passedBefore(task.step)] : [],
      isParty: isOwner,
      validateDecision: (task, cmd) => validateDecision(app, state.rules, task, cmd),
      formFields: (task) => formFields(state.rules, task),
      precheckDecision: async (task, { decision: d }) => {
        if (task.step !== 'provincial_review' || d.decision !== 'approve') return;
        const existing = await db().findActiveSubCenter(app.creditCode);
        if (existing) throw refuse('conflict', alreadySubCenter(existing.name));
      },
      forecast,
    },
    noticeSpec,
  );

  upsertMissing([
    { key: KejinCity, value: app.city },
    { key: KejinSystem, value: app.system },
  ]);
  installApplicantUpdates({ app, rec, engine, state, isOwner, editable, terminal });

  return {
    /** The application drafted: the case's first entry. */
    async created() {
      await rec.commit({ actor: actorRef(input.createdBy), action: 'application.created' });
      state.ready = true;
    },
    ended: terminal,
    applicantsTurn: editable,
    inNotice: () => app.status === 'public_notice',
    applicantTurn,
    noticePeriod,
    /** The review step in progress decides (or ends without a decision: withdrawn, recalled). */
    async reviewStep() {
      const outcome = await engine.outcome(state.current!.run);
      if (outcome.kind === 'decided') await decide(outcome);
      else await stopReview(outcome.closing);
      engine.finish(outcome);
    },
    /** Admitted, rejected or withdrawn: the 公示 closed, every Update answered. */
    async end() {
      if (notice.started()) await notice.closed();
      await wf.condition(wf.allHandlersFinished);
      return app.status;
    },
  };

  // ── the applicant's turn: draft or supplement, until they submit or withdraw

  async function applicantTurn() {
    const acted = () => state.submission !== null || state.withdrawal !== null;
    const dueAt = app.status === 'supplement_requested' ? app.supplement!.dueAt : null;
    const inTime = await waitUntil(acted, dueAt);
    if (state.withdrawal) return stopReview([]);
    if (!inTime)
      return commit(
        'withdrawn',
        {
          actor: SYSTEM_ACTOR,
          action: 'application.withdrawn_deadline_missed',
          comment: say('supplementMissed', dueAt ?? ''),
        },
        {
          notify: [notifyApplicant('application.withdrawn', '补正逾期，申请已撤回')],
        },
      );
    const { actor } = state.submission!;
    const resubmission = app.status === 'supplement_requested';
    const step = resubmission ? app.supplement!.fromStep : firstReviewStep(app);
    const { run, toOpen } = await engine.open(stepSpec(step));
    state.current = { run, afterSubmission: true };
    app.submittedAt = workflowNow();
    app.supplement = null;
    await commit(
      step,
      {
        actor: actorRef(actor),
        action: resubmission ? 'application.resubmitted' : 'application.submitted',
        data: { ruleVersion: app.ruleVersion, thresholdResults: app.thresholdResults },
      },
      { openTasks: toOpen, notify: toOpen.map(taskOpened) },
    );
    state.submission!.done = true;
    state.submission = null;
  }

  /** Withdrawn (for good) or recalled (back to draft) while a review step was open. */
  async function stopReview(closeTasks: StepOutcome['closing']) {
    state.current = null;
    if (state.recall && !state.withdrawal) {
      const { actor, comment } = state.recall;
      state.recall = null;
      app.submittedAt = null;
      return commit('draft', { actor: actorRef(actor), action: 'application.recalled', comment }, { closeTasks });
    }
    const { actor, comment } = state.withdrawal!;
    return commit('withdrawn', { actor: actorRef(actor), action: 'application.withdrawn', comment }, { closeTasks });
  }

  // ── review steps

  function stepSpec(step: ReviewStep) {
    return {
      step,
      title: app.orgName,
      config: steps()[step],
      city: app.city,
      priority: app.system === 'financial' ? 1 : 0,
      conflict: step === 'expert_review' ? { city: app.city, organizationId: app.organizationId } : null,
      abandon: () => state.withdrawal !== null || state.recall !== null,
    };
  }

  /** Opens the next step with the change that leads to it. */
  async function toStep(
    step: ReviewStep,
    outcome: Extract<StepOutcome, { kind: 'decided' }>,
    action: string,
    data: Record<string, unknown> = {},
  ) {
    const { run, toOpen } = await engine.open(stepSpec(step));
    if (!app.passedSteps!.includes(outcome.task.step)) app.passedSteps!.push(outcome.task.step);
    state.current = { run, afterSubmission: false };
    await commit(
      step,
      {
        actor: auditActor(outcome.actor, outcome.by),
        action,
        comment: outcome.decision.comment,
        data: { taskId: outcome.task.id, ...data },
      },
      {
        closeTasks: outcome.closing,
        openTasks: toOpen,
        notify: toOpen.map(taskOpened),
      },
    );
  }

  async function decide(outcome: Extract<StepOutcome, { kind: 'decided' }>) {
    const { task, decision: d } = outcome;
    const at = workflowNow();
    const by = { actor: auditActor(outcome.actor, outcome.by), comment: d.comment };
    if (task.step === 'expert_review' && d.decision === 'approve') {
      // every expert's score, whatever the panel's mode (会签 votes first, then the deciding one)
      const scored = [
        ...outcome.votes.map((v) => ({ taskId: v.taskId, actor: v.actor, decision: v.decision })),
        { taskId: task.id, actor: outcome.actor, decision: d },
      ];
      for (const v of scored) {
        const score = expertScore(state.rules, v.decision);
        if (score !== undefined && !app.expertScores.some((s) => s.taskId === v.taskId))
          app.expertScores.push({
            taskId: v.taskId,
            expert: v.actor.displayName,
            score,
            comment: v.decision.comment,
            at,
          });
      }
      const panel = app.expertScores.filter((s) => scored.some((v) => v.taskId === s.taskId));
      return toStep('provincial_review', outcome, 'expert.scored', {
        score: expertScore(state.rules, d),
        ...(panel.length > 1 && { scores: panel.map((s) => s.score), mean: panelMean(panel) }),
      });
    }
    if (task.step === 'site_inspection' && d.decision === 'approve') {
      app.siteInspections.push({
        taskId: task.id,
        inspector: outcome.actor.displayName,
        findings: d.findings!,
        comment: d.comment,
        at,
      });
      return toStep('provincial_review', outcome, 'site.inspected', { findings: d.findings });
    }
    switch (d.decision) {
      case 'reject':
        app.decisionReason = d.comment;
        app.decidedAt = at;
        return commit(
          'rejected',
          { ...by, action: 'application.rejected' },
          {
            closeTasks: outcome.closing,
            notify: [notifyApplicant('application.rejected', `申请未通过 — ${d.comment}`)],
          },
        );
      case 'return':
        if (d.toStep && d.toStep !== APPLICANT_STEP)
          return toStep(d.toStep as ReviewStep, outcome, 'application.returned_to_step', {
            fromStep: task.step,
            toStep: d.toStep,
          });
        return returnToApplicant(outcome);
      case 'expert_review':
      case 'site_inspection':
        return toStep(d.decision, outcome, `application.${d.decision}_requested`);
      default:
        if (task.step === 'municipal_review') return toStep('provincial_review', outcome, 'application.recommended');
        app.decidedAt = at;
        app.decisionReason = d.comment;
        if (since(NOTICE_PATCH)) return toNotice(by, outcome.closing);
        // cases decided before the notice stage existed: admitted at once
        return admit(by, outcome.closing);
    }
  }

  /** 公示: the admission is final once the list's period has ended with every objection handled. */
  /** The provincial approval is published (拟纳入名单公示) before it takes effect. */
  async function toNotice(
    by: { actor: { id: string; name: string; actingFor?: string | null }; comment: string },
    closeTasks: StepOutcome['closing'],
  ) {
    await notice.open(
      [
        {
          id: app.id,
          orgName: app.orgName,
          city: app.city,
          system: app.system,
          category: app.category,
          result: ADMISSION_RESULTS.admit,
          code: 'admit',
          organizationId: app.organizationId,
        },
      ],
      () =>
        commit(
          'public_notice',
          { ...by, action: 'application.approved_for_notice' },
          {
            closeTasks,
            notify: [notifyApplicant('application.public_notice', '省级审核通过，进入拟纳入名单公示')],
          },
        ),
    );
  }

  /** 公示: the admission is final once the list's period has ended with every objection handled. */
  async function noticePeriod() {
    const final = await notice.final(() => state.withdrawal !== null);
    if (final === null) return stopReview([]);
    if (final.length > 0) return admit({ actor: SYSTEM_ACTOR, comment: say('admittedAfterNotice') }, []);
    app.decisionReason = say('notAdmittedObjectionUpheld');
    return commit(
      'rejected',
      { actor: SYSTEM_ACTOR, action: 'application.rejected_after_notice', comment: app.decisionReason },
      {
        notify: [notifyApplicant('application.rejected', app.decisionReason)],
      },
    );
  }

  /** Onto the roster, active and published. */
  function admit(
    by: { actor: { id: string; name: string; actingFor?: string | null }; comment: string },
    closeTasks: StepOutcome['closing'],
  ) {
    return commit(
      'admitted',
      { ...by, action: 'application.admitted', data: { published: true } },
      {
        closeTasks,
        admit: {
          id: `SC-${app.creditCode}-${app.id.slice(0, 8)}`,
          applicationId: app.id,
          name: app.orgName,
          creditCode: app.creditCode,
          system: app.system,
          category: app.category,
          city: app.city,
          organizationId: app.organizationId,
        },
        notify: [notifyApplicant('application.admitted', '已纳入分中心管理序列并公布')],
      },
    );
  }

  /** 退回补正: the applicant supplements by a deadline in working days, then the case resumes at this step. */
  async function returnToApplicant(outcome: Extract<StepOutcome, { kind: 'decided' }>) {
    const { task, decision: d } = outcome;
    const [dueAt] = await db().computeDeadlines(workflowNow(), [
      d.supplementDays ?? state.rules!.supplementWorkingDays,
    ]);
    app.supplement = {
      requestedBy: outcome.actor.displayName,
      fromStep: task.step as ReviewStep,
      reason: d.comment,
      dueAt: dueAt!,
    };
    state.current = null;
    return commit(
      'supplement_requested',
      {
        actor: auditActor(outcome.actor, outcome.by),
        comment: d.comment,
        action: 'application.returned',
        data: { dueAt, fromStep: task.step },
      },
      {
        closeTasks: outcome.closing,
        notify: [notifyApplicant('application.returned', `请于 ${shanghaiMinute(dueAt!)} 前补正 — ${d.comment}`)],
      },
    );
  }

  /** Review steps passed before `step`, most recent last (退回 targets). */
  function passedBefore(step: string) {
    const passed = app.passedSteps ?? [];
    return passed.slice(0, passed.includes(step) ? passed.indexOf(step) : passed.length).filter((s) => s !== step);
  }

  /** 流程预测: the current step with its due date, then the usual path to admission, 公示 and 复核 included. */
  function forecast(): ForecastStep[] {
    if (app.status === 'public_notice' || (app.status === 'admitted' && notice.started())) return notice.forecast();
    if (terminal()) return [];
    const all = state.rules ? steps() : null;
    const path: ReviewStep[] = [];
    if (editable()) path.push(app.supplement?.fromStep ?? firstReviewStep(app));
    else if (isReviewStep(app.status)) path.push(app.status);
    if (path[0] !== 'provincial_review') path.push('provincial_review');
    if (!all) return [];
    const dueAt = state.current?.run.taskIds.map((id) => engine.tasks.get(id)!).find((t) => !t.settled)?.dueAt;
    return [
      ...path.map((s, i) => forecastStep(s, all[s], app.city, i === 0 && !editable() ? dueAt : undefined)),
      ...notice.forecast(),
    ];
  }
}

function isReviewStep(status: string): status is ReviewStep {
  return status.endsWith('_review') || status === 'site_inspection';
}
