import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Login throttling per account and source address (issue 11): failures from one address lock
// that address out of that account, with growing lock times, so an outsider cannot lock a named
// account for its owner. users.locked_until stays as the account's "locked from somewhere" mark
// (what administrators see and lift); the per-user failure counter gives way to this table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('login_throttle_pk', ['username', 'source'])
    .execute();
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('login_throttle').execute();
}
