import { type OperationNodeSource, type QueryCreator, sql, type Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { ApplicationView } from '../domain/application.js';
import { type AuditEntry, auditInsert, lockAuditChain } from './audit.js';
import { type NoticeRecord, noticeWrites, type ObjectionRecord, type ReviewRequestRecord } from './notices.js';
import { notificationWrites } from './notifications.js';

export interface TaskToOpen {
  id: string;
  title: string;
  step: string;
  role: string;
  city: string | null;
  dueAt: string;
  priority: number;
  organizationId?: string | null;
  /** Named seats have no candidate roles and an assignee from the start. */
  candidateRoles?: string[];
  assignee?: string | null;
  /** 回避: experts of this city or organisation never see the task. */
  conflictCity?: string | null;
  conflictOrganizationId?: string | null;
  /** 加签: who added the task at run time. */
  addedBy?: string | null;
  /** The organisation the step is about, where the case has several (a competition's bids). */
  party?: string | null;
  /** The step instance the task belongs to (a 会签 panel's seats share it). */
  stepRun?: string;
  /**
   * One of several seats of its step run: the inbox's one-seat and first-free-seat rules look at
   * the run's other seats only for these (migration 0024). Unknown (older runs): treated as one.
   */
  panel?: boolean;
}
export interface TaskPatch {
  id: string;
  assignee?: string | null;
  delegatedTo?: string | null;
  candidateRoles?: string[];
  escalationLevel?: number;
  priority?: number;
  recusedBy?: string[];
}
export interface TaskClosing {
  id: string;
  status: 'done' | 'cancelled';
  decision?: string;
  comment?: string;
  completedBy?: string;
  /** 代理: whose task it was, when a proxy decided. */
  actingFor?: string;
  /** The decision carries the decider's signature image. */
  signed?: boolean;
  at: string;
}
export interface Notification {
  key: string;
  /** A user (by id or username), the holders of a role (in a city, of an organisation), or an e-mail address. */
  recipient: {
    user?: string;
    username?: string;
    role?: string;
    city?: string | null;
    organizationId?: string | null;
    email?: string;
  };
  kind: string;
  message: string;
}
export interface RosterEntry {
  id: string;
  applicationId: string;
  name: string;
  creditCode: string;
  system: string;
  category: string;
  city: string;
  organizationId: string | null;
}

export type CaseType = 'admission' | 'evaluation_round' | 'evaluation' | 'revocation' | 'payout' | 'competition';
export type ProjectionTable =
  | 'evaluation_rounds'
  | 'evaluations'
  | 'revocations'
  | 'payouts'
  | 'competition_tasks'
  | 'bids';
/** A case read model row: its searchable columns plus the full view as `body`. */
export interface Projection {
  table: ProjectionTable;
  columns: { id: string; status: string; version: number; created_at: string } & Record<string, string | number | null>;
  body: object;
}

/** Everything one step of a case changes, written in one transaction (all or nothing, idempotent). */
export interface CaseChange {
  caseType: CaseType;
  caseId: string;
  workflowId: string;
  runId: string;
  at: string;
  audit: AuditEntry[];
  application?: ApplicationView;
  projection?: Projection;
  /** Read models the case owns besides its own (the bids of a competition task). */
  extraProjections?: Projection[];
  revokeSubCenter?: { id: string; reason: string };
  /** 复核 upheld a revocation: the sub-center is back on the active roster. */
  reinstateSubCenter?: { id: string };
  /** 公示: list versions, objections, review requests and their outcomes. */
  notices?: NoticeRecord[];
  objection?: ObjectionRecord;
  reviewRequest?: ReviewRequestRecord;
  decided?: { table: 'objections' | 'review_requests'; id: string; status: string; outcome: string };
  openTasks?: TaskToOpen[];
  patchTasks?: TaskPatch[];
  closeTasks?: TaskClosing[];
  admit?: RosterEntry;
  notify?: Notification[];
  /** 抄送: usernames who may read the case from now on. */
  cc?: string[];
}

/**
 * Writes a case change in one transaction of three statements: the audit chain's head locked and
 * read, then every write of the change as one statement (each a data-modifying CTE: read model,
 * tasks, notifications, audit entries), then the commit. Idempotent: a retried change writes
 * nothing twice.
 */
export async function applyCaseChange(db: Db, change: CaseChange): Promise<void> {
  const touched = [...(change.openTasks ?? []), ...(change.patchTasks ?? []), ...(change.closeTasks ?? [])].map(
    (t) => t.id,
  );
  // the writes of one statement share a snapshot: none may depend on another's row
  if (new Set(touched).size < touched.length) throw new Error(`a case change writes a task twice: ${touched}`);
  await db.transaction().execute(async (trx) => {
    const chain = change.audit.length > 0 ? await lockAuditChain(trx) : null;
    await inOneStatement(trx, [
      ...caseWrites(trx, change),
      ...notificationWrites(trx, change),
      ...noticeWrites(trx, change),
      chain !== null && auditInsert(trx, chain, change.audit),
    ]);
  });
}

type Write = { execute(): Promise<unknown> } & OperationNodeSource;

/** Runs writes as one statement, each a data-modifying CTE (all run, whatever the main query reads). */
async function inOneStatement(trx: Transaction<Database>, writes: (Write | null | undefined | false)[]) {
  const all = writes.filter((w): w is Write => !!w);
  if (all.length <= 1) return void (await all[0]?.execute());
  const creator = all.reduce<QueryCreator<Database>>((q, w, i) => q.with(`w${i}`, () => w as never) as never, trx);
  await creator.selectNoFrom(sql<number>`1`.as('done')).execute();
}

function caseWrites(trx: Transaction<Database>, change: CaseChange) {
  const view = change.application;
  const projections = [...(change.projection ? [change.projection] : []), ...(change.extraProjections ?? [])];
  const opened = change.openTasks ?? [];
  return [
    view &&
      trx
        .insertInto('applications')
        .values({
          id: view.id,
          workflow_id: change.workflowId,
          run_id: change.runId,
          status: view.status,
          current_step: view.currentStep,
          org_name: view.orgName,
          credit_code: view.creditCode,
          system: view.system,
          category: view.category,
          applicant_kind: view.applicantKind,
          city: view.city,
          created_by: view.createdBy,
          organization_id: view.organizationId,
          body: JSON.stringify(view),
          version: view.version,
          submitted_at: view.submittedAt,
          decided_at: view.decidedAt,
          created_at: view.createdAt,
          updated_at: change.at,
        })
        // A retried or late write never overwrites a newer state.
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              current_step: eb.ref('excluded.current_step'),
              org_name: eb.ref('excluded.org_name'),
              system: eb.ref('excluded.system'),
              category: eb.ref('excluded.category'),
              applicant_kind: eb.ref('excluded.applicant_kind'),
              city: eb.ref('excluded.city'),
              body: eb.ref('excluded.body'),
              version: eb.ref('excluded.version'),
              submitted_at: eb.ref('excluded.submitted_at'),
              decided_at: eb.ref('excluded.decided_at'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('applications.version', '<', view.version),
        ),
    ...projections.map(({ table, columns, body }) => {
      const row = { ...columns, body: JSON.stringify(body), updated_at: change.at };
      const updatable = Object.keys(row).filter((k) => k !== 'id' && k !== 'created_at');
      return trx
        .insertInto(table)
        .values(row as never)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(
              (eb) => Object.fromEntries(updatable.map((k) => [k, eb.ref(`excluded.${k}` as never)])) as never,
            )
            .where(`${table}.version` as never, '<', columns.version as never),
        );
    }),
    change.reinstateSubCenter &&
      trx
        .updateTable('sub_centers')
        .set({ status: 'active', revoked_at: null, revocation_reason: null })
        .where('id', '=', change.reinstateSubCenter.id)
        .where('status', '=', 'revoked'),
    change.revokeSubCenter &&
      trx
        .updateTable('sub_centers')
        .set({ status: 'revoked', revoked_at: change.at, revocation_reason: change.revokeSubCenter.reason })
        .where('id', '=', change.revokeSubCenter.id)
        .where('status', '=', 'active'),
    opened.length > 0 &&
      trx
        .insertInto('tasks')
        .values(
          opened.map((t) => ({
            id: t.id,
            case_type: change.caseType,
            case_id: change.caseId,
            workflow_id: change.workflowId,
            title: t.title,
            step: t.step,
            role: t.role,
            candidate_roles: t.candidateRoles ?? [t.role],
            city: t.city,
            assignee: t.assignee ?? null,
            due_at: t.dueAt,
            priority: t.priority,
            status: 'open',
            escalation_level: 0,
            created_at: change.at,
            organization_id: t.organizationId ?? null,
            conflict_city: t.conflictCity ?? null,
            conflict_organization_id: t.conflictOrganizationId ?? null,
            added_by: t.addedBy ?? null,
            step_run: t.stepRun ?? null,
            panel: t.panel ?? true,
            party: t.party ?? null,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing()),
    ...(change.patchTasks ?? []).map((p) =>
      trx
        .updateTable('tasks')
        .set({
          ...(p.assignee !== undefined && { assignee: p.assignee }),
          ...(p.delegatedTo !== undefined && { delegated_to: p.delegatedTo }),
          ...(p.candidateRoles && { candidate_roles: p.candidateRoles }),
          ...(p.escalationLevel !== undefined && { escalation_level: p.escalationLevel }),
          ...(p.priority !== undefined && { priority: p.priority }),
          ...(p.recusedBy && { recused_by: p.recusedBy }),
        })
        .where('id', '=', p.id)
        .where('status', '=', 'open'),
    ),
    ...(change.closeTasks ?? []).map((c) =>
      trx
        .updateTable('tasks')
        .set({
          status: c.status,
          decision: c.decision ?? null,
          comment: c.comment ?? null,
          completed_by: c.completedBy ?? null,
          completed_at: c.at,
          acting_for: c.actingFor ?? null,
          signed: c.signed ?? false,
        })
        .where('id', '=', c.id)
        .where('status', '=', 'open'),
    ),
    change.admit &&
      trx
        .insertInto('sub_centers')
        .values({
          id: change.admit.id,
          application_id: change.admit.applicationId,
          name: change.admit.name,
          credit_code: change.admit.creditCode,
          system: change.admit.system,
          category: change.admit.category,
          city: change.admit.city,
          organization_id: change.admit.organizationId,
          status: 'active',
          admitted_at: change.at,
          published_at: change.at,
        })
        .onConflict((oc) => oc.column('application_id').doNothing()),
    (change.cc ?? []).length > 0 &&
      trx
        .insertInto('case_cc')
        .values(
          change.cc!.map((username) => ({
            case_type: change.caseType,
            case_id: change.caseId,
            username,
            created_at: change.at,
          })),
        )
        .onConflict((oc) => oc.columns(['case_type', 'case_id', 'username']).doNothing()),
  ];
}
