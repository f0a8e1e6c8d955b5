import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Live updates (issue 10): every audit entry and every notification announces itself on the
// `kejin_events` channel from the transaction that writes it — PostgreSQL delivers a NOTIFY only
// when that transaction commits, so a listener never hears of a change that did not happen.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function kejin_announce_case() returns trigger language plpgsql as $$
    begin
      perform pg_notify('kejin_events', json_build_object('type', 'case', 'caseType', new.case_type,
        'caseId', new.case_id, 'action', new.action)::text);
      return null;
    end $$`.execute(db);
  await sql`create trigger audit_log_announce after insert on audit_log
    for each row execute function kejin_announce_case()`.execute(db);
  await sql`create function kejin_announce_notification() returns trigger language plpgsql as $$
    begin
      perform pg_notify('kejin_events', json_build_object('type', 'notification', 'user', new.recipient_user,
        'role', new.recipient_role, 'city', new.recipient_city)::text);
      return null;
    end $$`.execute(db);
  await sql`create trigger notifications_announce after insert on notifications
    for each row execute function kejin_announce_notification()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger notifications_announce on notifications`.execute(db);
  await sql`drop function kejin_announce_notification()`.execute(db);
  await sql`drop trigger audit_log_announce on audit_log`.execute(db);
  await sql`drop function kejin_announce_case()`.execute(db);
}
