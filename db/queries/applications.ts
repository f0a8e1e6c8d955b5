/**
 * Applications as people may read them (api/routes/applications.ts, attachments.ts, the live
 * feed): who sees which case, and the few reads the routes make beside the workflow's answers.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import { type Actor, hasRole } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';
import { worksOnCase } from './tasks.js';

/**
 * Who sees which applications: applicants their own organisation's; municipal reviewers their
 * city's submitted cases; provincial reviewers every submitted case; experts the cases they score;
 * admins and auditors everything; and whoever was copied on the case (抄送).
 */
export function applicationVisibleTo(eb: ExpressionBuilder<Database, 'applications'>, actor: Actor) {
  if (hasRole(actor, 'admin') || hasRole(actor, 'auditor')) return sql<boolean>`true`;
  const ors = [];
  if (hasRole(actor, 'applicant')) {
    ors.push(eb('created_by', '=', actor.id));
    if (actor.organizationId) ors.push(eb('organization_id', '=', actor.organizationId));
  }
  if (hasRole(actor, 'municipal_reviewer') && actor.city)
    ors.push(eb.and([eb('city', '=', actor.city), eb('status', '!=', 'draft')]));
  if (hasRole(actor, 'provincial_reviewer')) ors.push(eb('status', '!=', 'draft'));
  // experts: only the cases they are asked to score (finance officers have no admission task)
  if (hasRole(actor, 'expert')) ors.push(worksOnCase(actor, sql.ref('applications.id')));
  ors.push(
    sql<boolean>`exists (select 1 from case_cc where case_cc.case_type = 'admission' and case_cc.case_id = applications.id and case_cc.username = ${actor.username})`,
  );
  return eb.or(ors);
}

/** The applications the actor may see. */
export const visibleApplications = (db: Db, actor: Actor) =>
  db.selectFrom('applications').where((eb) => applicationVisibleTo(eb, actor));

/** The list's own filter: an organisation's name or credit code containing the text. */
export const applicationFilters = {
  q: (qb: ReturnType<typeof visibleApplications>, v: unknown) =>
    qb.where((eb) => eb.or([eb('org_name', 'ilike', `%${String(v)}%`), eb('credit_code', 'ilike', `%${String(v)}%`)])),
};

/** One application the actor may see: its body and its workflow. */
export const visibleApplication = (db: Db, actor: Actor, id: string) =>
  visibleApplications(db, actor)
    .select(['body', 'workflow_id', 'run_id', 'status', 'created_by', 'organization_id'])
    .where('id', '=', id)
    .executeTakeFirst();

/** The credit code registered to an organisation (机构登记), if any. */
export const registeredCreditCode = async (db: Db, organizationId: string) =>
  (await db.selectFrom('organizations').select('credit_code').where('id', '=', organizationId).executeTakeFirst())
    ?.credit_code ?? null;

/** The active sub-center of an institution (by its credit code), if it is one. */
export const activeSubCenterOf = (db: Db, creditCode: string) =>
  db
    .selectFrom('sub_centers')
    .select(['id', 'name'])
    .where('credit_code', '=', creditCode)
    .where('status', '=', 'active')
    .executeTakeFirst();

/** The tasks of a case the user decided (an expert's own scoring seats). */
export async function tasksDecidedBy(db: Db, caseId: string, username: string) {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('case_id', '=', caseId)
    .where('completed_by', '=', username)
    .execute();
  return new Set(rows.map((t) => t.id));
}
