/** The network in numbers (api/routes/stats.ts). */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

/** Active sub-centers by city and system, applications by status, and the open and overdue tasks. */
export const networkCounts = (db: Db) =>
  Promise.all([
    db
      .selectFrom('sub_centers')
      .select(['city', 'system', sql<string>`count(*)`.as('n')])
      .where('status', '=', 'active')
      .groupBy(['city', 'system'])
      .execute(),
    db
      .selectFrom('applications')
      .select(['status', sql<string>`count(*)`.as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('tasks')
      .select([sql<string>`count(*)`.as('open'), sql<string>`count(*) filter (where due_at < now())`.as('overdue')])
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
  ]);

/** The office's figures are read for a year (Asia/Shanghai), and may be narrowed to a process and a city. */
export interface OfficeFilter {
  year: number;
  caseType?: string;
  city?: string;
}

/** The tasks of a process and a city, where the filter names them. */
const inScope = (f: OfficeFilter) => (eb: ExpressionBuilder<Database, 'tasks'>) =>
  eb.and([
    ...(f.caseType !== undefined ? [eb('tasks.case_type', '=', f.caseType)] : []),
    ...(f.city !== undefined ? [eb('tasks.city', '=', f.city)] : []),
  ]);
const inYear = (column: string, year: number) =>
  sql<boolean>`extract(year from ${sql.ref(column)} at time zone 'Asia/Shanghai') = ${year}`;
const days = sql`extract(epoch from completed_at - created_at) / 86400`;

/** Time per step of the tasks decided that year: count, median and 90th percentile in days, by process and step. */
export const stepTimes = (db: Db, f: OfficeFilter) =>
  db
    .selectFrom('tasks')
    .select([
      'case_type',
      'step',
      sql<string>`count(*)`.as('n'),
      sql<number>`percentile_cont(0.5) within group (order by ${days})`.as('median'),
      sql<number>`percentile_cont(0.9) within group (order by ${days})`.as('p90'),
    ])
    .where('status', '=', 'done')
    .where(inYear('completed_at', f.year))
    .where(inScope(f))
    .groupBy(['case_type', 'step'])
    .orderBy('case_type')
    .orderBy('step')
    .execute();

/** Overdue: decided after the due date, or open past it. */
const overdue = sql<string>`count(*) filter (where (completed_at is not null and completed_at > due_at) or (status = 'open' and due_at < now()))`;

/** The overdue rate of the year's tasks by process and step. */
export const overdueBySteps = (db: Db, f: OfficeFilter) =>
  db
    .selectFrom('tasks')
    .select(['case_type', 'step', sql<string>`count(*)`.as('n'), overdue.as('overdue')])
    .where('status', '<>', 'cancelled')
    .where(inYear('created_at', f.year))
    .where(inScope(f))
    .groupBy(['case_type', 'step'])
    .orderBy('case_type')
    .orderBy('step')
    .execute();

/** The overdue rate of the year's decided tasks by the reviewer who decided them, most overdue first. */
export const overdueByReviewers = (db: Db, f: OfficeFilter) =>
  db
    .selectFrom('tasks')
    .leftJoin('users', 'users.username', 'tasks.completed_by')
    .select([
      sql<string>`coalesce(users.display_name, tasks.completed_by)`.as('reviewer'),
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where tasks.completed_at > tasks.due_at)`.as('overdue'),
    ])
    .where('tasks.status', '=', 'done')
    .where('tasks.completed_by', 'is not', null)
    .where(inYear('tasks.completed_at', f.year))
    .where(inScope(f))
    .groupBy(['users.display_name', 'tasks.completed_by'])
    .orderBy(sql`count(*) filter (where tasks.completed_at > tasks.due_at)`, 'desc')
    .orderBy('reviewer')
    .limit(50)
    .execute();

/** Every process's cases by status (all years: a case in progress is in progress whatever its year). */
export const casesByState = (db: Db) =>
  sql<{ case_type: string; status: string; n: string }>`
    select 'admission' as case_type, status, count(*) as n from applications group by status
    union all select 'evaluation_round', status, count(*) from evaluation_rounds group by status
    union all select 'evaluation', status, count(*) from evaluations group by status
    union all select 'revocation', status, count(*) from revocations group by status
    union all select 'payout', status, count(*) from payouts group by status
    union all select 'competition', status, count(*) from competition_tasks group by status
    order by 1, 2`
    .execute(db)
    .then((r) => r.rows);

/** Each list published that year (its latest version), with its objections and their outcomes. */
export const objectionsByNotice = (db: Db, f: OfficeFilter) =>
  db
    .selectFrom('notices')
    .leftJoin('objections', 'objections.series_id', 'notices.series_id')
    .select([
      'notices.series_id',
      'notices.title',
      'notices.kind',
      sql<string>`min(notices.starts_at)`.as('starts_at'),
      sql<string>`count(objections.id)`.as('objections'),
      sql<string>`count(objections.id) filter (where objections.outcome in ('upheld', 'changed'))`.as('upheld'),
      sql<string>`count(objections.id) filter (where objections.outcome = 'dismissed')`.as('dismissed'),
    ])
    .where('notices.version', '=', (eb) =>
      eb
        .selectFrom('notices as n')
        .select(sql<number>`max(n.version)`.as('v'))
        .whereRef('n.series_id', '=', 'notices.series_id'),
    )
    .where(inYear('notices.starts_at', f.year))
    .$if(f.caseType !== undefined, (q) => q.where('notices.case_type', '=', f.caseType!))
    .groupBy(['notices.series_id', 'notices.title', 'notices.kind'])
    .orderBy(sql`min(notices.starts_at)`, 'desc')
    .limit(100)
    .execute();
