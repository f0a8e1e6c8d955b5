import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  isWorkingDay,
  shanghaiDate,
  shanghaiMinute,
  type WorkdayCalendar,
} from '../../domain/workdays.js';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../db/reference/cn-workdays-2026.json'), 'utf8'));
const calendar: WorkdayCalendar = {
  holidays: file.holidays.flatMap((h: { days: string[] }) => h.days),
  adjustedWorkdays: file.adjustedWorkdays,
};
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('working days in Asia/Shanghai (DOMAIN §8)', () => {
  it('skips public holidays and counts make-up Saturdays (调休)', () => {
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false); // 国庆节
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // Saturday make-up day
    expect(isWorkingDay('2026-10-11', calendar)).toBe(false); // ordinary Sunday
  });

  it('puts a deadline at the end of the Nth working day, across the National Day holiday', () => {
    // Tue 29 Sep + 3 working days: 30 Sep, (1–7 Oct off), 8 Oct, 9 Oct → end of Fri 9 Oct.
    const due = addWorkingDays(shanghai('2026-09-29T10:00:00'), 3, calendar);
    expect(due.toISOString()).toBe('2026-10-09T15:59:59.999Z');
    expect(shanghaiDate(due)).toBe('2026-10-09');
  });

  it('uses the Shanghai date, not the UTC date, of the starting instant', () => {
    // 23:30 UTC on Thu 19 Nov is already Fri 20 Nov in Shanghai: one working day later is Mon 23 Nov.
    const due = addWorkingDays(new Date('2026-11-19T23:30:00Z'), 1, calendar);
    expect(shanghaiDate(due)).toBe('2026-11-23');
  });

  it('falls back to Monday–Friday for a year not in the calendar', () => {
    expect(shanghaiDate(addWorkingDays(shanghai('2027-10-01T09:00:00'), 1, calendar))).toBe('2027-10-04');
  });

  it('writes an instant for people in Asia/Shanghai, never as a UTC timestamp', () => {
    expect(shanghaiMinute('2026-12-11T15:59:59.999Z')).toBe('2026-12-11 23:59');
    expect(shanghaiMinute('2026-10-09T16:30:00Z')).toBe('2026-10-10 00:30');
  });
});
