import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The inbox's one-seat and first-free-seat rules look at the other seats of a task's step run, a
// subquery per candidate row (bench:inbox: half of the provincial inbox's time). Only a run of
// several seats (会签, 或签, 依次, a panel) has others: `panel` says so, written with the task, and
// the rules skip the subquery for a run of one. Unknown is `true` (the rules apply, as before).
// And the queue-key index takes each new task at once instead of in GIN's pending list, which
// every inbox query read through in full until a vacuum merged it (0.8 ms a query at 100,000).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index tasks_open_queue_keys set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('tasks_open_queue_keys')`.execute(db);
  await sql`alter table tasks add column panel boolean not null default true`.execute(db);
  await sql`update tasks set panel = false where step_run is null or not exists (
      select 1 from tasks other where other.workflow_id = tasks.workflow_id and other.step_run = tasks.step_run
        and other.id <> tasks.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop column panel`.execute(db);
  await sql`alter index tasks_open_queue_keys reset (fastupdate)`.execute(db);
}
