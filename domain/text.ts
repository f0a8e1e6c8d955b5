import { z } from 'zod';

/**
 * Characters no text of Kejin may hold (PostgreSQL cannot store a NUL, and the rest hide or
 * reorder what a reader sees): C0 controls but tab, line feed and carriage return; DEL and the C1
 * controls; a surrogate half without its pair; the bidirectional overrides and isolates.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const hasForbiddenCharacter = (s: string) => FORBIDDEN.test(s);

/** Characters that show as nothing, by which a name can pass for another's (系统管理员 + U+200B). */
const INVISIBLE = /[\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF]/;

/**
 * A person's or an organisation's name: NFKC-normalised (full-width letters and digits, compatibility
 * forms), trimmed, with no invisible character, so that two names that look alike are alike.
 */
export const nameText = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFKC').trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((s) => !INVISIBLE.test(s), '名称中不允许不可见字符 (no invisible characters in a name)'),
    );

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
