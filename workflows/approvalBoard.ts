/**
 * The approval engine's board (workflows/approvalEngine.ts): the steps' and tasks' state, who holds
 * a task and may do what on it, and the actions offered to a person now (`actionsFor`, what the
 * console shows). The types a process gives and gets (StepSpec, StepOutcome, the hooks) live here.
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
  type TaskDecision,
} from '../domain/tasks.js';
import type { CompleteCommand, Conflict, TaskCommand, TaskState } from './approvalUpdates.js';

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
export type Seat = { role: Role; city: string | null; user?: Actor | null; username?: string };

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

export const DAY_MS = 86_400_000;
/** Who sets a task's priority: the Provincial Center (its reviewers and the administrators). */
export const setsPriority = (actor: Actor) =>
  actor.roles.includes('provincial_reviewer') || actor.roles.includes('admin');
export const now = () => new Date(Date.now()).toISOString();
/** Decisions named in both languages, for a refusal that lists the ones allowed. */
export const decisionWords = (decisions: readonly Decision[]) =>
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

/** The tasks of a case's steps and the rules of who holds them (the engine's state). */
export abstract class ApprovalBoard {
  readonly tasks = new Map<string, TaskState>();
  protected readonly runs: StepRun[] = [];
  constructor(protected readonly hooks: ApprovalEngineHooks) {}

  openTasks(): TaskState[] {
    return [...this.tasks.values()].filter((t) => !t.settled);
  }
  /** Tasks the engine has seen decided (earlier reviewers may urge). */
  protected decidedBy(actor: Actor) {
    return [...this.tasks.values()].some((t) => t.completion?.actor.id === actor.id);
  }

  /** Whom a notice about a task reaches: its delegate, its assignee, or the holders of its roles in its city. */
  protected holders(task: TaskState): Notification['recipient'][] {
    if (task.delegation) return [{ username: task.delegation.to }];
    if (task.assignee) return [{ username: task.assignee }];
    return task.candidateRoles.map((role) => ({ role, city: task.city }));
  }

  protected openTask(taskId: string): TaskState {
    const task = this.tasks.get(taskId);
    if (!task || task.settled || task.completion) throw refuse('conflict', say('taskIsNotOpen'));
    return task;
  }
  /** May act on the task now: its delegate while delegated, else its assignee, else any eligible user without another seat of the step. */
  protected isHolder(task: TaskState, actor: Actor) {
    if (!holdsTask({ ...task, delegatedTo: task.delegation?.to ?? null }, actor)) return false;
    // an open seat: the 会签 rule too
    return Boolean(task.delegation || task.assignee) || !this.holdsOtherSeat(task, actor);
  }
  /** 会签: each reviewer holds one seat of a step (an expert scores once). */
  protected holdsOtherSeat(task: TaskState, actor: Actor) {
    return (this.runOf(task)?.taskIds ?? []).some((id) => {
      const t = this.tasks.get(id)!;
      return t !== task && (t.assignee === actor.username || t.completion?.actor.id === actor.id);
    });
  }
  protected holder(taskId: string, actor: Actor): TaskState {
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
  protected owner(taskId: string, actor: Actor): TaskState {
    const task = this.holder(taskId, actor);
    if (task.delegation) throw refuse('conflict', say('delegatedWaitingForOpinion'));
    return task;
  }
  protected eligible(task: TaskState, user: Actor, field: string, forOpinion = false) {
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
  protected mayUrge(task: TaskState, actor: Actor) {
    const party = task.run ? this.runs[task.run - 1]?.spec.party : undefined;
    const isParty = party ? actor.organizationId === party : (this.hooks.isParty?.(actor) ?? false);
    return isParty || this.decidedBy(actor) || actor.roles.includes(task.supervisorRole);
  }
  protected allowedDecisions(task: TaskState): Decision[] {
    if (task.delegation) return ['opinion'];
    const own = this.hooks.decisions(task).filter((d) => d !== 'return');
    return this.returnTargets(task).length ? [...own.slice(0, 1), 'return', ...own.slice(1)] : own;
  }
  protected returnTargets(task: TaskState) {
    return this.hooks.decisions(task).includes('return') ? (this.hooks.returnTargets?.(task) ?? []) : [];
  }
  protected runOf(task: TaskState) {
    return this.runs.find((r) => r.no === task.run);
  }
  protected removable(task: TaskState) {
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
  protected urgeAllowedAt(task: TaskState) {
    return task.lastUrgedAt ? Date.parse(task.lastUrgedAt) + DAY_MS : 0;
  }

  // ── the Updates

  protected note(
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
}
