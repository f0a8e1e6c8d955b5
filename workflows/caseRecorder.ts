/**
 * How a workflow writes its case: each change becomes one `recordCaseChange` (read model, audit
 * entry, tasks, notifications in one transaction) with a deterministic idempotency key and a
 * growing version. Updates wait for `recorded()` so the API can read its own writes.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseChange, CaseType, Notification, ProjectionTable, TaskToOpen } from '../activities/caseChanges.js';
import type { Actor, Role } from '../domain/roles.js';
import type { TaskBoard, TaskBoardHooks } from './humanTask.js';
import { KejinStatus } from './names.js';

const { recordCaseChange, computeDeadlines } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const SYSTEM_ACTOR = { id: 'system', name: '系统' };
export const actorRef = (a: Actor) => ({ id: a.id, name: a.displayName });
export const workflowNow = () => new Date(Date.now()).toISOString();

export interface CaseView<Status extends string> {
  status: Status;
  columns: Record<string, string | number | null>;
  body: object;
}

export class CaseRecorder<Status extends string> {
  private seq = 0;
  private version = 0;
  private recordedVersion = 0;
  private lastStatus: Status | null = null;
  private readonly info = wf.workflowInfo();
  readonly createdAt = workflowNow();

  constructor(
    private readonly caseType: CaseType,
    readonly caseId: string,
    private readonly table: ProjectionTable,
    private readonly view: () => CaseView<Status>,
  ) {}

  nextKey = () => `${this.info.workflowId}:${this.info.runId}:${++this.seq}`;
  recorded = () => this.recordedVersion === this.version;
  notify = (recipient: Notification['recipient'], kind: string, message: string): Notification => ({ key: this.nextKey(), recipient, kind, message });

  /** Records the case as it is now, with one audit entry and whatever else changed with it. */
  async commit(
    audit: { actor: { id: string; name: string }; action: string; comment?: string | null; data?: Record<string, unknown> },
    extra: Omit<Partial<CaseChange>, 'audit' | 'projection'> = {},
  ): Promise<void> {
    const { status, columns, body } = this.view();
    const from = this.lastStatus;
    if (from !== status) wf.upsertSearchAttributes([{ key: KejinStatus, value: status }]);
    this.lastStatus = status;
    const version = ++this.version;
    const at = workflowNow();
    await recordCaseChange({
      caseType: this.caseType, caseId: this.caseId, workflowId: this.info.workflowId, runId: this.info.runId, at, ...extra,
      projection: { table: this.table, columns: { ...columns, id: this.caseId, status, version, created_at: this.createdAt }, body: { ...body, id: this.caseId, status, version } },
      audit: [{ key: this.nextKey(), caseType: this.caseType, caseId: this.caseId, at, fromStatus: from, toStatus: status, comment: audit.comment ?? null, data: audit.data ?? {}, actor: audit.actor, action: audit.action }],
    });
    this.recordedVersion = Math.max(this.recordedVersion, version);
  }

  /** The `record` hook of a TaskBoard: task claims, hand-overs and escalations as audit entries of this case. */
  taskHook(board: () => TaskBoard<unknown>): TaskBoardHooks<unknown>['record'] {
    return async ({ audit, patch }) => {
      const at = workflowNow();
      const remind = audit.action === 'task.overdue_reminder' || audit.action === 'task.escalated';
      const task = board().tasks.get(patch.id)!;
      await recordCaseChange({
        caseType: this.caseType, caseId: this.caseId, workflowId: this.info.workflowId, runId: this.info.runId, at, patchTasks: [patch],
        audit: [{ ...audit, key: this.nextKey(), caseType: this.caseType, caseId: this.caseId, at }],
        notify: remind ? task.candidateRoles.map((role) => this.notify({ role, city: task.city }, audit.action, `${audit.comment}`)) : [],
      });
    };
  }

  /** Opens a task on the board with deadlines in working days; returns what recordCaseChange needs to store it. */
  async openTask<S>(board: TaskBoard<S>, spec: { step: string; title: string; role: Role; city?: string | null; organizationId?: string | null; workingDays: number; escalateAfter?: number; supervisorRole?: Role; dueAt?: string }): Promise<TaskToOpen> {
    const [dueAt, escalateAt] = spec.dueAt
      ? [spec.dueAt, (await computeDeadlines(spec.dueAt, [spec.escalateAfter ?? 3]))[0]]
      : await computeDeadlines(workflowNow(), [spec.workingDays, spec.workingDays + (spec.escalateAfter ?? 3)]);
    const task = board.add({
      id: wf.uuid4(), step: spec.step, role: spec.role, city: spec.city ?? null, organizationId: spec.organizationId ?? null,
      dueAt: dueAt!, escalateAt: escalateAt!, supervisorRole: spec.supervisorRole ?? 'admin',
    });
    return { id: task.id, title: spec.title, step: spec.step, role: spec.role, city: task.city, organizationId: task.organizationId, dueAt: task.dueAt, priority: 0 };
  }
}

export const closing = (taskId: string, status: 'done' | 'cancelled', by?: { actor: Actor; decision: string; comment: string }) =>
  ({ id: taskId, status, decision: by?.decision, comment: by?.comment, completedBy: by?.actor.username, at: workflowNow() });
