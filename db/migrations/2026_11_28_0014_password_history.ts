import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Password rules (等保三级): a new password may not be one of the user's last five; their hashes
// are kept here (the current one stays in password_hash).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_history', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_history').execute();
}
