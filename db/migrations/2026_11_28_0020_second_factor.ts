import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// TOTP second factor (RFC 6238): the enrolled secret, a secret being enrolled, when it was
// confirmed, and the hashes of unused recovery codes. A session of an account that must have a
// second factor but has none yet may only enrol (sessions.enrolment_only).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    .addColumn('recovery_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('enrolment_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('enrolment_only').execute();
  await db.schema
    .alterTable('users')
    .dropColumn('totp_secret')
    .dropColumn('totp_pending_secret')
    .dropColumn('totp_enabled_at')
    .dropColumn('recovery_codes')
    .execute();
}
