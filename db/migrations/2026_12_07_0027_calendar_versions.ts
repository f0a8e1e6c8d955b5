import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The working-day calendar is a rule like the rule sets: each change of a year is a new version
// (who, when, why, what), none is changed or removed, and the version in force is the latest.
// `workday_calendar` stays as the view of the versions in force, so readers are unchanged.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('holidays', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(holidays) = 'array'`))
    .addColumn('adjusted_workdays', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(adjusted_workdays) = 'array'`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`length(btrim(source)) > 0`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(btrim(reason)) > 0`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('calendar_versions_year_version', ['year', 'version'])
    .execute();
  await sql`
    create function calendar_versions_kept() returns trigger language plpgsql as $$
    begin
      raise exception 'calendar_versions is append-only: % refused', tg_op;
    end $$`.execute(db);
  await sql`create trigger calendar_versions_no_change before update or delete on calendar_versions
    for each row execute function calendar_versions_kept()`.execute(db);
  await sql`create trigger calendar_versions_no_truncate before truncate on calendar_versions
    for each statement execute function calendar_versions_kept()`.execute(db);
  await sql`insert into calendar_versions (year, version, holidays, adjusted_workdays, source, reason, created_by, created_at)
    select year, 1, holidays, adjusted_workdays, source, '初始版本', 'system', updated_at from workday_calendar`.execute(
    db,
  );
  await sql`drop table workday_calendar`.execute(db);
  await sql`create view workday_calendar as
    select distinct on (year) year, holidays, adjusted_workdays, source, created_at as updated_at
      from calendar_versions order by year, version desc`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
