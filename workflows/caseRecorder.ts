/**
 * How a workflow writes its case: each change becomes one `recordCaseChange` (read model, audit
 * entry, tasks, notifications in one transaction) with a deterministic idempotency key and a
 * growing version. Updates wait for `recorded()` so the API can read its own writes.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { CaseChange, CaseType, Notification } from '../activities/caseChanges.js';
import type { Actor } from '../domain/roles.js';
import { db } from './activities.js';
import type { EngineRecord } from './approvalEngine.js';
import { KejinStatus } from './names.js';
import { VERSION_6 } from './versions.js';

export const SYSTEM_ACTOR = { id: 'system', name: '系统' };

/**
 * Upserts the search attributes a run does not carry yet with these values. A case started with
 * them (`admissionStartAttributes`) upserts nothing; one started without (before) upserts them as it
 * always did: the run's own history decides, so a replay takes the same path.
 */
export function upsertMissing(pairs: SearchAttributeUpdatePair[]) {
  const carried = wf.workflowInfo().typedSearchAttributes;
  const missing = pairs.filter((p) => carried.get(p.key) !== p.value);
  if (missing.length) wf.upsertSearchAttributes(missing);
}
export const actorRef = (a: Actor) => ({ id: a.id, name: a.displayName });
export const workflowNow = () => new Date(Date.now()).toISOString();

/** What a case writes of itself at each change: its read model (a projection row, or the application). */
export interface CaseView<Status extends string> {
  status: Status;
  write: (version: number, createdAt: string) => Pick<CaseChange, 'projection' | 'application'>;
}
export type AuditInput = {
  actor: { id: string; name: string; actingFor?: string | null };
  action: string;
  comment?: string | null;
  data?: Record<string, unknown>;
};

export class CaseRecorder<Status extends string> {
  private seq = 0;
  private version = 0;
  private recordedVersion = 0;
  private lastStatus: Status | null = null;
  private readonly info = wf.workflowInfo();
  /** Inside `together`: the next change waits for the one after it (`held`), to be written with it. */
  private holding = false;
  private held: { change: CaseChange; version: number } | null = null;

  constructor(
    private readonly caseType: CaseType,
    readonly caseId: string,
    private readonly view: () => CaseView<Status>,
    readonly createdAt = workflowNow(),
  ) {}

  nextKey = () => `${this.info.workflowId}:${this.info.runId}:${++this.seq}`;
  recorded = () => this.recordedVersion === this.version;
  notify = (recipient: Notification['recipient'], kind: string, message: string): Notification => ({
    key: this.nextKey(),
    recipient,
    kind,
    message,
  });

  /** Records the case as it is now, with one audit entry and whatever else changed with it. */
  async commit(
    audit: AuditInput,
    extra: Omit<Partial<CaseChange>, 'audit' | 'projection' | 'application'> = {},
  ): Promise<void> {
    const { status, write } = this.view();
    const from = this.lastStatus;
    // the status upserted with every change of it (a case started as 草稿 carries its first)
    upsertMissing([{ key: KejinStatus, value: status }]);
    this.lastStatus = status;
    const version = ++this.version;
    const at = workflowNow();
    await this.write(
      {
        ...this.ids(at),
        ...extra,
        ...write(version, this.createdAt),
        audit: [this.entry(at, { ...audit, fromStatus: from, toStatus: status })],
      },
      version,
    );
  }

  /**
   * Runs `steps`, holding back their first change to be written with the next one (a decision and
   * the 公示 it publishes: one `recordCaseChange` instead of two). A change written meanwhile by
   * anything else takes the held one with it, so whoever awaits a write still reads it afterwards.
   * Runs begun before version 6 write each change on its own.
   */
  async together(steps: () => Promise<void>): Promise<void> {
    if (this.holding || this.held || !wf.patched(VERSION_6)) return steps();
    this.holding = true;
    try {
      await steps();
    } finally {
      this.holding = false;
    }
    await this.release();
  }

  /** Writes the change `together` still holds (nothing came after it). */
  private async release() {
    const held = this.held;
    this.held = null;
    if (held) await this.write(held.change, held.version);
  }

  private async write(change: CaseChange, version = 0) {
    if (this.holding && !this.held) {
      this.held = { change, version };
      return;
    }
    const held = this.held;
    this.held = null;
    await db().recordCaseChange(held ? joinChanges(held.change, change) : change);
    this.recordedVersion = Math.max(this.recordedVersion, version, held?.version ?? 0);
  }

  /** The `record` hook of the approval engine: task actions as audit entries of this case. */
  record = async (change: EngineRecord): Promise<void> => {
    const at = workflowNow();
    await this.write({
      ...this.ids(at),
      patchTasks: change.patch,
      openTasks: change.openTasks,
      closeTasks: change.closeTasks,
      cc: change.cc,
      notify: (change.notify ?? []).map((n) => ({ ...n, key: this.nextKey() })),
      audit: [this.entry(at, change.audit)],
    });
  };

  /** An entry of this case with whatever else it writes, without rewriting the case's own row. */
  append = async (audit: AuditInput, extra: Omit<Partial<CaseChange>, 'audit' | 'projection' | 'application'> = {}) => {
    const at = workflowNow();
    await this.write({ ...this.ids(at), ...extra, audit: [this.entry(at, audit)] });
  };

  private ids(at: string) {
    return {
      caseType: this.caseType,
      caseId: this.caseId,
      workflowId: this.info.workflowId,
      runId: this.info.runId,
      at,
    };
  }
  private entry(at: string, a: AuditInput & { fromStatus?: string | null; toStatus?: string | null }) {
    return {
      key: this.nextKey(),
      caseType: this.caseType,
      caseId: this.caseId,
      at,
      fromStatus: a.fromStatus ?? null,
      toStatus: a.toStatus ?? null,
      comment: a.comment ?? null,
      data: a.data ?? {},
      actor: a.actor,
      action: a.action,
    };
  }
}

const LISTS = [
  'audit',
  'notices',
  'notify',
  'openTasks',
  'patchTasks',
  'closeTasks',
  'cc',
  'extraProjections',
] as const;
const ONCE = ['admit', 'revokeSubCenter', 'reinstateSubCenter', 'objection', 'reviewRequest', 'decided'] as const;

/** Two changes of one case as one: lists joined in order, the read model as the later left it. */
function joinChanges(first: CaseChange, next: CaseChange): CaseChange {
  const both = ONCE.filter((k) => first[k] !== undefined && next[k] !== undefined);
  if (both.length) throw new Error(`changes joined with ${both.join(', ')} twice`);
  const lists = LISTS.filter((k) => first[k] || next[k]).map((k) => [k, [...(first[k] ?? []), ...(next[k] ?? [])]]);
  return { ...first, ...next, ...Object.fromEntries(lists), at: first.at };
}

/** The usual projection write of a case table: searchable columns plus the whole view as `body`. */
export const projectionOf =
  (
    table: NonNullable<CaseChange['projection']>['table'],
    id: string,
    status: string,
    columns: Record<string, string | number | null>,
    body: object,
  ) =>
  (version: number, createdAt: string): Pick<CaseChange, 'projection'> => ({
    projection: {
      table,
      columns: { ...columns, id, status, version, created_at: createdAt },
      body: { ...body, id, status, version },
    },
  });
