/**
 * The statutory holidays (《全国年节及纪念日放假办法》, as revised in 2024 and in force from 2025)
 * and what follows from them for the working-day calendar (DOMAIN §8):
 * - every year's official calendar (the State Council's notice, entered by an administrator) must
 *   give every statutory holiday day off;
 * - a year whose notice is not entered yet gets a provisional (暂定) calendar computed from the
 *   statutory days alone: the days themselves, and for a statutory day that falls on a Saturday or
 *   Sunday (or on another festival's day) one day off made up on the next working day (补假,
 *   Article 6); no 调休 working weekends, which only the notice sets.
 * The lunar festivals and 清明 (a solar term) come from `lunar-typescript`, not from a typed table.
 * Server side only (the workflows never import it, so its library stays out of their bundle; the
 * console reads the results from the API).
 */
import { Lunar } from 'lunar-typescript';
import { say } from './messages.js';
import type { Festival } from './workdays.js';

/** The first year the 2024 revision's rules apply to (春节 from 除夕, 劳动节 two days). */
export const FIRST_STATUTORY_YEAR = 2025;

const DAY_MS = 86_400_000;
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const plusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const solarOf = (lunar: Lunar) => lunar.getSolar().toYmd();

/** Each festival's statutory days off in `year` (13 days in all), in the order of the year. */
export function statutoryDays(year: number): { festival: Festival; days: string[] }[] {
  const newYear = Lunar.fromYmd(year, 1, 1);
  const eve = plusDays(solarOf(newYear), -1);
  const qingming = newYear.getJieQiTable().清明!.toYmd();
  return [
    { festival: 'new_year' as const, days: [iso(year, 1, 1)] },
    { festival: 'spring_festival' as const, days: [0, 1, 2, 3].map((n) => plusDays(eve, n)) },
    { festival: 'qingming' as const, days: [qingming] },
    { festival: 'labour_day' as const, days: [iso(year, 5, 1), iso(year, 5, 2)] },
    { festival: 'dragon_boat' as const, days: [solarOf(Lunar.fromYmd(year, 5, 5))] },
    { festival: 'mid_autumn' as const, days: [solarOf(Lunar.fromYmd(year, 8, 15))] },
    { festival: 'national_day' as const, days: [iso(year, 10, 1), iso(year, 10, 2), iso(year, 10, 3)] },
  ].sort((a, b) => a.days[0]!.localeCompare(b.days[0]!));
}

export interface YearCalendar {
  holidays: string[];
  adjustedWorkdays: string[];
}

/** The calendar of a year whose notice is not entered yet: the statutory days and their 补假. */
export function provisionalYear(year: number): YearCalendar {
  const off = new Set<string>();
  for (const { days } of statutoryDays(year)) {
    let owed = 0;
    for (const day of days) {
      if (isWeekend(day) || off.has(day)) owed++;
      off.add(day);
    }
    let next = days[days.length - 1]!;
    while (owed > 0) {
      next = plusDays(next, 1);
      if (isWeekend(next) || off.has(next)) continue;
      off.add(next);
      owed--;
    }
  }
  return { holidays: [...off].sort(), adjustedWorkdays: [] };
}

/** A run of consecutive days off, named by the festival whose statutory day it holds (null: none). */
export interface HolidayPeriod {
  festival: Festival | null;
  from: string;
  to: string;
  days: number;
}

export function holidayPeriods(year: number, holidays: readonly string[]): HolidayPeriod[] {
  const statutory = statutoryDays(year);
  const runs: string[][] = [];
  for (const day of [...new Set(holidays)].sort()) {
    const last = runs[runs.length - 1];
    if (last && plusDays(last[last.length - 1]!, 1) === day) last.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => ({
    festival: statutory.find((s) => s.days.some((d) => run.includes(d)))?.festival ?? null,
    from: run[0]!,
    to: run[run.length - 1]!,
    days: run.length,
  }));
}

/** Plausibility bounds of a notice: 2026's gives 33 days off and 6 调休 Saturdays/Sundays. */
const MAX_HOLIDAYS = 45;
const MAX_ADJUSTED = 12;

/**
 * Why a year's calendar as entered cannot be the State Council's (field → reason, empty when it
 * can): a year the statutory rules do not cover or too far ahead, a statutory day not given off,
 * a 调休 day that is not a weekend day or is also a holiday, implausibly many days.
 */
export function officialYearProblems(year: number, entered: YearCalendar, today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const thisYear = Number(today.slice(0, 4));
  if (year < FIRST_STATUTORY_YEAR || year > thisYear + 1) {
    problems.year = say('calendarYears', FIRST_STATUTORY_YEAR, thisYear + 1);
    return problems;
  }
  const outside = (days: string[]) => days.filter((d) => !d.startsWith(`${year}-`));
  if (outside(entered.holidays).length)
    problems.holidays = say('datesOutsideYear', year, outside(entered.holidays).join('、'));
  else {
    const given = new Set(entered.holidays);
    const missing = statutoryDays(year).filter((s) => s.days.some((d) => !given.has(d)));
    if (missing.length)
      problems.holidays = say(
        'statutoryHolidaysMissing',
        missing.map((s) => `${FESTIVAL_ZH[s.festival]} ${s.days.filter((d) => !given.has(d)).join('、')}`).join('；'),
      );
    else if (given.size > MAX_HOLIDAYS) problems.holidays = say('tooManyDaysOff', given.size, MAX_HOLIDAYS);
  }
  if (outside(entered.adjustedWorkdays).length)
    problems.adjustedWorkdays = say('datesOutsideYear', year, outside(entered.adjustedWorkdays).join('、'));
  else {
    const weekdays = entered.adjustedWorkdays.filter((d) => !isWeekend(d));
    const both = entered.adjustedWorkdays.filter((d) => entered.holidays.includes(d));
    if (weekdays.length) problems.adjustedWorkdays = say('makeUpDaysOnWeekdays', weekdays.join('、'));
    else if (both.length) problems.adjustedWorkdays = say('holidayAndWorkday', both.join('、'));
    else if (new Set(entered.adjustedWorkdays).size > MAX_ADJUSTED)
      problems.adjustedWorkdays = say('tooManyMakeUpDays', MAX_ADJUSTED);
  }
  return problems;
}

/** Festival names for messages the API writes itself (the console has its own catalogue). */
const FESTIVAL_ZH: Record<Festival, string> = {
  new_year: '元旦',
  spring_festival: '春节',
  qingming: '清明节',
  labour_day: '劳动节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  national_day: '国庆节',
};
