/** What a case's 审批单 prints (api/caseExtras.ts): its decided steps, opinions asked, and the trail's last hash. */
import type { Db } from '../index.js';

/** The case's decided tasks in order, each with its reviewer's name, roles and signature, and whom a proxy acted for. */
export const decidedTasks = (db: Db, caseType: string, caseId: string) =>
  db
    .selectFrom('tasks')
    .leftJoin('users as u', 'u.username', 'tasks.completed_by')
    .leftJoin('users as p', 'p.username', 'tasks.acting_for')
    .select([
      'tasks.step',
      'tasks.decision',
      'tasks.comment',
      'tasks.completed_at',
      'tasks.completed_by',
      'tasks.signed',
      'u.display_name as reviewer',
      'u.roles as reviewer_roles',
      'u.signature',
      'p.display_name as principal',
    ])
    .where('tasks.case_type', '=', caseType)
    .where('tasks.case_id', '=', caseId)
    .where('tasks.status', '=', 'done')
    .orderBy('tasks.completed_at')
    .execute();

/** The opinions asked of colleagues (委派) on the case. */
export const opinionsGiven = (db: Db, caseType: string, caseId: string) =>
  db
    .selectFrom('audit_log')
    .select(['actor_name', 'comment', 'at', 'data'])
    .where('case_type', '=', caseType)
    .where('case_id', '=', caseId)
    .where('action', '=', 'task.opinion_given')
    .execute();

/** The hash of the case's latest audit entry (printed on the sheet to tie it to the trail). */
export const lastAuditHash = async (db: Db, caseType: string, caseId: string) =>
  (
    await db
      .selectFrom('audit_log')
      .select('hash')
      .where('case_type', '=', caseType)
      .where('case_id', '=', caseId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.hash ?? null;
