import { z } from 'zod';

/** Control characters other than tab, line feed and carriage return (PostgreSQL cannot store a NUL in text). */
export const hasControlCharacter = (s: string) =>
  [...s].some((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
  });

/**
 * A calendar day written YYYY-MM-DD. Not zod's `.date()`: its pattern is one of zod's module
 * constants, which are read-only in the workflows' shared zod (workflows/zodConfig.ts).
 */
export const calendarDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD (a date as YYYY-MM-DD)')
    .refine((s) => {
      const day = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
    }, '没有这一天 (no such day)');
