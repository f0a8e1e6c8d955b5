/** The task queue: the tasks a person may see and act on (their own, or a colleague's they stand in for). */
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { stepsNamed } from '../../domain/approval.js';
import type { Actor } from '../../domain/roles.js';
import { type Db, executePrepared } from '../index.js';
import type { Database, TaskRow } from '../schema.js';

/** The name of whoever holds a task (处理人 is shown by name, not by username). */
const assigneeName = sql<string | null>`(select display_name from users where users.username = tasks.assignee)`;
/** Task rows with the name of whoever holds one. */
const withAssigneeName = <O>(qb: SelectQueryBuilder<Database, 'tasks', O>) =>
  qb.select(assigneeName.as('assignee_name'));
export type NamedTaskRow = TaskRow & { assignee_name: string | null };
/** The columns a task is answered with in a list (what a person reads of it). */
const TASK_LIST_FIELDS = [
  'id',
  'case_type',
  'case_id',
  'title',
  'step',
  'role',
  'candidate_roles',
  'city',
  'organization_id',
  'party',
  'assignee',
  'delegated_to',
  'added_by',
  'due_at',
  'escalation_level',
  'priority',
  'status',
  'decision',
  'comment',
  'completed_by',
  'completed_at',
  'created_at',
] as const satisfies readonly (keyof TaskRow)[];
export type TaskListRow = Pick<TaskRow, (typeof TASK_LIST_FIELDS)[number]> & { assignee_name: string | null };

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

/** The seats a person may not take: the other seats of the step runs where they hold or decided one. */
const otherSeats = (a: Actor) => sql`select seat.id from (
    select workflow_id, step_run, id from tasks where status = 'open' and assignee = ${a.username} and panel
    union all select workflow_id, step_run, id from tasks where completed_by = ${a.username} and panel
  ) mine cross join lateral (select id from tasks seat
    where seat.workflow_id = mine.workflow_id and seat.step_run = mine.step_run and seat.id <> mine.id) seat`;
/**
 * One seat per person in a step run: not one of `others` (`otherSeats`) unless held. `not panel`
 * first: PostgreSQL evaluates an OR in order, so a run of one seat skips the subquery.
 */
const notAnotherSeat = (table: 'tasks' | 'task_queue', id: 'id' | 'task_id', others: RawBuilder<unknown>) =>
  sql<boolean>`(${sql.ref(`${table}.assignee`)} is not null or not ${sql.ref(`${table}.panel`)} or ${sql.ref(`${table}.${id}`)} not in (${others}))`;

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
    sql<boolean>`not (${a.username} = any(tasks.recused_by))`,
    notAnotherSeat('tasks', 'id', otherSeats(a)),
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

/** What an open queue may be narrowed by besides its order: what its entries carry. */
export interface OpenQueueFilter {
  overdue?: boolean;
  caseTypes?: string[];
  /** 待认领: held by nobody. */
  unclaimed?: boolean;
}

/**
 * The open tasks people may hold (a person and those they stand in for), from the queue's entries
 * (migration 0026): under each of their queue keys by the rules of `holdable` (organisation,
 * conflict of interest, one seat per run; a panel's first unheld seat is the only one entered),
 * and under 'user:<name>' what they hold or were delegated. As `(due_at, task_id)` rows, each task
 * once; with `limit`, the first `limit` in due order, each key read in that order and no further.
 */
