/**
 * The approval engine: the one way every process waits for people (中国式审批, DOMAIN §10).
 *
 * A process opens a *step* from its configuration (mode, reviewers, SLA, whenNobody — from the
 * rule set the case recorded) and awaits the step's outcome. The engine owns the step's tasks and
 * applies every action on them as a Temporal Update with a validator: claim, release, assign,
 * transfer (转办), delegate (委派), add/remove signers (加签/减签), urge (催办), cc (抄送), comment,
 * and complete (approve / return to a passed step / reject …). A refused action never enters
 * history; an accepted one is recorded (audit entry with acting-for, task rows, notifications)
 * before its Update answers. `taskActions` answers what a person may do now from the same rules.
 *
 * Recording rule: in `single` and `any` steps the decision that ends the step is handed to the
 * process unrecorded, and the process records it together with what follows (one write per
 * decision); every other decision (a 会签 vote, a signer's approval) is recorded as it arrives.
 */
import * as wf from '@temporalio/workflow';
import type { AuditEntry } from '../activities/audit.js';
import type { Notification, TaskClosing, TaskPatch, TaskToOpen } from '../activities/caseChanges.js';
import {
  ACTION_LABELS,
  type ActionField,
  type AvailableAction,
  DECISION_LABELS,
  type Decision,
  type ForecastStep,
  PRIORITY_LABELS,
  type StepConfig,
  stepLabel,
  type TaskAction,
} from '../domain/approval.js';
import { say } from '../domain/messages.js';
import type { Actor, Role } from '../domain/roles.js';
import { STEP_FORMS } from '../domain/stepForms.js';
import {
  CONFLICT_OF_INTEREST,
  canActOnTask,
  handOverRefusal,
  hasConflict,
  holdsTask,
  outsider,
  type TaskDecision,
} from '../domain/tasks.js';
import { db } from './activities.js';
import {
  type AssignCommand,
  addSigners,
  assignTask,
  type CompleteCommand,
  type Conflict,
  caseForecast,
  ccCase,
  claimTask,
  commentCase,
  completeTask,
  delegateTask,
  prioritizeTask,
  recuseTask,
  releaseTask,
  removeSigner,
  type TaskCommand,
  type TaskState,
  taskActions,
  transferTask,
  urgeTask,
} from './approvalUpdates.js';
import { SYSTEM_ACTOR } from './caseRecorder.js';
import { since } from './versions.js';

/** Marks histories written by the engine; runs recorded before it keep their old commands. */
export const ENGINE_PATCH = 'approval-engine-1';

export interface Vote {
  taskId: string;
  actor: Actor;
  by?: Actor | null;
  decision: TaskDecision;
}
export type StepOutcome =
  | {
      kind: 'decided';
      task: TaskState;
      actor: Actor;
      by?: Actor | null;
      decision: TaskDecision;
      /** Every recorded decision of the step (会签 votes), the deciding one included when recorded. */
      votes: Vote[];
      /** Task rows the process's next write closes: the deciding task if unrecorded, and cancelled siblings. */
      closing: TaskClosing[];
    }
  | { kind: 'abandoned' | 'expired'; votes: Vote[]; closing: TaskClosing[] };

/** Each step's form schema (zod's), by step: what a process checks a decision's payload with. */
export type StepSchemas = Partial<
  Record<
    string,
    {
      safeParse(v: unknown): {
        success: boolean;
        error?: { issues: { code: string; path: PropertyKey[]; message: string }[] };
      };
    }
  >
>;

/** What a process tells the engine about one step it opens. */
export interface StepSpec {
  step: string;
  title: string;
  config: StepConfig;
  /** The case's city, for city-scoped reviewers. */
  city: string | null;
  /** Tasks owned by one organisation (a sub-center's self-report, statement …). */
  organizationId?: string | null;
  /** The subject of the step, for conflicts of interest (experts of its city or organisation step aside). */
  conflict?: Conflict | null;
  /**
   * The organisation the step is about, where a case has several (a competition's bids): only it,
   * of the case's parties, may urge the step. Unset: every party of the case (`isParty`).
   */
  party?: string | null;
  priority?: number;
  /** A fixed due date (a milestone) instead of the SLA. */
  dueAt?: string;
  /** The wait ends at the due date with `expired` (self-reports), instead of reminding and escalating. */
  expireAtDue?: boolean;
  abandon?: () => boolean;
  /** Records a vote that does not end the step (default: a `task.decided` entry). */
  onVote?: (vote: Vote, closing: TaskClosing) => Promise<void>;
}

export interface StepRun {
  no: number;
  spec: StepSpec;
  taskIds: string[];
  /** Seats not yet opened (依次). */
  queue: Seat[];
  votes: Vote[];
  outcome: StepOutcome | null;
  /** Resolved with the outcome directly (not by a condition), so the process moves on in the same activation step. */
  settle: (o: StepOutcome) => void;
  done: Promise<StepOutcome>;
}
type Seat = { role: Role; city: string | null; user?: Actor | null; username?: string };

export const refuse = (
  kind: 'validation' | 'conflict' | 'forbidden' | 'not_found' | 'too_many_requests',
  message: string,
  errors?: Record<string, string>,
) => wf.ApplicationFailure.create({ type: kind, message, nonRetryable: true, details: errors ? [errors] : [] });

