/**
 * The one building block for "wait for a person, with a deadline and an escalation".
 *
 * A workflow owns its review tasks in a TaskBoard: it opens them, the board installs the task
 * Updates (claim / release / assign / complete) with validators, and `waitForDecision` waits
 * on a durable timer: at the due date a reminder is recorded, at the escalation date the
 * step's supervisor role joins the task. Several tasks may be open at once, which is where
 * joint review (会签/或签) grows from.
 */
import * as wf from '@temporalio/workflow';
import type { Actor, Role } from '../domain/roles.js';
import { canActOnTask, type TaskDecision } from '../domain/tasks.js';
import type { CaseChange, TaskPatch } from '../activities/caseChanges.js';
import type { AuditEntry } from '../activities/audit.js';

export interface TaskCommand { taskId: string; actor: Actor; idempotencyKey?: string }
export interface AssignCommand extends TaskCommand { assignee: Actor }
export interface CompleteCommand extends TaskCommand { decision: TaskDecision }

export interface TaskState {
  id: string;
  step: string;
  role: Role;
  candidateRoles: Role[];
  city: string | null;
  organizationId: string | null;
  assignee: string | null;
  dueAt: string;
  escalateAt: string;
  supervisorRole: Role;
  escalationLevel: number;
  /** Set by the complete Update; the workflow acts on it, then settles the task. */
  completion?: { actor: Actor; decision: TaskDecision };
  settled: boolean;
}

export type TaskOutcome =
  | { kind: 'decided'; actor: Actor; decision: TaskDecision }
  | { kind: 'abandoned' }
  | { kind: 'expired' };

export const claimTask = wf.defineUpdate<TaskState, [TaskCommand]>('claimTask');
export const releaseTask = wf.defineUpdate<TaskState, [TaskCommand]>('releaseTask');
export const assignTask = wf.defineUpdate<TaskState, [AssignCommand]>('assignTask');
export const completeTask = wf.defineUpdate<unknown, [CompleteCommand]>('completeTask');

export const refuse = (kind: 'validation' | 'conflict' | 'forbidden' | 'not_found', message: string, errors?: Record<string, string>) =>
  wf.ApplicationFailure.create({ type: kind, message, nonRetryable: true, details: errors ? [errors] : [] });

export interface TaskBoardHooks<Snapshot> {
  /** Persists what a task Update changed (audit entry plus task patch). */
  record(change: { audit: Omit<AuditEntry, 'key' | 'caseType' | 'caseId' | 'at'>; patch: TaskPatch }): Promise<void>;
  /** Throws if the case does not allow this decision now (step rules, required fields). */
  validateDecision(task: TaskState, command: CompleteCommand): void;
  /** Checks that need an activity (e.g. the roster) before a decision is accepted. */
  precheckDecision?(task: TaskState, command: CompleteCommand): Promise<void>;
  snapshot(): Snapshot;
}

export class TaskBoard<Snapshot> {
  readonly tasks = new Map<string, TaskState>();
  constructor(private readonly hooks: TaskBoardHooks<Snapshot>) {}

  openTasks(): TaskState[] {
    return [...this.tasks.values()].filter((t) => !t.settled);
  }

  add(task: Omit<TaskState, 'candidateRoles' | 'assignee' | 'escalationLevel' | 'settled' | 'organizationId'> & { organizationId?: string | null }): TaskState {
    const state: TaskState = { ...task, organizationId: task.organizationId ?? null, candidateRoles: [task.role], assignee: null, escalationLevel: 0, settled: false };
    this.tasks.set(state.id, state);
    return state;
  }

  /** Marks a task's decision as fully handled, releasing the Update that is waiting for it. */
  settle(task: TaskState) {
    task.settled = true;
  }

  private holdable(taskId: string, actor: Actor): TaskState {
    const task = this.tasks.get(taskId);
    if (!task || task.settled || task.completion) throw refuse('conflict', '任务已处理或不存在 (task is not open)');
    if (!canActOnTask(task, actor)) throw refuse('forbidden', '无权处理该任务 (not your role or city)');
    return task;
  }

