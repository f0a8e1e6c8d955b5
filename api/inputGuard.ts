/**
 * The API's edge: what is refused before a route reads anything, and the text no route may pass
 * on. A request is refused at the edge (before sign-in is checked, so it costs nothing to send):
 * - an address (path or query) holding a character no text may hold: 400;
 * - a body over its route's limit, whatever its content type: 413 from `Content-Length` alone, or
 *   while it is read, as soon as it passes the limit (1 MB; evidence and objections have theirs,
 *   and must say their length: 411 without, so that nothing of them is read before their route);
 * - a JSON body (any `application/json` or `…+json` type, in any case) nested deeper than 64
 *   levels: 400, before anything walks it.
 * Text in a JSON body — keys and values — with a forbidden character is refused with 422 naming the
 * field, where the route validates its body (after its role check: api/validation.ts).
 */
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { say } from '../domain/messages.js';
import { hasForbiddenCharacter } from '../domain/text.js';
import type { AppEnv } from './context.js';

const MB = 1024 * 1024;
const MAX_BODY = 1_000_000;
/** Multipart's own framing beside the files. */
const FRAMING = 64 * 1024;
/** One evidence file (api/routes/attachments.ts). */
export const MAX_EVIDENCE = 10 * MB;
/** A written objection: its letter and evidence together (api/routes/publicNotices.ts). */
export const MAX_OBJECTION = 20 * MB;
const MAX_DEPTH = 64;

/** The routes whose bodies may be larger than 1 MB, and their limits. */
const LIMITS: [RegExp, number][] = [
  [/^\/api\/attachments\/?$/, MAX_EVIDENCE + FRAMING],
  [/^\/api\/public\/notices\/[^/]+\/objections\/?$/, MAX_OBJECTION + FRAMING],
];
const limitOf = (path: string) => LIMITS.find(([p]) => p.test(path))?.[1] ?? MAX_BODY;
const limits = new Map(
  [MAX_BODY, ...LIMITS.map(([, n]) => n)].map((maxSize) => [
    maxSize,
    bodyLimit({
      maxSize,
      onError: (c) => {
        const size = maxSize > MAX_BODY ? `${Math.floor(maxSize / MB)} MB` : '1 MB';
        return c.json({ message: say('bodyTooLarge', size), errors: { body: `≤ ${size}` } }, 413);
      },
    }),
  ]),
);

/** JSON by its media type: `application/json` or a `+json` suffix, parameters aside, in any case. */
export const isJsonType = (contentType: string | undefined) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType?.trim() ?? '');

/** How deep a JSON text nests, counted without parsing it (strings skipped); stops past `max`. */
function depthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > max) return true;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export const edgeGuard = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const address = decoded(url.pathname + url.search);
    if (address === null || hasForbiddenCharacter(address))
      return c.json(
        {
          message: say('addressHoldsCharacterThatIs'),
          errors: { path: say('noControlCharacters') },
        },
        400,
      );
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const limit = limitOf(url.pathname);
    // an upload says its length (every browser's form does): its route checks who may send it,
    // and how often, before a byte of it is read
    if (limit > MAX_BODY && c.req.raw.body && !c.req.header('Content-Length'))
      return c.json({ message: say('contentLengthIsRequired'), errors: { body: 'Content-Length' } }, 411);
    return limits.get(limit)!(c, async () => {
      if (isJsonType(c.req.header('Content-Type')) && depthExceeds(await c.req.text(), MAX_DEPTH)) {
        c.res = c.json(
          {
            message: say('jsonTooDeep', MAX_DEPTH),
            errors: { body: `≤ ${MAX_DEPTH}` },
          },
          400,
        );
        return;
      }
      await next();
    });
  });

/**
 * Every string of a body with the field it is in (`plan.regionalFeatures`, `figures.0`), and every
 * key with the field that holds it (a key is named by its object: the key itself may be the hostile text).
 */
function* texts(v: unknown, path: string[] = []): Generator<[field: string, text: string]> {
  if (typeof v === 'string') yield [path.join('.') || 'body', v];
  else if (v && typeof v === 'object')
    for (const [key, value] of Object.entries(v)) {
      yield [path.join('.') || 'body', key];
      if (!hasForbiddenCharacter(key)) yield* texts(value, [...path, key]);
    }
}

/**
 * A body with a forbidden character in a key or a value, refused naming each field it is in (the
 * same rule as the public objection form). Checked where a route validates its JSON body
 * (api/validation.ts) — after its role check, so a caller who may never do this gets 403 first.
 */
export function hostileTextRefusal(body: unknown) {
  const errors: Record<string, string> = {};
  for (const [path, text] of texts(body))
    if (hasForbiddenCharacter(text)) errors[path] ??= say('characterThatIsNotAllowed');
  return Object.keys(errors).length ? { message: say('charactersThatAreNotAllowed'), errors } : null;
}
