import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Which API instance holds a key's lease: an instance that starts again releases the leases of
// its dead predecessor at once, so a client's retry after a crash need not wait them out.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('lease_owner', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('lease_owner').execute();
}
