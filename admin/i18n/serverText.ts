/**
 * The server writes its reasons in both languages, Chinese first: "请说明撤销理由 (a reason is
 * required)". The reader gets the part in their language only; a text of one part stays whole.
 */
import type { ZodError } from 'zod';
import { fieldErrors } from '../../domain/issues.js';

const CJK = /[\u4e00-\u9fff]/;

export function inReadersLanguage(text: string, locale: string): string {
  const trimmed = text.trim();
  if (!trimmed.endsWith(')')) return text;
  // the last bracketed group at the end, brackets inside it included
  let depth = 0;
  let open = -1;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    if (trimmed[i] === ')') depth++;
    else if (trimmed[i] === '(' && --depth === 0) {
      open = i;
      break;
    }
  }
  if (open <= 0) return text;
  const zh = trimmed.slice(0, open).trim();
  const en = trimmed.slice(open + 1, -1).trim();
  if (!CJK.test(zh) || CJK.test(en) || !en) return text;
  return locale === 'en' ? en : zh;
}

/** A refusal's message and field reasons in the reader's language. */
export function refusalInReadersLanguage<T extends { message?: string; errors?: Record<string, string> }>(
  body: T,
  locale: string,
): T {
  return {
    ...body,
    ...(typeof body.message === 'string' && { message: inReadersLanguage(body.message, locale) }),
    ...(body.errors && {
      errors: Object.fromEntries(
        Object.entries(body.errors).map(([k, v]) => [k, typeof v === 'string' ? inReadersLanguage(v, locale) : v]),
      ),
    }),
  };
}

/** A form's own check (the domain's zod schema), each field's reason in the reader's language. */
export const fieldErrorsFor = (error: ZodError, input: unknown, locale: string): Record<string, string> =>
  refusalInReadersLanguage({ errors: fieldErrors(error, input) }, locale).errors ?? {};
