import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { forgetKey, holdNewKey, storeAnswer, storedKey, takeOverKey } from '../db/queries/idempotency.js';
import { DomainError } from '../domain/errors.js';
import { say } from '../domain/messages.js';
import type { ApiDeps, AppEnv } from './context.js';

/**
 * `Idempotency-Key` on a POST or PUT: the first answer is stored per user and key, and a retry
 * with the same key (and the same body: another body is refused) gets that answer again without
 * acting twice. The key also becomes the Temporal Update ID, so the workflow itself dedupes as
 * well. A request in progress holds the key for a lease (db/queries/idempotency.ts, longer than an Update's
 * deadline); a retry meanwhile gets 409 with Retry-After; a retry after the lease (the API died
 * mid-request) takes the request over and re-attaches to the same Update, whose real outcome it
 * returns. A 5xx (an Update still running past its deadline) is never stored as the answer.
 */
export function idempotency({ db, instance = null }: Pick<ApiDeps, 'db'> & { instance?: string | null }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (!key || (c.req.method !== 'POST' && c.req.method !== 'PUT')) return next();
    if (key.length > 200)
      throw new DomainError('validation', say('idempotencyKeyTooLong'), {
        'Idempotency-Key': say('atMostChars', '200'),
      });
    const userId = c.get('actor').id;
    const request = { method: c.req.method, path: c.req.path };
    // JSON bodies (read through Hono's body cache, which the validators share); uploads are not compared
    const bodySha256 = c.req.header('Content-Type')?.startsWith('application/json')
      ? createHash('sha256')
          .update(await c.req.text())
          .digest('hex')
      : null;
    const ref = { userId, key };
    if (!(await holdNewKey(db, ref, { ...request, bodySha256 }, instance))) {
      const stored = await storedKey(db, ref);
      if (stored.method !== request.method || stored.path !== request.path)
        throw new DomainError('validation', say('idempotencyKeyWasUsedFor'), {
          'Idempotency-Key': say('idempotencyKeyWasUsedFor'),
        });
      if (stored.body_sha256 !== null && stored.body_sha256 !== bodySha256)
        throw new DomainError('validation', say('idempotencyKeyWasUsedWith'), {
          'Idempotency-Key': say('idempotencyKeyWasUsedWith'),
        });
      if (stored.status_code !== null) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(stored.response as object, stored.status_code as 200);
      }
      // in progress: wait for it, unless its lease ran out (the API died): then take it over
      if (!(await takeOverKey(db, ref, instance))) {
        c.header('Retry-After', '5');
        throw new DomainError('conflict', say('sameRequestIsInProgress'));
      }
      c.set('reattach', true);
    }
    c.set('idempotencyKey', `${userId}:${key}`);
    await next();
    if (c.res.status >= 500) {
      // Nothing was decided: let the client retry with the same key.
      await forgetKey(db, ref);
      return;
    }
    const response = await c.res
      .clone()
      .json()
      .catch(() => null);
    await storeAnswer(db, ref, c.res.status, response);
  });
}
