/**
 * zod's common reasons in words of our own, both languages ("中文 (English)"), without a type name
 * or an option's internal value. No zod import: the workflows use it too (their bundle stays lean).
 */
export function issueInWords(issue: { code: string; message: string }): string | null {
  const i = issue as {
    code: string;
    origin?: string;
    maximum?: number | bigint;
    minimum?: number | bigint;
    expected?: string;
    format?: string;
  };
  const n = (v: number | bigint | undefined) => String(v);
  switch (i.code) {
    case 'too_big':
      if (i.origin === 'string') return say('atMostChars', n(i.maximum));
      if (i.origin === 'array' || i.origin === 'set') return say('atMostItems', n(i.maximum));
      if (i.origin === 'number' || i.origin === 'bigint') return say('atMostNumber', n(i.maximum));
      return null;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? say('required') : say('atLeastChars', n(i.minimum));
      if (i.origin === 'array' || i.origin === 'set') return say('atLeastItems', n(i.minimum));
      if (i.origin === 'number' || i.origin === 'bigint') return say('atLeastNumber', n(i.minimum));
      return null;
    case 'invalid_value':
      return say('chooseOneOfOptions');
    case 'invalid_type':
      if (i.expected === 'number' || i.expected === 'int') return say('numberIsExpected');
      if (i.expected === 'boolean') return say('yesOrNo');
      return say('notInExpectedForm');
    case 'invalid_format':
      if (i.format === 'email') return say('notEMailAddress');
      if (i.format === 'datetime' || i.format === 'date') return say('notDate');
      return say('notInExpectedForm');
    default:
      return null;
  }
}

/** Refusals by field (`<prefix>.<path>`, e.g. `payload.score` for a step's form), each in words. */
export const issueErrors = (issues: { code: string; path: PropertyKey[]; message: string }[], prefix: string[] = []) =>
  Object.fromEntries(
    issues.map((i) => [[...prefix, ...i.path.map(String)].join('.'), issueInWords(i) ?? i.message] as const),
  );

import { say } from './messages.js';
