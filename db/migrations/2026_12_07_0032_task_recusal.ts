import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// 回避: an expert who declares a conflict of interest steps aside from a task, which leaves their
// queue (and may not be taken by them again) while the other experts may take it.
const wanted = (recused: boolean) => sql`create view task_queue_wanted as
    select t.id as task_id, k.key, t.due_at, t.case_type, t.organization_id, t.conflict_city,
           t.conflict_organization_id, t.panel, t.assignee, t.priority ${sql.raw(recused ? ', t.recused_by' : '')}
      from tasks t cross join lateral (
        select unnest(t.queue_keys) as key
         where not t.panel or t.assignee is not null or t.id = (select seat.id from tasks seat
           where seat.workflow_id = t.workflow_id and seat.step_run = t.step_run
             and seat.status = 'open' and seat.assignee is null order by seat.id limit 1)
        union select 'user:' || t.assignee where t.assignee is not null
        union select 'user:' || t.delegated_to where t.delegated_to is not null
      ) k
     where t.status = 'open'`;
const index = (
  recused: boolean,
) => sql`create index task_queue_order on task_queue (key, priority desc, due_at, task_id)
    include (case_type, organization_id, conflict_city, conflict_organization_id, panel, assignee ${sql.raw(recused ? ', recused_by' : '')})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column recused_by text[] not null default '{}'`.execute(db);
  await sql`alter table task_queue add column recused_by text[] not null default '{}'`.execute(db);
  await sql`drop view task_queue_wanted`.execute(db);
  await wanted(true).execute(db);
  await sql`drop index task_queue_order`.execute(db);
  await index(true).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index task_queue_order`.execute(db);
  await index(false).execute(db);
  await sql`drop view task_queue_wanted`.execute(db);
  await wanted(false).execute(db);
  await sql`alter table task_queue drop column recused_by`.execute(db);
  await sql`alter table tasks drop column recused_by`.execute(db);
}