export interface EngineRecord {
  audit: Omit<AuditEntry, 'key' | 'caseType' | 'caseId' | 'at'>;
  patch?: TaskPatch[];
  openTasks?: TaskToOpen[];
  closeTasks?: TaskClosing[];
  notify?: Omit<Notification, 'key'>[];
  cc?: string[];
}
export interface ApprovalEngineHooks {
  /** Persists what an action changed (audit entry, task rows, notifications) in one write. */
  record(change: EngineRecord): Promise<void>;
  /** Throws if the case does not allow this decision now (step rules, required fields). */
  validateDecision(task: TaskState, command: CompleteCommand): void;
  /** Checks that need an activity (e.g. the roster) before a decision is accepted. */
  precheckDecision?(task: TaskState, command: CompleteCommand): Promise<void>;
  /** The decisions a step allows (the engine adds `return` where there is a step to return to). */
  decisions(task: TaskState): Decision[];
  /** Steps this task may return the case to (退回), `applicant` included where it applies. */
  returnTargets?(task: TaskState): string[];
  /** The case's own party (the applicant organisation), who may urge and comment. */
  isParty?(actor: Actor): boolean;
  /** The step's fields that depend on the case (criteria, bids), after its fixed form (domain/stepForms.ts). */
  formFields?(task: TaskState): ActionField[];
  /** The steps still ahead after the current one (流程预测). */
  forecast?(): ForecastStep[];
  snapshot(): unknown;
}

const DAY_MS = 86_400_000;
/** Who sets a task's priority: the Provincial Center (its reviewers and the administrators). */
const setsPriority = (actor: Actor) => actor.roles.includes('provincial_reviewer') || actor.roles.includes('admin');
const now = () => new Date(Date.now()).toISOString();
/** Decisions named in both languages, for a refusal that lists the ones allowed. */
const decisionWords = (decisions: readonly Decision[]) =>
  [
    decisions.map((a) => DECISION_LABELS[a].zh).join('、'),
    decisions.map((a) => DECISION_LABELS[a].en).join(', '),
  ] as const;
/** Who an entry names: the person acting, and whom they stand in for. */
export const auditActor = (actor: Actor, by?: Actor | null) =>
  by ? { id: by.id, name: by.displayName, actingFor: actor.displayName } : { id: actor.id, name: actor.displayName };
/** Waits until `done()` holds or the deadline passes (a durable timer); false when the deadline came first. */
export function waitUntil(done: () => boolean, deadline: string | null): Promise<boolean> {
  if (deadline === null) return wf.condition(done).then(() => true);
  return wf.condition(done, Math.max(1, Date.parse(deadline) - Date.now()));
}

export const closing = (
  taskId: string,
  status: 'done' | 'cancelled',
  by?: { actor: Actor; proxy?: Actor | null; decision: TaskDecision },
): TaskClosing => ({
  id: taskId,
  status,
  decision: by?.decision.decision,
  comment: by?.decision.comment,
  completedBy: (by?.proxy ?? by?.actor)?.username,
  ...(by?.proxy && { actingFor: by.actor.username }),
  ...(by?.decision.signed && { signed: true }),
  at: now(),
});

export class ApprovalEngine {
  readonly tasks = new Map<string, TaskState>();
  private readonly runs: StepRun[] = [];
  constructor(private readonly hooks: ApprovalEngineHooks) {}

  openTasks(): TaskState[] {
    return [...this.tasks.values()].filter((t) => !t.settled);
  }
  /** Tasks the engine has seen decided (earlier reviewers may urge). */
  private decidedBy(actor: Actor) {
    return [...this.tasks.values()].some((t) => t.completion?.actor.id === actor.id);
  }

  // ── opening steps

  /**
   * Opens a step: resolves its seats, computes due dates in working days, applies `whenNobody`,
   * and returns the task rows for the process to write with the change that leads to the step.
   */
  async open(spec: StepSpec): Promise<{ run: StepRun; toOpen: TaskToOpen[] }> {
    const { config } = spec;
    const seats: Seat[] =
      'users' in config.reviewers
        ? config.reviewers.users.map((username) => ({
            role: (config.reviewers as { role: Role }).role,
            city: null,
            username,
          }))
        : Array.from({ length: config.reviewers.count }, () => ({
            role: (config.reviewers as { role: Role }).role,
            city: (config.reviewers as { cityScoped: boolean }).cityScoped ? spec.city : null,
          }));
    let settle: (o: StepOutcome) => void = () => {};
    const done = new Promise<StepOutcome>((resolve) => {
      settle = resolve;
    });
    const run: StepRun = {
      no: this.runs.length + 1,
      spec,
      taskIds: [],
      queue: [],
      votes: [],
      outcome: null,
      settle,
      done,
    };
    this.runs.push(run);
    const first = config.mode === 'sequence' ? seats.slice(0, 1) : seats;
    run.queue = config.mode === 'sequence' ? seats.slice(1) : [];
    return { run, toOpen: await this.openSeats(run, first) };
  }

