/**
 * Admission (建设方案申报 → 地市推荐 → 省级审核 → 纳入管理序列), DOMAIN §3.
 *
 * One run per organisation at a time (workflow ID = admission-<credit code>). The workflow is
 * the only author of the case: every change goes through `recordCaseChange`, which writes the
 * read model, the audit trail, the tasks and the roster in one transaction, and each Update
 * answers only after that write, so the API can read its own writes.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseChange, Notification, TaskToOpen } from '../activities/caseChanges.js';
import {
  ApplicationDraftInput, firstReviewStep, submissionProblems, TERMINAL_STATUSES,
  type AdmissionStatus, type ApplicationData, type ApplicationEditInput, type ApplicationView,
} from '../domain/application.js';
import type { AdmissionRules, ReviewStep } from '../domain/admissionRules.js';
import type { Actor, Role } from '../domain/roles.js';
import type { TaskDecision } from '../domain/tasks.js';
import { evaluateThresholds, failedThresholds } from '../domain/thresholds.js';
import { Checklist } from '../domain/application.js';
import { refuse, TaskBoard, type CompleteCommand, type TaskState } from './humanTask.js';
import { KejinCity, KejinStatus, KejinSystem } from './names.js';

const { recordCaseChange, computeDeadlines, loadAdmissionRules, findActiveSubCenter } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface AdmissionInput {
  applicationId: string;
  data: ApplicationData;
  createdBy: Actor;
}

export const getApplication = wf.defineQuery<ApplicationView>('getApplication');
/** Answers once the new case is readable in PostgreSQL (used with update-with-start). */
export const applicationCreated = wf.defineUpdate<ApplicationView>('applicationCreated');
export const editApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor; changes: ApplicationEditInput }]>('editApplication');
export const submitApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor }]>('submitApplication');
export const withdrawApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor; comment?: string }]>('withdrawApplication');

const STEP_ROLE: Record<ReviewStep, Role> = {
  municipal_review: 'municipal_reviewer',
  provincial_review: 'provincial_reviewer',
  expert_review: 'expert',
  site_inspection: 'provincial_reviewer',
};
const ALLOWED_DECISIONS: Record<ReviewStep, readonly string[]> = {
  municipal_review: ['approve', 'return', 'reject'],
  provincial_review: ['approve', 'return', 'reject', 'expert_review', 'site_inspection'],
  expert_review: ['approve'],
  site_inspection: ['approve'],
};
const SYSTEM = { id: 'system', name: '系统' };
const actorRef = (a: Actor) => ({ id: a.id, name: a.displayName });
const now = () => new Date(Date.now()).toISOString();

