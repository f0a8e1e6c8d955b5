import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// An Idempotency-Key names one request: its body's SHA-256 is kept with it, so the same key with
// another body is refused instead of silently answered with the first request's result.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('body_sha256', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('body_sha256').execute();
}