  /** Creates the tasks of some seats of a run (planning deadlines and holders in one activity). */
  private async openSeats(run: StepRun, seats: Seat[], addedBy: string | null = null): Promise<TaskToOpen[]> {
    const { spec } = run;
    const panel = run.taskIds.length + seats.length + run.queue.length > 1;
    const { workingDays, escalateAfterWorkingDays: esc } = spec.config;
    const from = spec.dueAt ?? now();
    const days = spec.dueAt ? [esc] : [workingDays, workingDays + esc];
    let plan: { deadlines: string[]; holders: number[]; users: (Actor | null)[] };
    if (since(ENGINE_PATCH)) {
      plan = await db().planTasks({
        from,
        days,
        seats: seats.map((s) => ({
          role: s.role,
          city: s.city,
          organizationId: spec.organizationId ?? null,
          conflict: spec.conflict ?? null,
          username: s.user?.username ?? s.username ?? null,
        })),
      });
    } else {
      // Cases started before the engine: one deadline activity per task, as they were recorded.
      const deadlines = [];
      for (const _ of seats) deadlines.push(await db().computeDeadlines(from, days));
      plan = { deadlines: deadlines[0] ?? [], holders: seats.map(() => 1), users: seats.map(() => null) };
    }
    const [dueAt, escalateAt] = spec.dueAt
      ? [spec.dueAt, plan.deadlines[0]!]
      : [plan.deadlines[0]!, plan.deadlines[1]!];
    return seats.map((seat, i) => {
      const user = seat.user ?? plan.users[i] ?? null;
      const named = Boolean(seat.user ?? seat.username);
      const nobody = named ? !user : plan.holders[i] === 0;
      const task: TaskState = {
        id: wf.uuid4(),
        step: spec.step,
        role: seat.role,
        candidateRoles: named ? [] : [seat.role],
        city: seat.city,
        organizationId: spec.organizationId ?? null,
        conflict: spec.conflict ?? null,
        assignee: named ? (user?.username ?? seat.username ?? null) : null,
        dueAt,
        escalateAt,
        supervisorRole: spec.config.supervisorRole,
        escalationLevel: 0,
        settled: false,
        named,
        addedBy,
        run: run.no,
      };
      if (nobody) this.whenNobody(task, run);
      this.tasks.set(task.id, task);
      run.taskIds.push(task.id);
      return {
        id: task.id,
        title: spec.title,
        step: spec.step,
        role: seat.role,
        city: task.city,
        organizationId: task.organizationId,
        dueAt: task.dueAt,
        priority: spec.priority ?? 0,
        candidateRoles: task.candidateRoles,
        assignee: task.assignee,
        conflictCity: task.conflict?.city ?? null,
        conflictOrganizationId: task.conflict?.organizationId ?? null,
        addedBy,
        stepRun: `${spec.step}#${run.no}`,
        panel,
        ...(spec.party && { party: spec.party }),
      };
    });
  }

  /** 审批人为空: nobody active can hold the task. */
  private whenNobody(task: TaskState, run: StepRun) {
    const rule = run.spec.config.whenNobody;
    task.named = false;
    task.assignee = null;
    if (rule === 'autoApprove') {
      task.completion = {
        actor: { id: 'system', username: 'system', displayName: '系统', roles: [], city: null, organizationId: null },
        decision: { decision: 'approve', comment: say('nobodyToActApprovedBy') },
      };
    } else {
      task.candidateRoles = [rule === 'admin' ? 'admin' : task.supervisorRole];
      task.escalationLevel = 2;
    }
  }

  // ── waiting for the outcome

  /** Waits for the step's outcome under its mode (see the recording rule above). */
  async outcome(run: StepRun): Promise<StepOutcome> {
    for (const id of run.taskIds) {
      const task = this.tasks.get(id)!;
      if (!task.settled) void this.watch(run, task);
    }
    return run.done;
  }

  private conclude(run: StepRun, outcome: StepOutcome) {
    if (run.outcome) return;
    run.outcome = outcome;
    run.settle(outcome);
  }

  /** Nobody has acted on the step yet: no task claimed, named or decided (a 撤回 is still possible). */
  untouched(run: StepRun) {
    return (
      run.outcome === null &&
      run.taskIds.every((id) => {
        const t = this.tasks.get(id)!;
        return t.assignee === null && t.completion === undefined && !t.named;
      })
    );
  }

  /** Writes the process's closing of a step's tasks as settled, releasing the Updates that wait on them. */
  finish(outcome: StepOutcome) {
    if (outcome.kind === 'decided') outcome.task.settled = true;
    for (const v of outcome.votes) this.tasks.get(v.taskId)!.settled = true;
    for (const c of outcome.closing) {
      const task = this.tasks.get(c.id);
      if (task) task.settled = true;
    }
  }

  /** One task: a reminder at the due date, then the supervisor role joins at the escalation date. */
  private async watch(run: StepRun, task: TaskState) {
    const abandon = run.spec.abandon ?? (() => false);
    for (;;) {
      const next = task.escalationLevel === 0 ? task.dueAt : task.escalationLevel === 1 ? task.escalateAt : null;
      const done = () => task.completion !== undefined || task.settled || abandon() || run.outcome !== null;
      const inTime = await waitUntil(done, next);
      if (run.outcome || (task.settled && !task.completion)) return;
      if (task.completion) return this.vote(run, task);
      if (inTime) return this.end(run, 'abandoned');
      if (run.spec.expireAtDue) return this.end(run, 'expired');
      await this.escalate(task);
    }
  }

