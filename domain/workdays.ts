/**
 * Working-day arithmetic in Asia/Shanghai (UTC+8, no daylight saving). A working day is
 * Monday–Friday unless it is a public holiday, plus the weekend days declared make-up working
 * days (调休). The calendar handed in holds every year a deadline may reach: the official years
 * and provisional ones (db/queries/calendar.ts, domain/holidays.ts).
 */
export interface WorkdayCalendar {
  holidays: readonly string[];
  adjustedWorkdays: readonly string[];
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkdayCalendar): boolean {
  if (calendar.holidays.includes(date)) return false;
  if (calendar.adjustedWorkdays.includes(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline `days` working days after `from`: the end (23:59:59.999 Shanghai time) of the
 * `days`-th working day counted from the day after `from`. Zero days means the end of that day.
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkdayCalendar): Date {
  let date = shanghaiDate(from);
  let remaining = days;
  while (remaining > 0) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(date, calendar)) remaining--;
  }
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** An instant as people in Guangdong read it: `2026-12-11 23:59` (Asia/Shanghai), for messages and mails. */
export function shanghaiMinute(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The year whose official calendar an administrator should enter now, if any: this year's while it
 * is missing, and next year's from 1 October (the State Council publishes it in November).
 */
export function calendarDue(today: string, officialYears: readonly number[]): number | null {
  const year = Number(today.slice(0, 4));
  if (!officialYears.includes(year)) return year;
  if (today.slice(5) >= '10-01' && !officialYears.includes(year + 1)) return year + 1;
  return null;
}

/** The statutory festivals, in the order of the year (their dates: domain/holidays.ts, server side). */
export const FESTIVALS = [
  'new_year',
  'spring_festival',
  'qingming',
  'labour_day',
  'dragon_boat',
  'mid_autumn',
  'national_day',
] as const;
export type Festival = (typeof FESTIVALS)[number];
