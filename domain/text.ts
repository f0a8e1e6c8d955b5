import { z } from 'zod';
import { say } from './messages.js';

/**
 * Characters no text of Kejin may hold (PostgreSQL cannot store a NUL, and the rest hide or
 * reorder what a reader sees): C0 controls but tab, line feed and carriage return; DEL and the C1
 * controls; a surrogate half without its pair; the bidirectional overrides and isolates.
 */
export function hasForbiddenCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c >= 0x7f && c <= 0x9f) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
    if (c >= 0xdc00 && c <= 0xdfff) return true; // a low half with no high half before it
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/** Characters that show as nothing, by which a name can pass for another's (系统管理员 + U+200B). */
const INVISIBLE: readonly number[] = [
  0x00ad, 0x034f, 0x115f, 0x1160, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063,
  0x2064, 0x3164, 0xfeff,
];
const hasInvisible = (s: string) => [...s].some((ch) => INVISIBLE.includes(ch.codePointAt(0)!));

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
        .refine((s) => !hasInvisible(s), say('noInvisibleCharactersInName')),
    );

/**
 * A calendar day written YYYY-MM-DD. Not zod's `.date()`: its pattern is one of zod's module
 * constants, which are read-only in the workflows' shared zod (workflows/zodConfig.ts).
 */
export const calendarDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, say('dateAsYyyyMmDd'))
    .refine((s) => {
      const day = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
    }, say('noSuchDay'));

/**
 * A text cell as a spreadsheet may open it safely: one that begins like a formula (`=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading apostrophe, so it reads as the text it is (CSV
 * injection). Every export of the console and the API writes its cells through this.
 */
export const neutralisedCell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
