import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.js';
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
 * Text with control characters (a NUL …) is refused at the edge, naming the body, before anything
 * acts on it: the same rule as the public objection form (`hasControlCharacter`). Unreadable JSON
 * is left to the route's validator (400).
 */
export const noControlCharacters = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.req.header('Content-Type')?.includes('application/json')) return next();
    const body = await c.req.json().catch(() => undefined);
    if (strings(body).some(hasControlCharacter))
      throw new DomainError('validation', '输入含有控制字符 (control characters are not allowed)', {
        body: '不允许控制字符 (no control characters)',
      });
    return next();
  });