  private end(run: StepRun, kind: 'abandoned' | 'expired') {
    if (!run.outcome) this.conclude(run, { kind, votes: run.votes, closing: this.cancelOpen(run) });
  }

  private cancelOpen(run: StepRun, except?: TaskState): TaskClosing[] {
    return run.taskIds
      .map((id) => this.tasks.get(id)!)
      .filter((t) => t !== except && !t.settled && !(t.completion && run.votes.some((v) => v.taskId === t.id)))
      .map((t) => closing(t.id, 'cancelled'));
  }

  /** A task was decided: record it as a vote, or let it end the step. */
  private async vote(run: StepRun, task: TaskState) {
    const { actor, by, decision } = task.completion!;
    const { mode, passRatio } = run.spec.config;
    const others = () =>
      run.taskIds.map((id) => this.tasks.get(id)!).filter((t) => t !== task && !t.settled && !t.completion);
    const countsAgainst = mode === 'all' && passRatio < 1 && decision.decision === 'reject' && !task.addedBy;
    const approving = decision.decision === 'approve' || countsAgainst;
    // An added signer's approval never ends a step while its original holders still have to act.
    const required = others().filter((t) => task.addedBy || t.addedBy || mode === 'all' || mode === 'sequence');
    const endsStep = !approving || (!task.after?.length && required.length === 0 && run.queue.length === 0);
    if (endsStep && (mode === 'single' || mode === 'any')) {
      // The process records this decision with what follows.
      this.conclude(run, {
        kind: 'decided',
        task,
        actor,
        by,
        decision,
        votes: run.votes,
        closing: [closing(task.id, 'done', { actor, proxy: by, decision }), ...this.cancelOpen(run, task)],
      });
      return;
    }
    const vote: Vote = { taskId: task.id, actor, by, decision };
    run.votes.push(vote);
    const close = closing(task.id, 'done', { actor, proxy: by, decision });
    if (run.spec.onVote) await run.spec.onVote(vote, close);
    else
      await this.hooks.record({
        audit: {
          actor: auditActor(actor, by),
          action: 'task.decided',
          fromStatus: null,
          toStatus: null,
          comment: decision.comment,
          data: {
            taskId: task.id,
            step: task.step,
            decision: decision.decision,
            ...(decision.score !== undefined && { score: decision.score }),
            ...(decision.signed && { signed: true }),
          },
        },
        closeTasks: [close],
      });
    // The vote's Update answers once what follows from it is written: the next seat opened, or
    // the process's write of the step's outcome (`finish`).
    if (!approving) return this.decide(run, task, vote);
    const next = task.after?.length
      ? task.after.map((u) => ({ role: task.role, city: null, user: u }))
      : others().length === 0 && run.queue.length
        ? [run.queue.shift()!]
        : [];
    if (next.length) {
      const opened = await this.openSeats(run, next, task.after?.length ? (task.assignee ?? null) : null);
      task.after = [];
      await this.recordOpened(run, opened, actor);
      for (const t of opened) void this.watch(run, this.tasks.get(t.id)!);
    } else if (others().length === 0 && !run.outcome) return this.tally(run, vote);
    task.settled = true;
  }

  /** All seats have voted: approved when enough approved (passRatio of the original panel). */
  private tally(run: StepRun, last: Vote) {
    const panel = run.votes.filter((v) => !this.tasks.get(v.taskId)!.addedBy);
    const approvals = panel.filter((v) => v.decision.decision === 'approve').length;
    const needed = Math.ceil(run.spec.config.passRatio * panel.length - 1e-9);
    const signersApproved = run.votes.every(
      (v) => !this.tasks.get(v.taskId)!.addedBy || v.decision.decision === 'approve',
    );
    const approved = approvals >= needed && signersApproved;
    const against = [...run.votes].reverse().find((v) => v.decision.decision !== 'approve');
    const deciding = approved || !against ? last : against;
    this.decide(run, this.tasks.get(deciding.taskId)!, {
      ...deciding,
      decision: approved ? deciding.decision : { ...deciding.decision, decision: 'reject' },
    });
  }

  private decide(run: StepRun, task: TaskState, vote: Vote) {
    this.conclude(run, {
      kind: 'decided',
      task,
      actor: vote.actor,
      by: vote.by,
      decision: vote.decision,
      votes: run.votes,
      closing: this.cancelOpen(run),
    });
  }

  private async recordOpened(run: StepRun, opened: TaskToOpen[], actor: Actor) {
    await this.hooks.record({
      audit: {
        actor: auditActor(actor),
        action: 'task.opened',
        fromStatus: null,
        toStatus: null,
        comment: null,
        data: { step: run.spec.step, tasks: opened.map((t) => t.id) },
      },
      openTasks: opened,
      notify: opened.map((t) => ({
        recipient: t.assignee
          ? { username: t.assignee }
          : { role: t.role, city: t.city, organizationId: t.organizationId },
        kind: 'task.opened',
        message: `${t.title}: 待办`,
      })),
    });
  }

