import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The organisation a step is about where a case has several parties (a competition's bids): only
// it, of the case's parties, reads the task on the case page and may urge it. Null: every party.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column party text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop column party`.execute(db);
}
