/** The real Hono app on the test stack, with a tiny client that logs in as demo users. */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../api/app.js';
import type { ApiDeps } from '../../api/context.js';
import type { ApplicationData } from '../../domain/application.js';
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { registerApplicant } from './applicants.js';
import { buildApplication } from './builders.js';
import { readEvents } from './events.js';
import { type Reply, readReply } from './reply.js';
import { connectStack, type TestStack } from './stack.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret';

/** `deps`: what this app has besides the test stack's (its own log, a client with interceptors). */
export function apiClient(stack: TestStack, deps: Partial<ApiDeps> = {}) {
  const app = createApp({
    db: stack.appDb,
    temporal: stack.client,
    jwtSecret: TEST_JWT_SECRET,
    temporalUiUrl: 'http://localhost:8233',
    ...deps,
  });
  const tokens = new Map<string, string>();
  /** Users created by a test with a password of their own (the demo users share DEMO_PASSWORD). */
  const passwords = new Map<string, string>();

  async function call<T = any>(
    method: string,
    path: string,
    opts: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.Authorization = `Bearer ${await token(opts.as)}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return readReply<T>(res);
  }
  async function token(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const res = await call('POST', '/api/auth/login', {
        body: { username, password: passwords.get(username) ?? DEMO_PASSWORD, otp: demoOtp(username) },
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.token);
    }
    return tokens.get(username)!;
  }
  const as = (username: string) => ({
    get: <T = any>(path: string) => call<T>('GET', path, { as: username }),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, { as: username, body, headers }),
    put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, { as: username, body }),
  });
  /** A live feed (`GET /api/events`) as a user: the events heard so far, and a wait for one. */
  async function listen(username: string) {
    const bearer = `Bearer ${await token(username)}`;
    return readEvents((signal) => app.request('/api/events', { headers: { Authorization: bearer }, signal }), username);
  }
  const usePassword = (username: string, password: string) => passwords.set(username, password);
  /** A user an administrator creates for one test (named `<label> <username>`), signed in on first use. */
  const freshUser = async (roles: string[], city: string | null = null, label = '测试用户') => {
    const username = `u${randomUUID().slice(0, 8)}`;
    const password = 'Fresh-passw0rd-1';
    const res = await as('admin').post('/api/users', {
      username,
      password,
      displayName: `${label} ${username}`,
      roles,
      city,
    });
    if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
    usePassword(username, password);
    return username;
  };
  /** The applicant of an application's own organisation (registered with its credit code on first use). */
  const applicantOf = async (data: Pick<ApplicationData, 'creditCode' | 'orgName' | 'city'>) => {
    const username = await registerApplicant(stack.appDb, data);
    return { username, ...as(username) };
  };
  /** A case drafted and submitted by its organisation's applicant: its view after submitting, and that applicant. */
  const submittedCase = async (data: ApplicationData = buildApplication()) => {
    const applicant = await applicantOf(data);
    const created = await applicant.post('/api/applications', data);
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const submitted = await applicant.post(`/api/applications/${created.body.id}/submit`);
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return { id: created.body.id as string, view: submitted.body, applicant };
  };
  return { app, call, as, token, listen, usePassword, freshUser, applicantOf, submittedCase };
}

/** The stack and an API client for a test file, connected before its tests and closed after. */
export function setupApi() {
  const ctx = {} as { stack: TestStack; api: ReturnType<typeof apiClient> };
  beforeAll(async () => {
    ctx.stack = await connectStack();
    ctx.api = apiClient(ctx.stack);
  });
  afterAll(() => ctx.stack?.close());
  return ctx;
}
