/**
 * The server's one message catalogue: every reason, refusal and system remark a person reads,
 * Chinese first, English beside it (the console keeps its own catalogue in admin/i18n).
 *
 * Code names a message by its key: `say('caseClosed')`, `say('atMostChars', 200)`. What travels
 * inside the server (a workflow's refusal, a remark in the audit trail, a notification) is the
 * message in both languages, "中文 (English)"; the API answers a refusal in the request's
 * `Accept-Language` (Chinese by default, `localized` below), and the console shows a recorded
 * remark in its reader's language. No zod import: the workflows use this file too.
 */
import { CATALOGUE } from './catalogue.js';

type Pair = readonly [zh: string, en: string];
type Catalogue = typeof CATALOGUE;
export type MessageKey = keyof Catalogue;
type Args<K extends MessageKey> = Catalogue[K] extends (...args: infer A) => unknown ? A : [];

/** A message's two languages. */
export function pair<K extends MessageKey>(key: K, ...args: Args<K>): Pair {
  const entry = CATALOGUE[key] as Pair | ((...a: unknown[]) => Pair);
  return typeof entry === 'function' ? entry(...args) : entry;
}

/** A message as it travels inside the server: "中文 (English)". */
export function say<K extends MessageKey>(key: K, ...args: Args<K>): string {
  const [zh, en] = pair(key, ...args);
  return `${zh} (${en})`;
}

export type Locale = 'zh' | 'en';

/** A message in one language, for an answer that is not a refusal. */
export function sayIn<K extends MessageKey>(locale: Locale, key: K, ...args: Args<K>): string {
  return pair(key, ...args)[locale === 'en' ? 1 : 0];
}

/** The reader's language from an `Accept-Language` header: of Chinese and English, the one preferred; Chinese when neither is asked for. */
export function localeOf(acceptLanguage: string | null | undefined): Locale {
  const first = acceptLanguage
    ?.split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => (l.tag.startsWith('zh') || l.tag.startsWith('en')) && l.q > 0)
    .sort((a, b) => b.q - a.q)[0]?.tag;
  return first?.startsWith('en') ? 'en' : 'zh';
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * A text of the server in the reader's language: "中文 (English)" gives the part in their
 * language; a text in one language (a person's own words) stays whole.
 */
export function inLanguage(text: string, locale: string): string {
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
export function localized<T extends { message?: unknown; errors?: unknown }>(body: T, locale: string): T {
  const errors = body.errors;
  return {
    ...body,
    ...(typeof body.message === 'string' && { message: inLanguage(body.message, locale) }),
    ...(errors !== null &&
      typeof errors === 'object' && {
        errors: Object.fromEntries(
          Object.entries(errors).map(([k, v]) => [k, typeof v === 'string' ? inLanguage(v, locale) : v]),
        ),
      }),
  };
}