function openQueue(actors: Actor[], f: OpenQueueFilter, order: 'asc' | 'desc', limit: number | null) {
  const narrowed = [
    ...(f.overdue === undefined ? [] : [f.overdue ? sql`due_at < now()` : sql`due_at >= now()`]),
    ...(f.caseTypes ? [sql`case_type = any(${sql.val(f.caseTypes)}::text[])`] : []),
    ...(f.unclaimed ? [sql`assignee is null`] : []),
  ];
  const by = queueOrder(order);
  const entries = (key: string, rules: RawBuilder<unknown>[]) => {
    const where = sql.join([sql`key = ${key}`, ...rules, ...narrowed], sql` and `);
    return limit === null
      ? sql`select priority, due_at, task_id from task_queue where ${where}`
      : sql`(select priority, due_at, task_id from task_queue where ${where} order by ${by('')} limit ${sql.lit(limit)})`;
  };
  // each person's other seats once (a CTE), not once per key
  const seats = actors.map((a, i) => sql`${sql.raw(`seats${i}`)} as (${otherSeats(a)})`);
  const branches = actors.flatMap((a, i) => [
    ...queueKeys(a).map((key) =>
      entries(key, [
        sql`(organization_id is null or organization_id = ${a.organizationId})`,
        unconflicted(a, 'task_queue'),
        notAnotherSeat('task_queue', 'task_id', sql`select id from ${sql.raw(`seats${i}`)}`),
        // what someone holds is theirs (their own come under 'user:'); an administrator may reassign it
        ...(a.roles.includes('admin') ? [] : [sql`assignee is null`]),
        // not what they stepped aside from (回避)
        sql`not (${a.username} = any(recused_by))`,
      ]),
    ),
    entries(`user:${a.username}`, []),
  ]);
  const all = sql`with ${sql.join(seats)} select distinct priority, due_at, task_id from (${sql.join(branches, sql` union all `)}) entries`;
  return limit === null ? all : sql`${all} order by ${by('')} limit ${sql.lit(limit)}`;
}

/**
 * The inbox's order: priority first (紧急 before 优先 before 普通), then the due date, then the id;
 * `desc` is its exact reverse (one index, read either way).
 */
const queueOrder = (order: 'asc' | 'desc') => (table: string) => {
  const col = (c: string) => sql.ref(table ? `${table}.${c}` : c);
  const dir = sql.raw(order);
  return sql`${col('priority')} ${sql.raw(order === 'asc' ? 'desc' : 'asc')}, ${col('due_at')} ${dir}, ${col(table === 'p' ? 'id' : 'task_id')} ${dir}`;
};