  /** Whom a notice about a task reaches: its delegate, its assignee, or the holders of its roles in its city. */
  private holders(task: TaskState): Notification['recipient'][] {
    if (task.delegation) return [{ username: task.delegation.to }];
    if (task.assignee) return [{ username: task.assignee }];
    return task.candidateRoles.map((role) => ({ role, city: task.city }));
  }

  private async escalate(task: TaskState) {
    task.escalationLevel += 1;
    const holders = this.holders(task);
    if (task.escalationLevel === 1) {
      await this.hooks.record({
        audit: {
          actor: SYSTEM_ACTOR,
          action: 'task.overdue_reminder',
          fromStatus: null,
          toStatus: null,
          comment: say('overdueReminderSent'),
          data: { taskId: task.id, step: task.step, dueAt: task.dueAt, assignee: task.assignee },
        },
        patch: [{ id: task.id, escalationLevel: 1 }],
        notify: holders.map((recipient) => ({
          recipient,
          kind: 'task.overdue_reminder',
          message: say('overdue'),
        })),
      });
    } else {
      task.candidateRoles = [...new Set([...task.candidateRoles, task.supervisorRole])];
      await this.hooks.record({
        audit: {
          actor: SYSTEM_ACTOR,
          action: 'task.escalated',
          fromStatus: null,
          toStatus: null,
          comment: say('escalatedToSupervisorRole'),
          data: { taskId: task.id, step: task.step, supervisorRole: task.supervisorRole },
        },
        patch: [{ id: task.id, escalationLevel: 2, candidateRoles: task.candidateRoles }],
        notify: [
          {
            recipient: { role: task.supervisorRole, city: null },
            kind: 'task.escalated',
            message: say('escalated'),
          },
        ],
      });
    }
  }

  // ── who may do what

  private openTask(taskId: string): TaskState {
    const task = this.tasks.get(taskId);
    if (!task || task.settled || task.completion) throw refuse('conflict', say('taskIsNotOpen'));
    return task;
  }
  /** May act on the task now: its delegate while delegated, else its assignee, else any eligible user without another seat of the step. */
  private isHolder(task: TaskState, actor: Actor) {
    if (!holdsTask({ ...task, delegatedTo: task.delegation?.to ?? null }, actor)) return false;
    // an open seat: the 会签 rule too
    return Boolean(task.delegation || task.assignee) || !this.holdsOtherSeat(task, actor);
  }
  /** 会签: each reviewer holds one seat of a step (an expert scores once). */
  private holdsOtherSeat(task: TaskState, actor: Actor) {
    return (this.runOf(task)?.taskIds ?? []).some((id) => {
      const t = this.tasks.get(id)!;
      return t !== task && (t.assignee === actor.username || t.completion?.actor.id === actor.id);
    });
  }
  private holder(taskId: string, actor: Actor): TaskState {
    const task = this.openTask(taskId);
    if (hasConflict(task, actor)) throw refuse('forbidden', CONFLICT_OF_INTEREST);
    if (!this.isHolder(task, actor)) {
      if (task.assignee && canActOnTask(task, actor))
        throw refuse('conflict', say('heldBySomeoneElse', task.delegation?.to ?? task.assignee ?? ''));
      if (this.holdsOtherSeat(task, actor)) throw refuse('conflict', say('oneSeatPerReviewerYou'));
      throw refuse('forbidden', say('notYourTask'));
    }
    return task;
  }
  /** Holder in their own right (not a delegate): may hand over, add signers, copy. */
  private owner(taskId: string, actor: Actor): TaskState {
    const task = this.holder(taskId, actor);
    if (task.delegation) throw refuse('conflict', say('delegatedWaitingForOpinion'));
    return task;
  }
  private eligible(task: TaskState, user: Actor, field: string, forOpinion = false) {
    const refusal = handOverRefusal(task, user, forOpinion);
    if (refusal === 'conflict')
      throw refuse('validation', say('mustRecuse', user.displayName), {
        [field]: say('conflictOfInterest'),
      });
    if (refusal === 'ineligible')
      throw refuse('validation', say('notEligibleForTask', user.displayName), {
        [field]: say('notEligible'),
      });
  }
  private mayUrge(task: TaskState, actor: Actor) {
    const party = task.run ? this.runs[task.run - 1]?.spec.party : undefined;
    const isParty = party ? actor.organizationId === party : (this.hooks.isParty?.(actor) ?? false);
    return isParty || this.decidedBy(actor) || actor.roles.includes(task.supervisorRole);
  }
  private allowedDecisions(task: TaskState): Decision[] {
    if (task.delegation) return ['opinion'];
    const own = this.hooks.decisions(task).filter((d) => d !== 'return');
    return this.returnTargets(task).length ? [...own.slice(0, 1), 'return', ...own.slice(1)] : own;
  }
  private returnTargets(task: TaskState) {
    return this.hooks.decisions(task).includes('return') ? (this.hooks.returnTargets?.(task) ?? []) : [];
  }
  private runOf(task: TaskState) {
    return this.runs.find((r) => r.no === task.run);
  }
  private removable(task: TaskState) {
    const run = this.runOf(task);
    const added = run
      ? run.taskIds.map((id) => this.tasks.get(id)!).filter((t) => t.addedBy && !t.settled && !t.completion)
      : [];
    return [...added.map((t) => t.assignee!), ...(task.after ?? []).map((u) => u.username)];
  }

