/**
 * The authorization matrix (api/policy.ts `ACCESS`): every operation of /openapi.json, called by
 * every role and without a login, against the one table that says who may ever do what. A role
 * the table leaves out gets 403 (anonymous: 401) whatever the path's ids or the body — before any
 * validation; a role it names is never refused for its role. An operation missing from the table
 * fails the test.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS, type Access } from '../../api/policy.js';
import type { Role } from '../../domain/roles.js';
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { setupApi } from '../support/api.js';

const ctx = setupApi();

/** A demo account of each role (the table's role names). */
const ACCOUNTS: Record<Role, string> = {
  applicant: 'applicant1',
  municipal_reviewer: 'gz_reviewer',
  provincial_reviewer: 'province_reviewer',
  expert: 'expert1',
  finance: 'finance1',
  admin: 'admin',
  security_officer: 'security',
  auditor: 'auditor',
};

async function operations() {
  const doc = (await ctx.api.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

/** Calls an operation with ids of nothing and an empty body; the live feed's stream is closed at once. */
async function call(operation: string, token: string | null) {
  const [method, template] = operation.split(' ') as [string, string];
  const path = template.replace('{year}', '2026').replace(/\{[^}]+\}/g, randomUUID());
  const stop = new AbortController();
  const res = await ctx.api.app.request(path, {
    method,
    headers: {
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(method !== 'GET' && method !== 'DELETE' && { 'Content-Type': 'application/json', 'Content-Length': '2' }),
      'Idempotency-Key': randomUUID(),
    },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
    signal: stop.signal,
  });
  stop.abort();
  await res.body?.cancel().catch(() => {});
  return res.status;
}

const mayCall = (access: Access, role: Role) => access === 'public' || access === 'signed-in' || access.includes(role);

describe('the authorization matrix', () => {
  it('has an entry for every operation of the API, and none for an operation that is gone', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((o) => !(o in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((o) => !ops.includes(o))).toEqual([]);
  });

  it('refuses each role what the table leaves out (403) and never refuses what it names, anonymous callers 401', async () => {
    const tokens = Object.fromEntries(
      await Promise.all(
        Object.entries(ACCOUNTS).map(async ([role, user]) => {
          const res = await ctx.api.call('POST', '/api/auth/login', {
            body: { username: user, password: DEMO_PASSWORD, otp: demoOtp(user) },
          });
          return [role, res.body.token as string];
        }),
      ),
    ) as Record<Role, string>;
    const wrong: string[] = [];
    // signing out ends the session the other calls use: called last
    const ops = (await operations()).sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const op of ops) {
      const access = ACCESS[op as keyof typeof ACCESS] as Access;
      const anonymous = await call(op, null);
      if (access === 'public' ? anonymous === 401 || anonymous === 403 : anonymous !== 401)
        wrong.push(`${op} anonymous: ${anonymous}`);
      for (const role of Object.keys(ACCOUNTS) as Role[]) {
        const status = await call(op, tokens[role]);
        if (mayCall(access, role) ? status === 401 || status === 403 : status !== 403)
          wrong.push(`${op} ${role}: ${status}`);
        if (status >= 500) wrong.push(`${op} ${role}: ${status} (server error)`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
