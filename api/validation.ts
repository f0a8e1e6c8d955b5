import { type Hook, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import { fieldErrors } from '../domain/issues.js';
import { say } from '../domain/messages.js';
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
        message: say('invalidInputSeeFields', where),
        errors: fieldErrors(result.error, await given(c, result.target)),
      },
      422,
    );
  }
};

/** The optional `{ comment }` body of a 撤回 or a withdrawal. */
export const OptionalComment = z.object({ comment: z.string().trim().max(2000).optional() });
export async function optionalComment(c: { req: { json(): Promise<unknown> } }) {
  const body = await c.req.json().catch(() => ({}));
  const hostile = hostileTextRefusal(body);
  if (hostile) throw new DomainError('validation', hostile.message, hostile.errors);
  const parsed = OptionalComment.safeParse(body);
  if (!parsed.success)
    throw new DomainError('validation', 'invalid input', { comment: parsed.error.issues[0]!.message });
  return parsed.data;
}
