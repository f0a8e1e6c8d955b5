import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('conflict_city', 'text')
    .addColumn('conflict_organization_id', 'text')
    .addColumn('delegated_to', 'text')
    .addColumn('added_by', 'text')
    .addColumn('step_run', 'text')
    .addColumn('acting_for', 'text')
    .addColumn('signed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('tasks_assignee_open')
    .on('tasks')
    .column('assignee')
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('tasks_delegated_to')
    .on('tasks')
    .column('delegated_to')
    .where(sql.ref('delegated_to'), 'is not', null)
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('proxy_username', 'text')
    .addColumn('proxy_from', 'timestamptz')
    .addColumn('proxy_to', 'timestamptz')
    .addColumn('signature', 'bytea')
    .execute();
  await sql`alter table users add constraint users_proxy_window check (proxy_username is null or (proxy_from is not null and proxy_to > proxy_from and proxy_username <> username))`.execute(
    db,
  );
  await db.schema
    .createTable('case_cc')
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_cc_pk', ['case_type', 'case_id', 'username'])
    .execute();
  await db.schema.createIndex('case_cc_username').on('case_cc').column('username').execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
