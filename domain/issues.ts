/** Validation reasons as people read them, shared by the API's 422 answers and the console's own checks. */
import { locales, type ZodError } from 'zod';
import { issueInWords } from './issueWords.js';
import { say } from './messages.js';

const zhCN = locales.zhCN();
const CJK = /[\u4e00-\u9fff]/;

/**
 * A reason in both languages, Chinese first: our own messages come so from the catalogue
 * (domain/messages.ts); zod's defaults (English only) get their Chinese from zod's zh-CN locale,
 * and a missing or empty field reads 必填 (required).
 */
function bilingual(issue: ZodError['issues'][number], input: unknown): string {
  if (CJK.test(issue.message)) return issue.message;
  if (input !== null && typeof input === 'object' && issue.path.length > 0) {
    const given = valueAt(input, issue.path);
    if (given === undefined || (typeof given === 'string' && given.trim() === '')) return say('required');
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return say('required');
  const own = issueInWords(issue);
  if (own) return own;
  const zh = zhCN.localeError(issue as never);
  const text = typeof zh === 'string' ? zh : zh?.message;
  return text ? `${text} (${issue.message})` : issue.message;
}

const valueAt = (input: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as never)[key] : undefined),
    input,
  );

/**
 * Field path → reason in both languages, the shape forms show inline (the first reason per field);
 * with the input at hand, a field that was not given at all reads 必填 (required).
 */
export function fieldErrors(error: ZodError, input?: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join('.') || 'root'] ??= bilingual(issue, input);
  return errors;
}