  /** What the actor may do on the task now, each with the fields its form needs. */
  actionsFor(taskId: string, actor: Actor): AvailableAction[] {
    const task = this.tasks.get(taskId);
    if (!task || task.settled || task.completion) return [];
    const list: AvailableAction[] = [];
    const add = (action: TaskAction, fields: AvailableAction['fields'] = []) =>
      list.push({ action, label: ACTION_LABELS[action], fields });
    const comment = { name: 'comment', kind: 'textarea' as const, required: true };
    const returnOptions = this.returnTargets(task).map((s) => ({ value: s, label: stepLabel(s) }));
    const holder = !hasConflict(task, actor) && this.isHolder(task, actor);
    if (holder && !task.assignee && !task.named) add('claim');
    if (holder && task.assignee === actor.username && !task.named && !task.delegation) add('release');
    if (holder && !task.blockedBy?.some((id) => !this.tasks.get(id)!.settled)) {
      const decisions = this.allowedDecisions(task);
      add('complete', [
        {
          name: 'decision',
          kind: 'choice',
          required: true,
          options: decisions.map((d) => ({ value: d, label: DECISION_LABELS[d] })),
        },
        comment,
        ...(decisions.includes('return')
          ? [
              {
                name: 'toStep',
                kind: 'choice' as const,
                required: false,
                options: returnOptions,
              },
            ]
          : []),
        ...(STEP_FORMS[task.step] ?? []),
        ...(this.hooks.formFields?.(task) ?? []),
      ]);
    }
    if (holder && !task.delegation) {
      if (returnOptions.length)
        add('return', [
          {
            name: 'toStep',
            kind: 'choice',
            required: true,
            options: returnOptions,
          },
          comment,
        ]);
      add('transfer', [{ name: 'assignee', kind: 'user', required: true }, comment]);
      add('delegate', [{ name: 'assignee', kind: 'user', required: true }, comment]);
      add('add-signers', [
        { name: 'usernames', kind: 'users', required: true },
        {
          name: 'position',
          kind: 'choice',
          required: true,
          options: [
            { value: 'before', label: { zh: '前加签', en: 'Before me' } },
            { value: 'after', label: { zh: '后加签', en: 'After me' } },
            { value: 'parallel', label: { zh: '并加签', en: 'Alongside' } },
          ],
        },
        comment,
      ]);
      const removable = this.removable(task);
      if (removable.length)
        add('remove-signer', [
          {
            name: 'username',
            kind: 'choice',
            required: true,
            options: removable.map((u) => ({ value: u, label: { zh: u, en: u } })),
          },
          comment,
        ]);
      add('cc', [
        { name: 'usernames', kind: 'users', required: true },
        { name: 'comment', kind: 'textarea', required: false },
      ]);
    }
    if (holder || this.mayUrge(task, actor)) add('comment', [{ name: 'text', kind: 'textarea', required: true }]);
    if (!holder && this.mayUrge(task, actor) && this.urgeAllowedAt(task) <= Date.now())
      add('urge', [{ name: 'comment', kind: 'textarea', required: false }]);
    if (actor.roles.includes('admin')) add('assign', [{ name: 'assignee', kind: 'user', required: true }]);
    // 回避: on a step that names a conflict of interest (an expert's), whoever could hold it steps aside
    if (holder && task.conflict && !task.delegation)
      add('recuse', [{ name: 'comment', kind: 'textarea', required: true }]);
    if (setsPriority(actor))
      add('prioritize', [
        {
          name: 'priority',
          kind: 'choice',
          required: true,
          options: PRIORITY_LABELS.map((label, value) => ({ value: String(value), label })),
        },
        { name: 'comment', kind: 'textarea', required: false },
      ]);
    return list;
  }
  private urgeAllowedAt(task: TaskState) {
    return task.lastUrgedAt ? Date.parse(task.lastUrgedAt) + DAY_MS : 0;
  }

  // ── the Updates

  private note(
    cmd: TaskCommand,
    task: TaskState,
    action: string,
    comment: string | null,
    data: Record<string, unknown> = {},
  ) {
    return {
      actor: auditActor(cmd.actor, cmd.by),
      action,
      fromStatus: null,
      toStatus: null,
      comment,
      data: { taskId: task.id, step: task.step, ...data },
    };
  }

