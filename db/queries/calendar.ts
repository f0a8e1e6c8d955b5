/**
 * The working-day calendar (DOMAIN §8): each year's versions as entered from the State Council's
 * notices, and for a year without one the provisional calendar of the statutory rules.
 */
import { sql, type Transaction } from 'kysely';
import { FIRST_STATUTORY_YEAR, provisionalYear, type YearCalendar } from '../../domain/holidays.js';
import { shanghaiDate, type WorkdayCalendar } from '../../domain/workdays.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

export interface CalendarYearRow extends YearCalendar {
  year: number;
  /** official: the notice entered by an administrator; provisional (暂定): computed from the statutory rules. */
  status: 'official' | 'provisional';
  source: string | null;
  version: number | null;
  reason: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string | null;
}

const versionColumns = (db: Db | Transaction<Database>) =>
  db
    .selectFrom('calendar_versions as v')
    .leftJoin('users as u', 'u.username', 'v.created_by')
    .select([
      'v.year',
      'v.version',
      'v.holidays',
      'v.adjusted_workdays',
      'v.source',
      'v.reason',
      'v.created_by',
      'v.created_at',
      'u.display_name',
    ]);
type VersionRow = Awaited<ReturnType<ReturnType<typeof versionColumns>['execute']>>[number];
const toYear = (r: VersionRow): CalendarYearRow => ({
  year: r.year,
  status: 'official',
  holidays: r.holidays,
  adjustedWorkdays: r.adjusted_workdays,
  source: r.source,
  version: r.version,
  reason: r.reason,
  createdBy: r.created_by,
  createdByName: r.display_name,
  createdAt: new Date(r.created_at).toISOString(),
});
/** Provisional years computed once per process (the statutory rules do not change while it runs). */
const provisionalYears = new Map<number, YearCalendar>();
const provisionalOf = (year: number): YearCalendar => {
  const known = provisionalYears.get(year) ?? provisionalYear(year);
  provisionalYears.set(year, known);
  return { holidays: [...known.holidays], adjustedWorkdays: [] };
};
const provisional = (year: number): CalendarYearRow => ({
  year,
  status: 'provisional',
  ...provisionalOf(year),
  source: null,
  version: null,
  reason: null,
  createdBy: null,
  createdByName: null,
  createdAt: null,
});

/** The versions in force, one per year. */
async function officialYears(db: Db): Promise<CalendarYearRow[]> {
  const rows = await versionColumns(db).distinctOn('v.year').orderBy('v.year').orderBy('v.version', 'desc').execute();
  return rows.map(toYear);
}

/** Years from..to, each official where entered and provisional otherwise. */
function withProvisional(official: CalendarYearRow[], from: number, to: number): CalendarYearRow[] {
  const years = new Map(official.map((y) => [y.year, y]));
  for (let y = Math.max(from, FIRST_STATUTORY_YEAR); y <= to; y++) if (!years.has(y)) years.set(y, provisional(y));
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** What the calendar page lists: every entered year, and this year and next as provisional where not entered. */
export async function calendarYears(db: Db, today = shanghaiDate(new Date())): Promise<CalendarYearRow[]> {
  const year = Number(today.slice(0, 4));
  return withProvisional(await officialYears(db), year, year + 1);
}

/**
 * The calendar deadlines are computed on: the years in force, and provisional ones from the year
 * before to two years after both today and `near` (the instant a deadline is counted from), so a
 * deadline never counts a year as plain Monday–Friday.
 */
export async function loadCalendar(db: Db, near: Date = new Date()): Promise<WorkdayCalendar> {
  const years = [new Date(), near].map((d) => Number(shanghaiDate(d).slice(0, 4)));
  const all = withProvisional(await officialYears(db), Math.min(...years) - 1, Math.max(...years) + 2);
  return {
    holidays: all.flatMap((y) => y.holidays),
    adjustedWorkdays: all.flatMap((y) => y.adjustedWorkdays),
  };
}

/** Every version of a year, newest first. */
export async function calendarVersions(db: Db, year: number): Promise<CalendarYearRow[]> {
  const rows = await versionColumns(db).where('v.year', '=', year).orderBy('v.version', 'desc').execute();
  return rows.map(toYear);
}

/**
 * Enters a new version of a year (serialised per year); `null` when it would change nothing.
 * The caller has checked it against the statutory rules.
 */
export async function publishCalendarYear(
  trx: Transaction<Database>,
  entry: YearCalendar & { year: number; source: string; reason: string; createdBy: string },
): Promise<{ version: number } | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`calendar:${entry.year}`}))`.execute(trx);
  const last = await trx
    .selectFrom('calendar_versions')
    .selectAll()
    .where('year', '=', entry.year)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const holidays = [...new Set(entry.holidays)].sort();
  const adjustedWorkdays = [...new Set(entry.adjustedWorkdays)].sort();
  if (
    last &&
    last.source === entry.source &&
    JSON.stringify([...last.holidays].sort()) === JSON.stringify(holidays) &&
    JSON.stringify([...last.adjusted_workdays].sort()) === JSON.stringify(adjustedWorkdays)
  )
    return null;
  const version = (last?.version ?? 0) + 1;
  await trx
    .insertInto('calendar_versions')
    .values({
      year: entry.year,
      version,
      holidays: JSON.stringify(holidays),
      adjusted_workdays: JSON.stringify(adjustedWorkdays),
      source: entry.source,
      reason: entry.reason,
      created_by: entry.createdBy,
    })
    .execute();
  return { version };
}
