/**
 * For tests with a whole product of their own (faults, backup, fuzzing; `startPrivateProduct`):
 * a client that speaks to it over HTTP as the demo users do.
 */
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { type Reply, readReply } from './reply.js';

export { type PrivateProduct, startPrivateProduct } from '../../scripts/dev/product.js';
export type { Reply };

/** Requests as demo users (with their second factor); a refused connection answers status 0. */
export function productClient(apiUrl: () => string) {
  const tokens = new Map<string, string>();
  async function call(
    method: string,
    path: string,
    opts: { as?: string; body?: unknown; key?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (opts.as) headers.Authorization = `Bearer ${await token(opts.as)}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.key) headers['Idempotency-Key'] = opts.key;
    try {
      const res = await fetch(apiUrl() + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      return await readReply(res);
    } catch {
      return { status: 0, body: null, headers: new Headers() };
    }
  }
  async function token(username: string) {
    if (!tokens.has(username)) {
      const res = await call('POST', '/api/auth/login', {
        body: { username, password: DEMO_PASSWORD, otp: demoOtp(username) },
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      tokens.set(username, res.body.token);
    }
    return tokens.get(username)!;
  }
  return { call, token };
}

/** Whether a process runs. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