  install() {
    wf.setHandler(taskActions, ({ taskId, actor }) => this.actionsFor(taskId, actor));
    wf.setHandler(caseForecast, () => this.hooks.forecast?.() ?? []);

    wf.setHandler(
      claimTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        if (task.assignee !== cmd.actor.username) {
          task.assignee = cmd.actor.username;
          await this.hooks.record({
            audit: this.note(cmd, task, 'task.claimed', null),
            patch: [{ id: task.id, assignee: task.assignee }],
          });
        }
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.holder(cmd.taskId, cmd.actor);
          if (task.named) throw refuse('conflict', say('thisTaskHasNamedReviewer'));
        },
      },
    );

    wf.setHandler(
      releaseTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.assignee = null;
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.released', null),
          patch: [{ id: task.id, assignee: null }],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (task.assignee !== cmd.actor.username || task.named) throw refuse('conflict', say('youDoNotHoldThis'));
        },
      },
    );

    const handOver = (action: 'task.assigned' | 'task.transferred') => async (cmd: AssignCommand) => {
      const task = this.tasks.get(cmd.taskId)!;
      const from = task.assignee;
      task.assignee = cmd.assignee.username;
      await this.hooks.record({
        audit: this.note(cmd, task, action, cmd.comment ?? null, { from, to: cmd.assignee.username }),
        patch: [{ id: task.id, assignee: task.assignee }],
        notify: [
          {
            recipient: { username: cmd.assignee.username },
            kind: action,
            message: `${say('taskHandedToYou')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          },
        ],
      });
      return task;
    };
    wf.setHandler(assignTask, handOver('task.assigned'), {
      validator: (cmd) => {
        if (!cmd.actor.roles.includes('admin')) throw refuse('forbidden', say('administratorsOnly'));
        this.eligible(this.openTask(cmd.taskId), cmd.assignee, 'assignee');
      },
    });
    wf.setHandler(transferTask, handOver('task.transferred'), {
      validator: (cmd) => {
        const task = this.owner(cmd.taskId, cmd.actor);
        if (cmd.assignee.username === cmd.actor.username)
          throw refuse('validation', say('notTransferToSelf'), { assignee: say('notYourself') });
        this.eligible(task, cmd.assignee, 'assignee');
      },
    });

    wf.setHandler(
      delegateTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const from = task.assignee ?? cmd.actor.username;
        task.assignee = from;
        task.delegation = { from, to: cmd.assignee.username };
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.delegated', cmd.comment ?? null, { from, to: cmd.assignee.username }),
          patch: [{ id: task.id, assignee: from, delegatedTo: cmd.assignee.username }],
          notify: [
            {
              recipient: { username: cmd.assignee.username },
              kind: 'task.delegated',
              message: `${say('opinionAsked')}: ${cmd.comment ?? ''}`,
            },
          ],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (cmd.assignee.username === cmd.actor.username)
            throw refuse('validation', say('notDelegateToSelf'), {
              assignee: say('notYourself'),
            });
          this.eligible(task, cmd.assignee, 'assignee', true);
        },
      },
    );

    wf.setHandler(
      addSigners,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const run = this.runOf(task)!;
        const data = { position: cmd.position, usernames: cmd.signers.map((s) => s.username) };
        if (cmd.position === 'after') {
          task.after = [...(task.after ?? []), ...cmd.signers];
          await this.hooks.record({ audit: this.note(cmd, task, 'task.signers_added', cmd.comment, data) });
          return task;
        }
        const opened = await this.openSeats(
          run,
          cmd.signers.map((u) => ({ role: task.role, city: null, user: u })),
          cmd.actor.username,
        );
        if (cmd.position === 'before') task.blockedBy = [...(task.blockedBy ?? []), ...opened.map((t) => t.id)];
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.signers_added', cmd.comment, data),
          openTasks: opened,
          notify: opened.map((t) => ({
            recipient: { username: t.assignee! },
            kind: 'task.opened',
            message: `${t.title}: ${say('addedAsSigner')}`,
          })),
        });
        for (const t of opened) void this.watch(run, this.tasks.get(t.id)!);
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          const taken = new Set(
            this.runOf(task)
              ?.taskIds.map((id) => this.tasks.get(id)!.assignee)
              .filter(Boolean),
          );
          cmd.signers.forEach((s: Actor, i: number) => {
            if (s.username === cmd.actor.username || taken.has(s.username))
              throw refuse('validation', say('alreadyReviewerOfStep', s.displayName), {
                [`usernames.${i}`]: say('alreadyInThisStep'),
              });
            this.eligible(task, s, `usernames.${i}`, true);
          });
        },
      },
    );

    wf.setHandler(
      removeSigner,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const run = this.runOf(task)!;
        const added = run.taskIds
          .map((id) => this.tasks.get(id)!)
          .find((t) => t.addedBy && t.assignee === cmd.username && !t.settled && !t.completion);
        task.after = (task.after ?? []).filter((u) => u.username !== cmd.username);
        if (added) {
          added.settled = true;
          for (const t of this.tasks.values()) t.blockedBy = t.blockedBy?.filter((id) => id !== added.id);
        }
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.signer_removed', cmd.comment, { username: cmd.username }),
          closeTasks: added ? [closing(added.id, 'cancelled')] : [],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (!this.removable(task).includes(cmd.username))
            throw refuse('validation', say('onlySignerAddedAtRun'), { username: say('cannotBeRemoved') });
        },
      },
    );

    wf.setHandler(
      urgeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.lastUrgedAt = now();
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.urged', cmd.comment ?? null),
          notify: this.holders(task).map((recipient) => ({
            recipient,
            kind: 'task.urged',
            message: `${say('pleaseAct')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!this.mayUrge(task, cmd.actor)) throw refuse('forbidden', say('onlyApplicantEarlierReviewerOr'));
          if (this.urgeAllowedAt(task) > Date.now()) throw refuse('too_many_requests', say('alreadyUrgedInLast24'));
        },
      },
    );

    wf.setHandler(
      recuseTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.recusedBy = [...(task.recusedBy ?? []), cmd.actor.username];
        const held = task.assignee === cmd.actor.username;
        // a named seat opens to the step's role: another of them takes it
        const reopened = held && task.named;
        if (held) task.assignee = null;
        if (reopened) {
          task.named = false;
          task.candidateRoles = [task.role];
        }
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.recused', cmd.comment ?? null),
          patch: [
            {
              id: task.id,
              recusedBy: task.recusedBy,
              ...(held && { assignee: null }),
              ...(reopened && { candidateRoles: task.candidateRoles }),
            },
          ],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!task.conflict) throw refuse('validation', say('thisStepHasNoConflict'));
          if (!this.isHolder(task, cmd.actor)) throw refuse('forbidden', say('onlyExpertWhoCouldTake'));
          if (!cmd.comment?.trim())
            throw refuse('validation', say('recusalReasonRequired'), { comment: say('required') });
        },
      },
    );

    wf.setHandler(
      prioritizeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.prioritized', cmd.comment ?? null, {
            priority: cmd.priority,
            label: PRIORITY_LABELS[cmd.priority]!.zh,
          }),
          patch: [{ id: task.id, priority: cmd.priority }],
        });
        return task;
      },
      {
        validator: (cmd) => {
          this.openTask(cmd.taskId);
          if (!setsPriority(cmd.actor)) throw refuse('forbidden', say('provincialCenterSetsPriorities'));
          if (!Number.isInteger(cmd.priority) || !PRIORITY_LABELS[cmd.priority])
            throw refuse('validation', say('priorityChoice'), {
              priority: say('priorityField'),
            });
        },
      },
    );

    wf.setHandler(
      ccCase,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        await this.hooks.record({
          audit: this.note(cmd, task, 'case.copied', cmd.comment ?? null, {
            usernames: cmd.users.map((u) => u.username),
          }),
          cc: cmd.users.map((u) => u.username),
          notify: cmd.users.map((u) => ({
            recipient: { username: u.username },
            kind: 'case.copied',
            message: `${say('forYourInformation')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          // 抄送 lets them read the case: staff, or the task's own organisation
          const i = cmd.users.findIndex((u: Actor) => outsider(task, u));
          if (i >= 0)
            throw refuse('validation', say('notShownToOtherOrganisation', cmd.users[i]!.displayName), {
              [`usernames.${i}`]: say('notEligible'),
            });
        },
      },
    );

    wf.setHandler(
      commentCase,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const self = this.isHolder(task, cmd.actor);
        await this.hooks.record({
          audit: this.note(cmd, task, 'case.commented', cmd.comment ?? null),
          notify: self
            ? []
            : this.holders(task).map((recipient) => ({
                recipient,
                kind: 'case.commented',
                message: `${say('commentNote')}: ${cmd.comment}`,
              })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!(this.isHolder(task, cmd.actor) || this.mayUrge(task, cmd.actor)))
            throw refuse('forbidden', say('youMayNotCommentOn'));
        },
      },
    );

    wf.setHandler(
      completeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        if (cmd.decision.decision === 'opinion') {
          const { from, to } = task.delegation!;
          task.delegation = null;
          await this.hooks.record({
            audit: this.note(cmd, task, 'task.opinion_given', cmd.decision.comment, { from: to, to: from }),
            patch: [{ id: task.id, assignee: from, delegatedTo: null }],
            notify: [
              {
                recipient: { username: from },
                kind: 'task.opinion_given',
                message: `${say('delegateAnswered')}: ${cmd.decision.comment}`,
              },
            ],
          });
          return this.hooks.snapshot();
        }
        await this.hooks.precheckDecision?.(task, cmd);
        if (task.completion || task.settled) throw refuse('conflict', say('taskAlreadyDecided'));
        task.completion = { actor: cmd.actor, by: cmd.by ?? null, decision: cmd.decision };
        await wf.condition(() => task.settled);
        return this.hooks.snapshot();
      },
      {
        validator: (cmd) => {
          const task = this.holder(cmd.taskId, cmd.actor);
          const d = cmd.decision;
          const allowed = this.allowedDecisions(task);
          if (!allowed.includes(d.decision))
            throw refuse('validation', say('onlyDecisionsHere', ...decisionWords(allowed)), {
              decision: say('allowedChoices', ...decisionWords(allowed)),
            });
          if (task.blockedBy?.some((id) => !this.tasks.get(id)!.settled))
            throw refuse('conflict', say('waitingForSignersAddedBefore'));
          if (d.decision === 'return') {
            const targets = this.returnTargets(task);
            if (!targets.includes(d.toStep ?? targets[0]!))
              throw refuse('validation', say('returnToStepThisCase'), {
                toStep: say(
                  'allowedChoices',
                  targets.map((t) => stepLabel(t).zh).join('、'),
                  targets.map((t) => stepLabel(t).en).join(', '),
                ),
              });
          }
          if (d.decision !== 'opinion') this.hooks.validateDecision(task, cmd);
        },
      },
    );
  }
}
