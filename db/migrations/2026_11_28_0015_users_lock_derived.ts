import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Whether an account is locked is read from login_throttle (some address locked out now); the
// copy kept on users since 0012 is dropped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locked_until', 'timestamptz').execute();
}
