import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The open tasks' queue as entries an index answers alone (bench:inbox at 100,000 tasks: a
// reviewer's first page and its total read 1,000–4,000 task rows through the queue's rules).
// An entry is an open task under one key a person looks it up by: each of its queue keys
// ('role', 'role@city', 'role@*'), and 'user:<name>' of whoever holds it or was delegated it.
// It carries what the rules of a person's queue read (organisation, conflict of interest, whether
// it is an unheld seat of a panel), so a page and its total read ~1,000 index entries and 25 rows.
// A panel's unheld seats are entered by their first only (one row per case, as the queue shows).
// `task_queue_wanted` says what the entries are; a trigger keeps them so in the statement that
// changes a task (in its transaction: a decision is in the next inbox when the API answers).
// The application may only read them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table task_queue (
    task_id text not null references tasks (id) on delete cascade,
    key text not null,
    due_at timestamptz not null,
    case_type text not null,
    organization_id text,
    conflict_city text,
    conflict_organization_id text,
    panel boolean not null,
    assignee text,
    primary key (task_id, key)
  )`.execute(db);
  await sql`create index task_queue_order on task_queue (key, due_at, task_id)
    include (case_type, organization_id, conflict_city, conflict_organization_id, panel, assignee)`.execute(db);
  await sql`create view task_queue_wanted as
    select t.id as task_id, k.key, t.due_at, t.case_type, t.organization_id, t.conflict_city,
           t.conflict_organization_id, t.panel, t.assignee
      from tasks t cross join lateral (
        select unnest(t.queue_keys) as key
         where not t.panel or t.assignee is not null or t.id = (select seat.id from tasks seat
           where seat.workflow_id = t.workflow_id and seat.step_run = t.step_run
             and seat.status = 'open' and seat.assignee is null order by seat.id limit 1)
        union select 'user:' || t.assignee where t.assignee is not null
        union select 'user:' || t.delegated_to where t.delegated_to is not null
      ) k
     where t.status = 'open'`.execute(db);
  // the tasks a statement changed, and the other seats of their panels (whose first unheld seat may move)
  await sql`create function kejin_requeue() returns trigger language plpgsql security definer
    set search_path = public as $$
    declare
      touched text[];
    begin
      select array_agg(id) into touched from (
        select id from changed
        union select seat.id from changed c join tasks seat
          on c.panel and seat.workflow_id = c.workflow_id and seat.step_run = c.step_run) ids;
      delete from task_queue where task_id = any(touched);
      insert into task_queue select * from task_queue_wanted where task_id = any(touched);
      return null;
    end $$`.execute(db);
  await sql`create trigger tasks_queue_added after insert on tasks referencing new table as changed
    for each statement execute function kejin_requeue()`.execute(db);
  await sql`create trigger tasks_queue_changed after update on tasks referencing new table as changed
    for each statement execute function kejin_requeue()`.execute(db);
  await sql`insert into task_queue select * from task_queue_wanted`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tasks_queue_changed on tasks`.execute(db);
  await sql`drop trigger tasks_queue_added on tasks`.execute(db);
  await sql`drop function kejin_requeue()`.execute(db);
  await sql`drop view task_queue_wanted`.execute(db);
  await sql`drop table task_queue`.execute(db);
}
