/**
 * A whole product of a test's own (faults, backup, fuzzing): embedded PostgreSQL, the Temporal
 * dev server, the API and the worker as supervised processes, in a throw-away data directory, with
 * the demo users; and a client that speaks to it over HTTP as they do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../scripts/config.js';
import { DEMO_PASSWORD, demoOtp, seedDemoUsers } from '../../scripts/demoUsers.js';
import { type Product, startProduct } from '../../scripts/product.js';
import { privateProductEnv } from '../../scripts/stack.js';

export type PrivateProduct = Product & { dataDir: string; env: Record<string, string>; dispose(): Promise<void> };

/** Starts one; `env` overrides its environment (a second product sharing the first one's keys). */
export async function startPrivateProduct(
  name: string,
  log: (m: string) => void = () => {},
  env: Record<string, string> = {},
): Promise<PrivateProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), `kejin-${name}-`));
  const full = { ...(await privateProductEnv(dataDir)), ...env };
  const product = await startProduct(loadConfig({ ...process.env, ...full }), log);
  await seedDemoUsers(product.db, full.AUDIT_KEY);
  return {
    ...product,
    dataDir,
    env: full,
    dispose: async () => {
      await product.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Reply = { status: number; body: any; headers: Headers };

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
      const text = await res.text();
      const isJson = res.headers.get('Content-Type')?.includes('json');
      return { status: res.status, body: isJson && text ? JSON.parse(text) : text, headers: res.headers };
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
