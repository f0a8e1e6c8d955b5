import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { hasControlCharacter } from '../domain/text.js';
import type { AppEnv } from './context.js';

const MAX_JSON = 1_000_000;

/** JSON bodies over 1 MB are refused with 413 before they are read (uploads have their own limits). */
export const jsonBodyLimit = () => {
  const limit = bodyLimit({
    maxSize: MAX_JSON,
    onError: (c) =>
      c.json({ message: '请求体过大 (the body is larger than 1 MB)', errors: { body: 'at most 1 MB' } }, 413),
  });
  return createMiddleware<AppEnv>(async (c, next) =>
    c.req.header('Content-Type')?.includes('application/json') ? limit(c, next) : next(),
  );
};

/** Every string of the body, however deep. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

/**
 * Text with control characters (a NUL …) is refused, naming the body, before anything acts on it:
 * the same rule as the public objection form (`hasControlCharacter`). Checked where a route
 * validates its JSON body (api/validation.ts) — after its role check, so a caller who may never
 * do this still gets 403 first.
 */
export const controlCharacterRefusal = (body: unknown) =>
  strings(body).some(hasControlCharacter)
    ? {
        message: '输入含有控制字符 (control characters are not allowed)',
        errors: { body: '不允许控制字符 (no control characters)' },
      }
    : null;
