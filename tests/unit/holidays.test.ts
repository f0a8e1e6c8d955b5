import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holidayPeriods, officialYearProblems, provisionalYear, statutoryDays } from '../../domain/holidays.js';
import { noticeEnd } from '../../domain/notice.js';
import { addWorkingDays, calendarDue, shanghaiDate, type WorkdayCalendar } from '../../domain/workdays.js';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../db/reference/cn-workdays-2026.json'), 'utf8'));
const official2026 = {
  holidays: file.holidays.flatMap((h: { days: string[] }) => h.days) as string[],
  adjustedWorkdays: file.adjustedWorkdays as string[],
};
const shanghai = (local: string) => new Date(`${local}+08:00`);
const TODAY = '2026-12-07';

describe('statutory holidays (《全国年节及纪念日放假办法》, DOMAIN §8)', () => {
  it('finds the 13 statutory days of a year, lunar festivals and 清明 included', () => {
    const days = Object.fromEntries(statutoryDays(2027).map((s) => [s.festival, s.days]));
    expect(days).toEqual({
      new_year: ['2027-01-01'],
      spring_festival: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'], // 除夕 to 初三
      qingming: ['2027-04-05'],
      labour_day: ['2027-05-01', '2027-05-02'],
      dragon_boat: ['2027-06-09'],
      mid_autumn: ['2027-09-15'],
      national_day: ['2027-10-01', '2027-10-02', '2027-10-03'],
    });
    expect(Object.values(days).flat()).toHaveLength(13);
  });

  it('gives 2027 a provisional calendar: the statutory days, and a weekday off for each one on a weekend (补假)', () => {
    expect(provisionalYear(2027)).toEqual({
      holidays: [
        '2027-01-01',
        ...['05', '06', '07', '08', '09', '10'].map((d) => `2027-02-${d}`), // 除夕 Fri … 初三 Mon, 补假 Tue–Wed
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-05-03',
        '2027-05-04',
        '2027-06-09',
        '2027-09-15',
        ...['01', '02', '03', '04', '05'].map((d) => `2027-10-${d}`),
      ],
      adjustedWorkdays: [],
    });
  });

  it('names each run of days off by its festival', () => {
    expect(holidayPeriods(2026, official2026.holidays).map((p) => [p.festival, p.from, p.to])).toEqual([
      ['new_year', '2026-01-01', '2026-01-03'],
      ['spring_festival', '2026-02-15', '2026-02-23'],
      ['qingming', '2026-04-04', '2026-04-06'],
      ['labour_day', '2026-05-01', '2026-05-05'],
      ['dragon_boat', '2026-06-19', '2026-06-21'],
      ['mid_autumn', '2026-09-25', '2026-09-27'],
      ['national_day', '2026-10-01', '2026-10-07'],
    ]);
  });

  it("accepts the State Council's 2026 notice as it was published", () => {
    expect(officialYearProblems(2026, official2026, TODAY)).toEqual({});
  });

  it('refuses an empty or implausible year in words, naming what is wrong', () => {
    const empty = officialYearProblems(2027, { holidays: [], adjustedWorkdays: [] }, TODAY);
    expect(empty.holidays).toMatch(/未包含法定节假日：元旦 2027-01-01；春节 2027-02-05、2027-02-06/);
    const noSpring = officialYearProblems(
      2027,
      { holidays: provisionalYear(2027).holidays.filter((d) => !d.startsWith('2027-02')), adjustedWorkdays: [] },
      TODAY,
    );
    expect(noSpring.holidays).toMatch(/^未包含法定节假日：春节/);
    expect(officialYearProblems(2099, provisionalYear(2099), TODAY).year).toMatch(/2025 年至 2027 年/);
    expect(officialYearProblems(2020, official2026, TODAY).year).toBeDefined();
    const weekday = officialYearProblems(
      2027,
      { ...provisionalYear(2027), adjustedWorkdays: ['2027-02-03'] }, // a Wednesday
      TODAY,
    );
    expect(weekday.adjustedWorkdays).toMatch(/须为周六或周日：2027-02-03/);
    const everyDay = Array.from({ length: 60 }, (_, i) => shanghaiDate(new Date(Date.UTC(2027, 0, 1 + i, 4))));
    expect(
      officialYearProblems(
        2027,
        { holidays: [...everyDay, ...provisionalYear(2027).holidays], adjustedWorkdays: [] },
        TODAY,
      ).holidays,
    ).toMatch(/超过合理上限/);
  });

  it('asks for the official calendar from 1 October of the year before until it is entered', () => {
    expect(calendarDue('2026-09-30', [2026])).toBeNull();
    expect(calendarDue('2026-10-01', [2026])).toBe(2027);
    expect(calendarDue('2026-12-07', [2026, 2027])).toBeNull();
    expect(calendarDue('2027-01-02', [2026])).toBe(2027);
  });

  it('carries a 5-working-day notice across 元旦 and 春节 2027 on the provisional calendar', () => {
    const calendar: WorkdayCalendar = {
      holidays: [...official2026.holidays, ...provisionalYear(2027).holidays],
      adjustedWorkdays: official2026.adjustedWorkdays,
    };
    const period = { days: 5, unit: 'working' as const };
    // Wed 30 Dec: Thu 31, (Fri 1 Jan off, weekend), Mon 4, Tue 5, Wed 6, Thu 7 Jan
    expect(shanghaiDate(noticeEnd(shanghai('2026-12-30T10:00:00'), period, calendar))).toBe('2027-01-07');
    // Thu 4 Feb: (除夕 Fri 5 … 补假 Wed 10 off), Thu 11, Fri 12, Mon 15, Tue 16, Wed 17 Feb
    expect(shanghaiDate(noticeEnd(shanghai('2027-02-04T10:00:00'), period, calendar))).toBe('2027-02-17');
    // plain Monday–Friday would have ended on Wed 6 Jan and on Thu 11 Feb
    const plain = { holidays: [], adjustedWorkdays: [] };
    expect(shanghaiDate(addWorkingDays(shanghai('2027-02-04T10:00:00'), 5, plain))).toBe('2027-02-11');
  });
});
