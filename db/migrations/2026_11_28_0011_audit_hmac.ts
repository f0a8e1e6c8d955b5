import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The audit chain proves itself (issue 11): entries written from now on carry hash version 2, an
// HMAC-SHA256 over every stored field with a key the database does not hold; entries written
// before keep version 1 (a plain SHA-256 of their content) and are checked as they were written.
export async function up(db: Kysely<any>): Promise<void> {
  // adding a column with a default rewrites no row, so the append-only triggers stay untouched;
  // the default stays 1 (what a writer that does not know versions computes), the new writer says 2
  await sql`alter table audit_log add column hash_version smallint not null default 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log drop column hash_version`.execute(db);
}
