import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from '../../api/errors.js';

/** A route failing as the pg driver does when PostgreSQL is away, mapped by the API's one error handler. */
const failingWith = (err: Error) => {
  const app = new Hono();
  app.onError(onError);
  app.get('/', () => {
    throw err;
  });
  return app.request('/');
};

describe('PostgreSQL out of reach', () => {
  it('answers 503 with Retry-After (not 500) while the database is away', async () => {
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      new Error('Connection terminated unexpectedly'),
      // its Unix socket gone while a local server is stopped
      Object.assign(new Error('connect ENOENT /srv/kejin/.data/pg/.s.PGSQL.54329'), {
        code: 'ENOENT',
        syscall: 'connect',
      }),
    ]) {
      const res = await failingWith(err);
      expect(res.status, err.message).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      expect((await res.json()).message).toContain('数据库暂不可用');
    }
    expect((await failingWith(new Error('a bug'))).status).toBe(500);
    // a missing file is not the database
    expect((await failingWith(Object.assign(new Error('ENOENT'), { code: 'ENOENT', syscall: 'open' }))).status).toBe(
      500,
    );
  });
});
