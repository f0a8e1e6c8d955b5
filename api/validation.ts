import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { fieldErrors } from '../domain/issues.js';
import { hostileTextRefusal } from './inputGuard.js';

/** What the caller sent to the refused part (zod's failure result does not carry it). */
const given = async (c: Context, target: string) =>
  target === 'json' ? await c.req.json().catch(() => undefined) : target === 'query' ? c.req.query() : undefined;

/**
 * zod failures become 422 with `{ message, errors: { field: reason } }`, each reason in both
 * languages (400 for unreadable JSON is Hono's); a valid JSON body with a forbidden character in a key
 * or a value is 422 too, naming the field.
 */
export const validationHook: Hook<any, any, any, any> = async (result, c) => {
  if (result.success && result.target === 'json') {
    const refused = hostileTextRefusal(await c.req.json().catch(() => undefined));
    if (refused) return c.json(refused, 422);
  }
  if (!result.success) {
    const where = result.target === 'json' || result.target === 'form' ? '' : ` (${result.target})`;
    return c.json(
      {
        message: `输入有误，请查看标出的字段 (invalid input${where}: see the fields)`,
        errors: fieldErrors(result.error, await given(c, result.target)),
      },
      422,
    );
  }
};
