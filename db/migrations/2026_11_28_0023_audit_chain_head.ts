import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The head of the audit chain as one row: a writer locks it (SELECT … FOR UPDATE) and reads the
// hash to link to in one statement, instead of an advisory lock, then a read of the last entry.
// PostgreSQL keeps it: every entry appended after the head moves it, so it cannot drift from
// the log. An entry put back with an older id (a restore) leaves it where it is.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table audit_chain_head (
      id smallint primary key default 1 check (id = 1),
      entry_id bigint not null,
      hash text not null
    )`.execute(db);
  await sql`insert into audit_chain_head (entry_id, hash)
    select coalesce(max(id), 0),
      coalesce((select hash from audit_log order by id desc limit 1), repeat('0', 64))
    from audit_log`.execute(db);
  await sql`create function audit_chain_advance() returns trigger language plpgsql as $$
    begin
      update audit_chain_head set entry_id = new.id, hash = new.hash where entry_id < new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger audit_log_advance_head after insert on audit_log
    for each row execute function audit_chain_advance()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_advance_head on audit_log`.execute(db);
  await sql`drop function audit_chain_advance()`.execute(db);
  await sql`drop table audit_chain_head`.execute(db);
}