/** How many open tasks people may hold (the task center's numbers). */
export async function openQueueCount(db: Db, actors: Actor[], f: OpenQueueFilter = {}): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from (${openQueue(actors, f, 'asc', null)}) q`.execute(db);
  return rows[0]!.n;
}

/**
 * A page of the open queue in due order (rows `start` to `start + size - 1`) and its total counted up
 * to `cap`, in one query: the first entries are found once, and only the page's tasks are read.
 */
export async function openQueuePage(
  db: Db,
  actors: Actor[],
  f: OpenQueueFilter,
  page: OpenQueuePage,
): Promise<{ rows: TaskListRow[]; total: number }> {
  const rows = await executePrepared(db, openQueuePageStatement(actors, f, page).compile(db));
  return {
    rows: rows.filter((r) => r.id !== null).map(({ kejin_queue_total: _, ...row }) => row),
    total: rows[0]?.kejin_queue_total ?? 0,
  };
}
export interface OpenQueuePage {
  order: 'asc' | 'desc';
  start: number;
  size: number;
  cap: number;
}
/**
 * The statement of `openQueuePage` (bench:inbox prints its plan). How far each key is read and the
 * cap are written into it (one value but deep into a long list), the page as parameters: one
 * prepared statement for every page of a list.
 */
export function openQueuePageStatement(actors: Actor[], f: OpenQueueFilter, page: OpenQueuePage) {
  const by = queueOrder(page.order);
  const first = openQueue(actors, f, page.order, Math.max(page.cap, page.start + page.size));
  const fields = sql.join(TASK_LIST_FIELDS.map((c) => sql.ref(`tasks.${c}`)));
  return sql<TaskListRow & { kejin_queue_total: number }>`
    with q as (${first})
    select p.*, total.n as kejin_queue_total
      from (select least(count(*), ${sql.lit(page.cap)})::int as n from q) total
      left join (select ${fields}, ${assigneeName} as assignee_name from q join tasks on tasks.id = q.task_id
        order by ${by('q')} offset ${page.start} limit ${page.size}) p on true
     order by ${by('p')}`;
}

/**
 * A case's open tasks as its page shows them. A step about one of several parties (a competition's
 * bid) is shown to the others of the case's sub-centers not at all: bids stay sealed.
 */
export function openTasksOfCase(db: Db, caseType: string, caseId: string, actor: Actor) {
  return withAssigneeName(db.selectFrom('tasks').selectAll())
    .where('case_type', '=', caseType)
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .$if(actor.roles.includes('applicant'), (qb) =>
      qb.where((eb) => eb.or([eb('party', 'is', null), eb('party', '=', actor.organizationId)])),
    )
    .execute();
}

/**
 * The rows a task list is taken from: the person's queue, or — for their own tasks (`own`:
 * assigned to them, or decided by them: 已办) — the tasks table without the queue's rules (a plain
 * query instead of the queue's OR to plan). `inbox` (待办): only what the reader may act on, not
 * what a colleague holds.
 */
export function taskListRows(
  db: Db,
  actor: Actor,
  principals: Actor[],
  { own, inbox }: { own: boolean; inbox: boolean },
) {
  const base = own ? db.selectFrom('tasks') : taskQueue(db, actor, principals);
  const mine = [actor, ...principals].map((a) => a.username);
  const actionable = inbox
    ? base.where((eb) =>
        eb.or([eb('assignee', 'is', null), eb('assignee', 'in', mine), eb('delegated_to', 'in', mine)]),
      )
    : base;
  return withAssigneeName(actionable.select(TASK_LIST_FIELDS));
}

export const taskById = (db: Db, id: string) =>
  db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
/** Tasks by id, for a batch (批量审批). */
export const tasksByIds = (db: Db, ids: string[]) =>
  ids.length ? db.selectFrom('tasks').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]);
export const namedTaskById = (db: Db, id: string) =>
  withAssigneeName(db.selectFrom('tasks').selectAll()).where('id', '=', id).executeTakeFirstOrThrow();

/**
 * People a task may be handed to (转办, 委派, 加签, 抄送), by name or username: active staff, and
 * the task's own organisation's applicants (every organisation's applicants are most of the
 * table, and only the task's own may be named), up to 500, by name.
 */
export const handOverCandidates = (db: Db, o: { except: string; organizationId: string | null; q?: string }) =>
  db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'roles', 'city', 'organization_id'])
    .where('active', '=', true)
    .where('username', '!=', o.except)
    .where((eb) =>
      eb.or([
        sql<boolean>`not (roles <@ array['applicant']::text[])`,
        eb('organization_id', '=', o.organizationId ?? ''),
      ]),
    )
    .$if(Boolean(o.q?.trim()), (qb) =>
      qb.where((eb) =>
        eb.or([eb('username', 'ilike', `%${o.q!.trim()}%`), eb('display_name', 'ilike', `%${o.q!.trim()}%`)]),
      ),
    )
    .orderBy('display_name')
    .orderBy('username')
    .limit(500)
    .execute();

/** One task of the person's queue (theirs, or a colleague's they stand in for), with its holder's name. */
export const queuedTask = (db: Db, actor: Actor, principals: Actor[], id: string) =>
  withAssigneeName(taskQueue(db, actor, principals).selectAll())
    .where('id', '=', id)
    .executeTakeFirst();

type TaskListQuery = ReturnType<typeof taskListRows>;
/**
 * The task list's own filters: `overdue`, `assignee` ("me", "none" or a username), `completedBy`
 * ("me" or a username: 已办), and `q`: the case's title (its organisation, a receipt number), the
 * case's id, or a step's name.
 */
export const taskListFilters = (actor: Actor) => ({
  overdue: (qb: TaskListQuery, v: unknown) =>
    v === true || v === 'true'
      ? qb.where('status', '=', 'open').where('due_at', '<', sql<Date>`now()`)
      : qb.where((eb) => eb.or([eb('status', '!=', 'open'), eb('due_at', '>=', sql<Date>`now()`)])),
  assignee: (qb: TaskListQuery, v: unknown) =>
    v === null || v === 'none'
      ? qb.where('assignee', 'is', null)
      : qb.where('assignee', '=', v === 'me' ? actor.username : String(v)),
  completedBy: (qb: TaskListQuery, v: unknown) =>
    qb.where('completed_by', '=', v === 'me' ? actor.username : String(v)),
  q: (qb: TaskListQuery, v: unknown) => {
    const text = String(v).trim();
    const steps = stepsNamed(text);
    return qb.where((eb) =>
      eb.or([
        eb('title', 'ilike', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        eb('case_id', '=', text),
        ...(steps.length ? [eb('step', 'in', steps)] : []),
      ]),
    );
  },
});
