/**
 * TOTP second factor (issue 11, 等保三级): required for the three separated duties, optional for
 * others; enrolment by QR code and a first code, recovery codes used once, wrong codes counted,
 * and a lost factor reset by the security officer.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { currentCode } from '../../api/secondFactor.js';
import { setupApi } from '../support/api.js';

const ctx = setupApi();
const password = 'Second-factor-9';
const login = (username: string, extra: Record<string, string> = {}) =>
  ctx.api.call('POST', '/api/auth/login', { body: { username, password, ...extra } });
const withToken = (token: string) => ({
  get: (path: string) => ctx.api.call('GET', path, { headers: { Authorization: `Bearer ${token}` } }),
  post: (path: string, body?: unknown) =>
    ctx.api.call('POST', path, { body, headers: { Authorization: `Bearer ${token}` } }),
});
async function freshUser(roles: string[]) {
  const username = `mfa_${randomUUID().slice(0, 8)}`;
  const created = await ctx.api
    .as('admin')
    .post('/api/users', { username, password, displayName: '双因素测试', roles });
  expect(created.status).toBe(201);
  return { username, id: created.body.id as string };
}
/** Enrols with the session of `token`; answers the secret and the recovery codes. */
async function enrol(token: string) {
  const started = await withToken(token).post('/api/auth/totp/enrol');
  expect(started.status).toBe(200);
  expect(started.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
  expect(started.body.qrCode).toMatch(/^data:image\/png;base64,/);
  const wrong = await withToken(token).post('/api/auth/totp/confirm', {
    otp: '000000' === currentCode(started.body.secret) ? '111111' : '000000',
  });
  expect(wrong.status).toBe(422);
  expect(wrong.body.errors.otp).toContain('动态验证码错误');
  const confirmed = await withToken(token).post('/api/auth/totp/confirm', { otp: currentCode(started.body.secret) });
  expect(confirmed.status).toBe(200);
  return { secret: started.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('second factor', () => {
  it('an auditor without one may only enrol; afterwards every sign-in needs a code or a recovery code', async () => {
    const { username } = await freshUser(['auditor']);
    const first = await login(username);
    expect(first.status).toBe(200);
    expect(first.body.mustEnrol).toBe(true);
    const blocked = await withToken(first.body.token).get('/api/applications');
    expect(blocked.status).toBe(403);
    expect(blocked.body.message).toContain('请先绑定动态口令');
    const { secret, recoveryCodes } = await enrol(first.body.token);
    // kept sealed: the users table alone does not give anybody the codes
    const stored = await ctx.stack.db
      .selectFrom('users')
      .select(['totp_secret', 'recovery_codes'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).toMatch(/^v1:/);
    expect(stored.totp_secret).not.toContain(secret);
    expect(stored.recovery_codes).not.toContain(recoveryCodes[0]);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // the same session may work now
    expect((await withToken(first.body.token).get('/api/applications')).status).toBe(200);

    const asked = await login(username);
    expect(asked.status).toBe(401);
    expect(asked.body.errors.otp).toContain('必填');
    const wrong = await login(username, { otp: currentCode(secret) === '123456' ? '654321' : '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors.otp).toContain('动态验证码错误');
    const right = await login(username, { otp: currentCode(secret) });
    expect(right.status).toBe(200);
    expect(right.body.mustEnrol).toBe(false);
    const log = await ctx.api
      .as('auditor')
      .get(`/api/operation-log?filter=${encodeURIComponent(JSON.stringify({ username }))}&sort=["id","ASC"]`);
    expect(log.body.map((e: { action: string }) => e.action)).toEqual([
      'login.succeeded',
      'request.refused',
      'login.code_asked',
      'login.failed',
      'login.succeeded',
    ]);
    const recovered = await login(username, { recoveryCode: recoveryCodes[3]! });
    expect(recovered.status).toBe(200);
    expect((await login(username, { recoveryCode: recoveryCodes[3]! })).status).toBe(401);
  });

  it('wrong codes count as failed sign-ins: the address is locked out after five', async () => {
    const { username } = await freshUser(['expert']);
    const { token } = (await login(username)).body;
    const { secret } = await enrol(token);
    const bad = currentCode(secret) === '000001' ? '000002' : '000001';
    for (let i = 0; i < 5; i++) expect((await login(username, { otp: bad })).status).toBe(401);
    expect((await login(username, { otp: currentCode(secret) })).status).toBe(429);
  });

  it('optional for others; the security officer resets a lost one, which ends the sessions', async () => {
    const { username, id } = await freshUser(['provincial_reviewer']);
    const first = await login(username);
    expect(first.body.mustEnrol).toBe(false);
    expect((await withToken(first.body.token).get('/api/tasks')).status).toBe(200);
    const { secret } = await enrol(first.body.token);
    const listed = await ctx.api.as('security').get(`/api/users/${id}`);
    expect(listed.body.secondFactor).toBe(true);
    const signedIn = (await login(username, { otp: currentCode(secret) })).body.token as string;

    expect((await ctx.api.as('admin').post(`/api/users/${id}/reset-second-factor`)).status).toBe(403);
    const reset = await ctx.api.as('security').post(`/api/users/${id}/reset-second-factor`);
    expect(reset.status).toBe(200);
    expect(reset.body.secondFactor).toBe(false);
    expect((await withToken(signedIn).get('/api/tasks')).status).toBe(401);
    const again = await login(username);
    expect(again.status).toBe(200);
    expect(again.body.mustEnrol).toBe(false);
  });
});
