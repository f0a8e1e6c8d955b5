import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// A step a workflow could not record (a data error, or its retries used up) is an incident: the
// workflow waits until an administrator asks it to try again. Rows change status, never go away.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('workflow_type', 'text', (c) => c.notNull())
    .addColumn('case_type', 'text')
    .addColumn('case_id', 'text')
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('error_type', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'retrying', 'resolved')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retry_requested_by', 'text')
    .addColumn('retry_requested_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await sql`create index incidents_open on incidents (created_at desc) where status <> 'resolved'`.execute(db);
  await sql`
    create function incidents_kept() returns trigger language plpgsql as $$
    begin
      raise exception 'incidents are kept: % refused', tg_op;
    end $$`.execute(db);
  await sql`create trigger incidents_no_delete before delete on incidents
    for each row execute function incidents_kept()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incidents').execute();
  await sql`drop function incidents_kept()`.execute(db);
}
