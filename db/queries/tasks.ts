/** The task queue: the tasks a person may see and act on (their own, or a colleague's they stand in for). */
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database, TaskRow } from '../schema.js';

/** Task rows with the name of whoever holds one (处理人 is shown by name, not by username). */
export const withAssigneeName = <QB extends SelectQueryBuilder<Database, 'tasks', TaskRow>>(qb: QB) =>
  qb.select(
    sql<string | null>`(select display_name from users where users.username = tasks.assignee)`.as('assignee_name'),
  );
export type NamedTaskRow = TaskRow & { assignee_name: string | null };

/** The caller's queue: tasks they may hold in their own right or for a principal (代理) in force. */
export function taskQueue(db: Db, actor: Actor, principals: Actor[]) {
  return db.selectFrom('tasks').where((eb) => eb.or([actor, ...principals].map((a) => holdable(eb, a))));
}

/** A person's queue keys (migration 0007): 'role@city' and 'role@*', or the bare role without a city. */
const queueKeys = (a: Actor) => (a.city === null ? a.roles : a.roles.flatMap((r) => [`${r}@${a.city}`, `${r}@*`]));
/** Not a task of the person's own city or organisation when it names a conflict of interest (回避). */
const unconflicted = (a: Actor, table: string) =>
  sql<boolean>`not (coalesce(${sql.ref(`${table}.conflict_city`)} = ${a.city}, false) or coalesce(${sql.ref(`${table}.conflict_organization_id`)} = ${a.organizationId}, false))`;

/**
 * Whether a person works on a case: holds, held or was asked about one of its tasks, or may take
 * up one of its open tasks by role and city (not conflicted). What experts and finance officers
 * may read is bounded by this: the cases assigned to them, not every submitted case.
 */
export function worksOnCase(a: Actor, caseId: RawBuilder<unknown>) {
  return sql<boolean>`exists (select 1 from tasks t where t.case_id = ${caseId} and (
    t.assignee = ${a.username} or t.completed_by = ${a.username} or t.delegated_to = ${a.username}
    or (t.status = 'open' and t.queue_keys && ${sql.val(queueKeys(a))}::text[] and ${unconflicted(a, 't')})))`;
}

/**
 * Tasks one person may hold: by role and city (no conflict of interest, one seat per step), or by
 * name or delegation. The role-and-city test reads the queue keys of migration 0007 ('role@city',
 * 'role@*', or the bare role for someone without a city), which an index of the open tasks serves.
 */
function holdable(eb: ExpressionBuilder<Database, 'tasks'>, a: Actor) {
  const byRole = [
    sql<boolean>`queue_keys && ${sql.val(queueKeys(a))}::text[]`,
    eb.or([
      eb('organization_id', 'is', null),
      ...(a.organizationId ? [eb('organization_id', '=', a.organizationId)] : []),
    ]),
    unconflicted(a, 'tasks'),
    // one seat per person in a step run: not the other seats of a run where they hold or decided one
    // (`not panel` first: PostgreSQL evaluates an OR in order, so a run of one seat skips the subquery)
    sql<boolean>`(assignee is not null or not panel or tasks.id not in (select seat.id from tasks seat join (
        select workflow_id, step_run, id from tasks where status = 'open' and assignee = ${a.username}
        union all select workflow_id, step_run, id from tasks where completed_by = ${a.username}
      ) mine on seat.workflow_id = mine.workflow_id and seat.step_run = mine.step_run and seat.id <> mine.id))`,
    // and of a panel's free seats (会签: several open seats of one run) only the first: one row per case
    sql<boolean>`(status <> 'open' or assignee is not null or not panel or tasks.id = (select seat.id from tasks seat
        where seat.workflow_id = tasks.workflow_id and seat.step_run = tasks.step_run
          and seat.status = 'open' and seat.assignee is null order by seat.id limit 1))`,
  ];
  return eb.or([
    eb.and(byRole),
    eb('assignee', '=', a.username),
    eb('delegated_to', '=', a.username),
    eb('completed_by', '=', a.username),
  ]);
}
