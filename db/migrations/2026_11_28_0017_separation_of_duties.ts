import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// 三员分立: no account holds two of administrator, security officer and auditor. An account that
// held administrator and auditor keeps administrator (the demo seed adds a separate auditor).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update users set roles = array_remove(roles, 'auditor') where roles @> array['admin', 'auditor']`.execute(
    db,
  );
  await sql`update users set roles = array_remove(roles, 'security_officer')
    where roles @> array['admin', 'security_officer'] or roles @> array['auditor', 'security_officer']`.execute(db);
  await sql`alter table users add constraint users_separation_of_duties check (not (
    roles @> array['admin', 'auditor'] or roles @> array['admin', 'security_officer']
    or roles @> array['security_officer', 'auditor']))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop constraint users_separation_of_duties`.execute(db);
}