export async function admission(input: AdmissionInput): Promise<AdmissionStatus> {
  const { workflowId, runId } = wf.workflowInfo();
  let seq = 0;
  const nextKey = () => `${workflowId}:${runId}:${++seq}`;
  const createdAt = now();
  const app: ApplicationView = {
    ...input.data, id: input.applicationId, workflowId, status: 'draft', currentStep: null,
    createdBy: input.createdBy.id, organizationId: input.createdBy.organizationId,
    thresholdResults: [], ruleVersion: null, supplement: null, expertScores: [], siteInspections: [],
    decisionReason: null, submittedAt: null, decidedAt: null, createdAt, version: 0,
  };
  let rules: AdmissionRules | null = null;
  let ready = false;
  /** The version last written to PostgreSQL; Updates answer only once their change is readable. */
  let recordedVersion = 0;
  const recorded = () => recordedVersion === app.version;
  let submission: { actor: Actor; done: boolean } | null = null;
  let withdrawal: { actor: Actor; comment: string } | null = null;
  const isOwner = (a: Actor) => a.id === input.createdBy.id || (a.organizationId !== null && a.organizationId === input.createdBy.organizationId);
  const editable = () => app.status === 'draft' || app.status === 'supplement_requested';
  const terminal = () => TERMINAL_STATUSES.includes(app.status);
  const applicant = (): Notification['recipient'] => ({ user: input.createdBy.id });
  const notify = (recipient: Notification['recipient'], kind: string, message: string): Notification => ({ key: nextKey(), recipient, kind, message });

  /** Records one step of the case; `to` may equal the current status (edits, task actions). */
  async function commit(
    to: AdmissionStatus,
    audit: { actor: { id: string; name: string }; action: string; comment?: string | null; data?: Record<string, unknown> },
    extra: Omit<Partial<CaseChange>, 'audit'> = {},
  ) {
    const from = app.status;
    app.status = to;
    app.currentStep = to.endsWith('_review') || to === 'site_inspection' ? to : null;
    app.version += 1;
    if (from !== to || app.version === 1) wf.upsertSearchAttributes([{ key: KejinStatus, value: to }]);
    const at = now();
    const version = app.version;
    await recordCaseChange({
      caseType: 'admission', caseId: app.id, workflowId, runId, at, application: app, ...extra,
      audit: [{ key: nextKey(), caseType: 'admission', caseId: app.id, at, fromStatus: from, toStatus: to, comment: audit.comment ?? null, data: audit.data ?? {}, actor: audit.actor, action: audit.action }],
    });
    recordedVersion = Math.max(recordedVersion, version);
  }

  const board: TaskBoard<ApplicationView> = new TaskBoard<ApplicationView>({
    snapshot: () => app,
    record: async ({ audit, patch }) => {
      const at = now();
      const remind = audit.action === 'task.overdue_reminder' || audit.action === 'task.escalated';
      const task = board.tasks.get(patch.id)!;
      await recordCaseChange({
        caseType: 'admission', caseId: app.id, workflowId, runId, at, patchTasks: [patch],
        audit: [{ ...audit, key: nextKey(), caseType: 'admission', caseId: app.id, at }],
        notify: remind ? task.candidateRoles.map((role) => notify({ role, city: task.city }, audit.action, `${app.orgName}: ${audit.comment}`)) : [],
      });
    },
    validateDecision: (task, { decision: d, actor }) => validateDecision(task, d, actor),
    precheckDecision: async (task, { decision: d }) => {
      if (task.step === 'provincial_review' && d.decision === 'approve') {
        const existing = await findActiveSubCenter(app.creditCode);
        if (existing) throw refuse('conflict', `该机构已是分中心 (${existing.name})，一家机构只能设立一个分中心 (one sub-center per institution)`);
      }
    },
  });

  function validateDecision(task: TaskState, d: CompleteCommand['decision'], actor: Actor) {
    const step = task.step as ReviewStep;
    if (!ALLOWED_DECISIONS[step].includes(d.decision))
      throw refuse('validation', `此环节不能作出 ${d.decision} 决定 (not allowed at ${step})`, { decision: `allowed: ${ALLOWED_DECISIONS[step].join(', ')}` });
    if (step === 'provincial_review' && d.decision === 'approve') {
      const failed = failedThresholds(app.thresholdResults);
      if (failed.length > 0)
        throw refuse('validation', `准入门槛未达标: ${failed.map((f) => `${f.label} ${f.value ?? '—'}${f.unit} (要求 ${f.op} ${f.limit})`).join('; ')}`,
          Object.fromEntries(failed.map((f) => [`thresholdFigures.${f.key}`, `requires ${f.op} ${f.limit} ${f.unit}`])));
      const unmet = (Object.keys(Checklist.shape) as (keyof ApplicationData['checklist'])[]).filter((k) => app.checklist[k] !== true);
      if (unmet.length > 0)
        throw refuse('validation', `资质条件未满足: ${unmet.join(', ')} (qualification checklist not met)`, Object.fromEntries(unmet.map((k) => [`checklist.${k}`, 'not met'])));
    }
    if (step === 'expert_review') {
      if (d.noConflict !== true) throw refuse('validation', '请先声明无利益冲突 (declare no conflict of interest first)', { noConflict: 'required' });
      if (actor.city === app.city || (actor.organizationId !== null && actor.organizationId === app.organizationId))
        throw refuse('forbidden', '专家与申报单位同城或同单位，须回避 (conflict of interest: same city or organisation)');
      if (d.score === undefined) throw refuse('validation', '请打分 (score required)', { score: 'required, 0–100' });
    }
    if (step === 'site_inspection' && !d.findings) throw refuse('validation', '请填写考察发现 (findings required)', { findings: 'required' });
  }

  wf.upsertSearchAttributes([{ key: KejinCity, value: app.city }, { key: KejinSystem, value: app.system }]);
  board.install();
  wf.setHandler(getApplication, () => app);
  wf.setHandler(applicationCreated, async () => {
    await wf.condition(() => ready && recorded());
    return app;
  });
  wf.setHandler(editApplication, async ({ actor, changes }) => {
    Object.assign(app, changes);
    await commit(app.status, { actor: actorRef(actor), action: 'application.edited', data: { fields: Object.keys(changes) } });
    return app;
  }, {
    validator: ({ actor, changes }) => {
      if (!isOwner(actor)) throw refuse('forbidden', '只有申报单位可以修改 (only the applicant may edit)');
      if (!editable()) throw refuse('conflict', `当前状态不可修改 (cannot edit in status ${app.status})`);
      if (changes.creditCode !== undefined && changes.creditCode !== app.creditCode)
        throw refuse('validation', '统一社会信用代码不可修改 (the credit code cannot change)', { creditCode: 'cannot change' });
      const merged = ApplicationDraftInput.safeParse({ ...app, ...changes });
      if (!merged.success)
        throw refuse('validation', '申报信息不一致 (inconsistent application)', Object.fromEntries(merged.error.issues.map((i) => [i.path.join('.'), i.message])));
    },
  });
  wf.setHandler(submitApplication, async ({ actor }) => {
    const existing = await findActiveSubCenter(app.creditCode);
    if (existing) throw refuse('conflict', `该机构已是分中心 (${existing.name})，一家机构只能设立一个分中心 (one sub-center per institution)`);
    const current = await loadAdmissionRules();
    if (submission || !editable()) throw refuse('conflict', '已提交 (already submitted)');
    rules = current.rules;
    app.ruleVersion = current.version;
    app.thresholdResults = app.system === 'financial' ? evaluateThresholds(app.category, app.thresholdFigures, rules.thresholds) : [];
    const request = { actor, done: false };
    submission = request;
    await wf.condition(() => request.done);
    return app;
  }, {
    validator: ({ actor }) => {
      if (!isOwner(actor)) throw refuse('forbidden', '只有申报单位可以提交 (only the applicant may submit)');
      if (!editable() || submission) throw refuse('conflict', `当前状态不可提交 (cannot submit in status ${app.status})`);
      const problems = submissionProblems(app);
      if (Object.keys(problems).length > 0) throw refuse('validation', '申报材料不完整 (the application is incomplete)', problems);
    },
  });
  wf.setHandler(withdrawApplication, async ({ actor, comment }) => {
    withdrawal ??= { actor, comment: comment ?? '申报单位撤回 (withdrawn by the applicant)' };
    await wf.condition(() => terminal() && recorded());
    if (app.status !== 'withdrawn') throw refuse('conflict', `已作出决定，不能撤回 (already ${app.status})`);
    return app;
  }, {
    validator: ({ actor }) => {
      if (!isOwner(actor)) throw refuse('forbidden', '只有申报单位可以撤回 (only the applicant may withdraw)');
      if (terminal()) throw refuse('conflict', `当前状态不可撤回 (cannot withdraw in status ${app.status})`);
    },
  });

  /** Opens the task of a review step; its deadlines come from the rule set's SLA in working days. */
  async function openTask(step: ReviewStep): Promise<TaskToOpen> {
    const sla = rules!.sla[step];
    const [dueAt, escalateAt] = await computeDeadlines(now(), [sla.workingDays, sla.workingDays + sla.escalateAfterWorkingDays]);
    const task = board.add({ id: wf.uuid4(), step, role: STEP_ROLE[step], city: step === 'municipal_review' ? app.city : null, dueAt: dueAt!, escalateAt: escalateAt!, supervisorRole: sla.supervisorRole });
    return { id: task.id, title: app.orgName, step, role: task.role, city: task.city, dueAt: task.dueAt, priority: app.system === 'financial' ? 1 : 0 };
  }
  const taskOpened = (t: TaskToOpen) => notify({ role: t.role, city: t.city }, 'task.opened', `${app.orgName}: 待办 ${t.step}`);

  async function withdraw() {
    const { actor, comment } = withdrawal!;
    const at = now();
    const open = board.openTasks();
    open.forEach((t) => board.settle(t));
    await commit('withdrawn', { actor: actorRef(actor), action: 'application.withdrawn', comment }, {
      closeTasks: open.map((t) => ({ id: t.id, status: 'cancelled' as const, at })),
    });
  }

  async function waitForApplicant() {
    const acted = () => submission !== null || withdrawal !== null;
    const dueAt = app.status === 'supplement_requested' ? app.supplement!.dueAt : null;
    const inTime = dueAt === null ? (await wf.condition(acted), true) : await wf.condition(acted, Math.max(1, Date.parse(dueAt) - Date.now()));
    if (withdrawal) return withdraw();
    if (!inTime) {
      return commit('withdrawn', { actor: SYSTEM, action: 'application.withdrawn_deadline_missed', comment: `补正期限 ${dueAt} 已过，申请视为撤回 (supplement deadline missed)` }, { notify: [notify(applicant(), 'application.withdrawn', `${app.orgName}: 补正逾期，申请已撤回`)] });
    }
    const { actor } = submission!;
    const resubmission = app.status === 'supplement_requested';
    const step = resubmission ? app.supplement!.fromStep : firstReviewStep(app);
    const task = await openTask(step);
    app.submittedAt = now();
    app.supplement = null;
    await commit(step, {
      actor: actorRef(actor), action: resubmission ? 'application.resubmitted' : 'application.submitted',
      data: { ruleVersion: app.ruleVersion, thresholdResults: app.thresholdResults },
    }, { openTasks: [task], notify: [taskOpened(task)] });
    submission!.done = true;
    submission = null;
  }

  async function decide(task: TaskState, { actor, decision: d }: { actor: Actor; decision: TaskDecision }) {
    const at = now();
    const closeTasks = [{ id: task.id, status: 'done' as const, decision: d.decision, comment: d.comment, completedBy: actor.username, at }];
    const by = { actor: actorRef(actor), comment: d.comment };
    const toStep = async (step: ReviewStep, action: string, data: Record<string, unknown> = {}) => {
      const next = await openTask(step);
      await commit(step, { ...by, action, data: { taskId: task.id, ...data } }, { closeTasks, openTasks: [next], notify: [taskOpened(next)] });
    };
    if (task.step === 'expert_review') {
      app.expertScores.push({ taskId: task.id, expert: actor.displayName, score: d.score!, comment: d.comment, at });
      return toStep('provincial_review', 'expert.scored', { score: d.score });
    }
    if (task.step === 'site_inspection') {
      app.siteInspections.push({ taskId: task.id, inspector: actor.displayName, findings: d.findings!, comment: d.comment, at });
      return toStep('provincial_review', 'site.inspected', { findings: d.findings });
    }
    switch (d.decision) {
      case 'reject':
        app.decisionReason = d.comment;
        app.decidedAt = at;
        return commit('rejected', { ...by, action: 'application.rejected' }, { closeTasks, notify: [notify(applicant(), 'application.rejected', `${app.orgName}: 申请未通过 — ${d.comment}`)] });
      case 'return': {
        const [dueAt] = await computeDeadlines(at, [d.supplementDays ?? rules!.supplementWorkingDays]);
        app.supplement = { requestedBy: actor.displayName, fromStep: task.step as 'municipal_review' | 'provincial_review', reason: d.comment, dueAt: dueAt! };
        return commit('supplement_requested', { ...by, action: 'application.returned', data: { dueAt, fromStep: task.step } }, { closeTasks, notify: [notify(applicant(), 'application.returned', `${app.orgName}: 请于 ${dueAt} 前补正 — ${d.comment}`)] });
      }
      case 'expert_review':
      case 'site_inspection':
        return toStep(d.decision, `application.${d.decision}_requested`);
      case 'approve':
        if (task.step === 'municipal_review') return toStep('provincial_review', 'application.recommended');
        app.decidedAt = at;
        app.decisionReason = d.comment;
        return commit('admitted', { ...by, action: 'application.admitted', data: { published: true } }, {
          closeTasks,
          admit: { id: `SC-${app.creditCode}-${app.id.slice(0, 8)}`, applicationId: app.id, name: app.orgName, creditCode: app.creditCode, system: app.system, category: app.category, city: app.city, organizationId: app.organizationId },
          notify: [notify(applicant(), 'application.admitted', `${app.orgName}: 已纳入分中心管理序列并公布`)],
        });
    }
  }

  await commit('draft', { actor: actorRef(input.createdBy), action: 'application.created' });
  ready = true;

  while (!terminal()) {
    if (editable()) {
      await waitForApplicant();
      continue;
    }
    const task = board.openTasks().find((t) => t.step === app.status)!;
    const outcome = await board.waitForDecision(task, () => withdrawal !== null);
    if (outcome.kind !== 'decided') {
      await withdraw();
      continue;
    }
    await decide(task, outcome);
    board.settle(task);
  }
  await wf.condition(wf.allHandlersFinished);
  return app.status;
}
