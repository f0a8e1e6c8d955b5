import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The inbox at scale (bench/inbox.ts): a reviewer's open tasks found through an index of their
// queue keys (role, and role@city), in due-date order, and the one-seat-per-step rule checked
// against the seats of the same step run by an index instead of a scan per row.
export async function up(db: Kysely<any>): Promise<void> {
  // 'role' and 'role@city' ('role@*' when the task has no city) of each candidate role
  await sql`create function kejin_queue_keys(roles text[], city text) returns text[]
    language sql immutable parallel safe
    return roles || array(select r || '@' || coalesce(city, '*') from unnest(roles) as r)`.execute(db);
  // stored, so a query reads the keys instead of computing them for every row it checks
  await sql`alter table tasks add column queue_keys text[] generated always as (kejin_queue_keys(candidate_roles, city)) stored`.execute(
    db,
  );
  await sql`create index tasks_open_queue_keys on tasks using gin (queue_keys) where status = 'open'`.execute(db);
  await sql`create index tasks_open_due on tasks (due_at, id) where status = 'open'`.execute(db);
  await sql`create index tasks_step_run on tasks (workflow_id, step_run)`.execute(db);
  await sql`create index tasks_completed_by on tasks (completed_by) where completed_by is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_open_queue_keys', 'tasks_open_due', 'tasks_step_run', 'tasks_completed_by'])
    await sql`drop index ${sql.ref(index)}`.execute(db);
  await sql`alter table tasks drop column queue_keys`.execute(db);
  await sql`drop function kejin_queue_keys(text[], text)`.execute(db);
}
