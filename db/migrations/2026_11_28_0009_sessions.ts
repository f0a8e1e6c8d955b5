import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Server-side sessions (issue 11, 等保三级 identity): a token names its session, which logout,
// disabling the user, a password reset or a change of roles ends at once; an idle session and
// one past its absolute lifetime end by themselves. Sessions are ended, never deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_reason', 'text')
    .addCheckConstraint('sessions_ended_with_reason', sql`(ended_at is null) = (ended_reason is null)`)
    .execute();
  await db.schema
    .createIndex('sessions_open_by_user')
    .on('sessions')
    .column('user_id')
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sessions').execute();
}
