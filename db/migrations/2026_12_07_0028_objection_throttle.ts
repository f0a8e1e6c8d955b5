import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code here.
// Written objections are limited per source address and hour. The limit was counted on the
// objections themselves, which the workflow writes after the API's check: parallel letters from
// one address all passed. Each letter now takes a slot here first, counted and taken under a lock
// on its address; a letter refused for its content gives its slot back (released, not deleted).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objection_throttle')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('released', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index objection_throttle_recent on objection_throttle (address, at) where not released`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objection_throttle').execute();
}
