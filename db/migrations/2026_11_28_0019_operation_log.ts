import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The operation log (等保三级 安全审计): sign-ins and sign-outs, downloads, prints and exports,
// administrative changes and refused requests. Append-only: no row is changed, and a row is
// deleted only by the retention job once it is older than 180 days (the trigger enforces both).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operation_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('source', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`create index operation_log_at on operation_log (at desc)`.execute(db);
  await sql`create index operation_log_user on operation_log (username, at desc)`.execute(db);
  await sql`
    create function operation_log_kept() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and old.at < now() - interval '180 days' then
        return old;
      end if;
      raise exception 'operation_log is append-only (rows younger than 180 days are kept): % refused', tg_op;
    end $$`.execute(db);
  await sql`create trigger operation_log_append_only before update or delete on operation_log
    for each row execute function operation_log_kept()`.execute(db);
  await sql`create trigger operation_log_no_truncate before truncate on operation_log
    for each statement execute function operation_log_kept()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('operation_log').execute();
  await sql`drop function operation_log_kept()`.execute(db);
}