  install() {
    const actorRef = (a: Actor) => ({ id: a.id, name: a.displayName });
    wf.setHandler(claimTask, async ({ taskId, actor }) => {
      const task = this.tasks.get(taskId)!;
      if (task.assignee !== actor.username) {
        task.assignee = actor.username;
        await this.hooks.record({ audit: { actor: actorRef(actor), action: 'task.claimed', fromStatus: null, toStatus: null, comment: null, data: { taskId, step: task.step } }, patch: { id: taskId, assignee: actor.username } });
      }
      return task;
    }, {
      validator: ({ taskId, actor }) => {
        const task = this.holdable(taskId, actor);
        if (task.assignee && task.assignee !== actor.username) throw refuse('conflict', `任务已被 ${task.assignee} 认领 (already claimed)`);
      },
    });

    wf.setHandler(releaseTask, async ({ taskId, actor }) => {
      const task = this.tasks.get(taskId)!;
      task.assignee = null;
      await this.hooks.record({ audit: { actor: actorRef(actor), action: 'task.released', fromStatus: null, toStatus: null, comment: null, data: { taskId, step: task.step } }, patch: { id: taskId, assignee: null } });
      return task;
    }, {
      validator: ({ taskId, actor }) => {
        const task = this.holdable(taskId, actor);
        if (task.assignee !== actor.username) throw refuse('conflict', '只能释放自己认领的任务 (you do not hold this task)');
      },
    });

    wf.setHandler(assignTask, async ({ taskId, actor, assignee }) => {
      const task = this.tasks.get(taskId)!;
      const from = task.assignee;
      task.assignee = assignee.username;
      await this.hooks.record({ audit: { actor: actorRef(actor), action: 'task.assigned', fromStatus: null, toStatus: null, comment: null, data: { taskId, step: task.step, from, to: assignee.username } }, patch: { id: taskId, assignee: assignee.username } });
      return task;
    }, {
      validator: ({ taskId, actor, assignee }) => {
        const isAdmin = actor.roles.includes('admin');
        const task = this.tasks.get(taskId);
        if (!isAdmin) this.holdable(taskId, actor);
        else if (!task || task.settled || task.completion) throw refuse('conflict', '任务已处理或不存在 (task is not open)');
        if (!canActOnTask(this.tasks.get(taskId)!, assignee)) throw refuse('validation', '被指派人无权处理该任务 (assignee lacks the role or city)', { assignee: 'not eligible for this task' });
      },
    });

    wf.setHandler(completeTask, async (command) => {
      const task = this.tasks.get(command.taskId)!;
      await this.hooks.precheckDecision?.(task, command);
      if (task.completion || task.settled) throw refuse('conflict', '任务已处理 (task already decided)');
      task.completion = { actor: command.actor, decision: command.decision };
      await wf.condition(() => task.settled);
      return this.hooks.snapshot();
    }, {
      validator: (command) => {
        const task = this.holdable(command.taskId, command.actor);
        if (task.assignee && task.assignee !== command.actor.username)
          throw refuse('conflict', `任务由 ${task.assignee} 处理中 (claimed by someone else)`);
        this.hooks.validateDecision(task, command);
      },
    });
  }

  /**
   * Waits for the task's decision. Overdue: a reminder at the due date, then the supervisor role
   * joins the task at the escalation date — unless the step's deadline is final (`expireAtDue`,
   * e.g. a self-report), in which case the wait ends at the due date. `abandon()` ends it early.
   */
  async waitForDecision(task: TaskState, abandon: () => boolean = () => false, opts: { expireAtDue?: boolean } = {}): Promise<TaskOutcome> {
    for (;;) {
      const next = task.escalationLevel === 0 ? task.dueAt : task.escalationLevel === 1 ? task.escalateAt : null;
      const done = () => task.completion !== undefined || abandon();
      const inTime = next === null ? (await wf.condition(done), true) : await wf.condition(done, Math.max(1, Date.parse(next) - Date.now()));
      if (task.completion) return { kind: 'decided', ...task.completion };
      if (inTime) return { kind: 'abandoned' };
      if (opts.expireAtDue) {
        task.settled = true;
        return { kind: 'expired' };
      }
      await this.escalate(task);
    }
  }

  private async escalate(task: TaskState) {
    task.escalationLevel += 1;
    const system = { id: 'system', name: '系统' };
    if (task.escalationLevel === 1) {
      await this.hooks.record({ audit: { actor: system, action: 'task.overdue_reminder', fromStatus: null, toStatus: null, comment: '任务已超期，已催办 (overdue: reminder sent)', data: { taskId: task.id, step: task.step, dueAt: task.dueAt, assignee: task.assignee } }, patch: { id: task.id, escalationLevel: 1 } });
    } else {
      task.candidateRoles = [...new Set([...task.candidateRoles, task.supervisorRole])];
      await this.hooks.record({ audit: { actor: system, action: 'task.escalated', fromStatus: null, toStatus: null, comment: `超期未办，已升级至 ${task.supervisorRole} (escalated to the supervisor role)`, data: { taskId: task.id, step: task.step, supervisorRole: task.supervisorRole } }, patch: { id: task.id, escalationLevel: 2, candidateRoles: task.candidateRoles } });
    }
  }
}
