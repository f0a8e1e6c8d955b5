import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Exactly once across crashes (issue 11): a request in progress holds its Idempotency-Key for a
// lease; when the API dies mid-request the lease runs out and a retry with the same key takes the
// request over (re-attaching to the same Temporal Update), instead of meeting "in progress" forever.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('lease_until', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('lease_until').execute();
}
