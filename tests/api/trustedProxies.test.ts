/**
 * Behind nginx or a WAF every request comes from the proxy: the client's address is read from
 * `X-Forwarded-For` only when the connection comes from a proxy of TRUSTED_PROXIES, and the
 * sign-in throttle keys on that address — a forged header from anyone else changes nothing, and
 * through the proxy the guesser is stopped, not everyone behind it.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { clientAddress, trustedProxies } from '../../api/clientAddress.js';
import { apiClient, TEST_JWT_SECRET } from '../support/api.js';
import { connectStack, type TestStack } from '../support/stack.js';

const PROXIES = '10.0.0.5, 10.1.0.0/16, fd00::/8';
let stack: TestStack;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  stack = await connectStack();
  app = createApp({ db: stack.appDb, temporal: stack.client, jwtSecret: TEST_JWT_SECRET, trustedProxies: PROXIES });
});
afterAll(() => stack?.close());

/** A request as it arrives: from a socket address, with whatever X-Forwarded-For it carries. */
async function seenAs(socket: string, forwardedFor?: string) {
  const probe = new Hono().get('/', (c) => c.text(clientAddress(c, trustedProxies(PROXIES))));
  const res = await probe.request(
    '/',
    { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} },
    { incoming: { socket: { remoteAddress: socket } } },
  );
  return res.text();
}

describe('the client address behind trusted proxies', () => {
  it('believes X-Forwarded-For only from a trusted proxy, read from the right', async () => {
    expect(await seenAs('198.51.100.7', '203.0.113.1')).toBe('198.51.100.7'); // forged: ignored
    expect(await seenAs('10.0.0.5', '203.0.113.1')).toBe('203.0.113.1');
    // the client wrote an address of its own before the proxy appended the real one
    expect(await seenAs('10.0.0.5', '1.2.3.4, 203.0.113.1')).toBe('203.0.113.1');
    // two proxies in a row (a WAF, then nginx), both trusted
    expect(await seenAs('::ffff:10.1.4.4', '203.0.113.9, 10.0.0.5')).toBe('203.0.113.9');
    expect(await seenAs('fd00::1', '2001:db8::5')).toBe('2001:db8::5');
    expect(await seenAs('10.0.0.5')).toBe('10.0.0.5'); // the proxy itself (a health check)
    expect(await seenAs('10.0.0.5', 'not-an-address')).toBe('10.0.0.5');
    expect(() => trustedProxies('10.0.0.0/8, nginx')).toThrow(/nginx/);
  });

  it('throttles the guesser behind the proxy, not everyone behind it; a forged header locks only its sender', async () => {
    const username = `proxied_${Date.now()}`;
    const created = await apiClient(stack)
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '代理登录测试', roles: ['expert'] });
    expect(created.status).toBe(201);
    const login = (socket: string, forwardedFor: string, password: string) =>
      app.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
          body: JSON.stringify({ username, password }),
        },
        { incoming: { socket: { remoteAddress: socket } } },
      );
    // through the proxy: one client guesses, and is stopped
    for (let i = 0; i < 6; i++) await login('10.0.0.5', '203.0.113.50', 'wrong-password');
    expect((await login('10.0.0.5', '203.0.113.50', 'A-long-passw0rd')).status).toBe(429);
    // another client behind the same proxy signs in
    expect((await login('10.0.0.5', '203.0.113.60', 'A-long-passw0rd')).status).toBe(200);
    // a forged header from outside: the lock is its sender's own, whatever address it names
    for (let i = 0; i < 6; i++) await login('198.51.100.77', '203.0.113.60', 'wrong-password');
    expect((await login('198.51.100.77', '203.0.113.60', 'A-long-passw0rd')).status).toBe(429);
    expect((await login('10.0.0.5', '203.0.113.60', 'A-long-passw0rd')).status).toBe(200);
    // the locks held: the guesser behind the proxy, and the forger itself
    const sources = await stack.db
      .selectFrom('login_throttle')
      .select('source')
      .where('username', '=', username)
      .where('locked_until', '>', new Date())
      .execute();
    expect(new Set(sources.map((s) => s.source))).toEqual(new Set(['203.0.113.50', '198.51.100.77']));
    // and the operation log names the client, not the proxy
    const logged = await stack.db
      .selectFrom('operation_log')
      .select('source')
      .where('username', '=', username)
      .where('action', '=', 'login.succeeded')
      .execute();
    expect(logged.map((l) => l.source)).toEqual(['203.0.113.60', '203.0.113.60']);
  });
});
