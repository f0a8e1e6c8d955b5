import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from './context.js';

const MAX_JSON = 1_000_000;
/** JSON escapes of control characters other than tab, line feed and carriage return (NUL wedged cases in PostgreSQL). */
const CONTROL = /\\u00(?:0[0-8bcef]|1[0-9a-f])|\\u007f/i;

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

/** Text with control characters is refused at the edge, naming the body, before anything acts on it. */
export const noControlCharacters = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header('Content-Type')?.includes('application/json') && CONTROL.test(await c.req.text()))
      throw new DomainError('validation', '输入含有控制字符 (control characters are not allowed)', {
        body: '不允许控制字符 (no control characters)',
      });
    return next();
  });
