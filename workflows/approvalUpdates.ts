/**
 * What people do on a case's tasks, as the API sends it to the approval engine
 * (workflows/approvalEngine.ts): each action's command, a task as the engine keeps it, and the
 * Updates and queries. Their names are in every recorded history: never rename one.
 */
import * as wf from '@temporalio/workflow';
import type { AvailableAction, ForecastStep } from '../domain/approval.js';
import type { Actor, Role } from '../domain/roles.js';
import type { TaskDecision } from '../domain/tasks.js';

export interface TaskCommand {
  taskId: string;
  /** Whose rights are used: the user themselves, or the colleague a 代理 stands in for. */
  actor: Actor;
  /** The person acting, when it is a proxy (代理) for `actor`. */
  by?: Actor | null;
}
export interface AssignCommand extends TaskCommand {
  assignee: Actor;
  comment?: string;
}
export interface CompleteCommand extends TaskCommand {
  decision: TaskDecision;
}
export interface SignersCommand extends TaskCommand {
  signers: Actor[];
  position: 'before' | 'after' | 'parallel';
  comment: string;
}
export interface RemoveSignerCommand extends TaskCommand {
  username: string;
  comment: string;
}
export interface NoteCommand extends TaskCommand {
  comment?: string;
}
export interface PriorityCommand extends TaskCommand {
  priority: number;
  comment?: string;
}
export interface CcCommand extends TaskCommand {
  users: Actor[];
  comment?: string;
}

export interface Conflict {
  city: string | null;
  organizationId: string | null;
}
export interface TaskState {
  id: string;
  step: string;
  role: Role;
  candidateRoles: Role[];
  city: string | null;
  organizationId: string | null;
  conflict?: Conflict | null;
  assignee: string | null;
  dueAt: string;
  escalateAt: string;
  supervisorRole: Role;
  escalationLevel: number;
  /** Set by the complete Update; the engine acts on it, then settles the task. */
  completion?: { actor: Actor; by?: Actor | null; decision: TaskDecision };
  settled: boolean;
  /** Named seat (a listed reviewer or an added signer): only its assignee holds it. */
  named?: boolean;
  /** 加签: who added this task at run time. */
  addedBy?: string | null;
  /** 委派: the task is with `to` for an opinion, and comes back to `from`. */
  delegation?: { from: string; to: string } | null;
  /** 前加签: tasks that must be decided before this one. */
  blockedBy?: string[];
  /** 后加签: users who act after this holder approves. */
  after?: Actor[];
  lastUrgedAt?: string | null;
  run?: number;
  /** 回避: who stepped aside from it (they may not hold it again). */
  recusedBy?: string[];
}

export const claimTask = wf.defineUpdate<TaskState, [TaskCommand]>('claimTask');
export const releaseTask = wf.defineUpdate<TaskState, [TaskCommand]>('releaseTask');
export const assignTask = wf.defineUpdate<TaskState, [AssignCommand]>('assignTask');
export const transferTask = wf.defineUpdate<TaskState, [AssignCommand]>('transferTask');
export const delegateTask = wf.defineUpdate<TaskState, [AssignCommand]>('delegateTask');
export const addSigners = wf.defineUpdate<TaskState, [SignersCommand]>('addSigners');
export const removeSigner = wf.defineUpdate<TaskState, [RemoveSignerCommand]>('removeSigner');
export const urgeTask = wf.defineUpdate<TaskState, [NoteCommand]>('urgeTask');
export const prioritizeTask = wf.defineUpdate<TaskState, [PriorityCommand]>('prioritizeTask');
export const recuseTask = wf.defineUpdate<TaskState, [NoteCommand]>('recuseTask');
export const ccCase = wf.defineUpdate<TaskState, [CcCommand]>('ccCase');
export const commentCase = wf.defineUpdate<TaskState, [NoteCommand]>('commentCase');
export const completeTask = wf.defineUpdate<unknown, [CompleteCommand]>('completeTask');
export const taskActions = wf.defineQuery<AvailableAction[], [{ taskId: string; actor: Actor }]>('taskActions');
export const caseForecast = wf.defineQuery<ForecastStep[]>('caseForecast');
