import { createHash } from 'node:crypto';
import { sign } from 'hono/jwt';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { issueToken } from '../../api/tokens.js';
import { DEFAULT_ADMISSION_RULES } from '../../domain/admissionRules.js';
import { DEFAULT_COMPETITION_RULES } from '../../domain/competition.js';
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { formBody } from '../../scripts/dev/formBody.js';
import { setupApi, TEST_JWT_SECRET } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();

async function upload(
  as: string,
  form: { caseId: string; item: string; name: string; type: string; bytes: Uint8Array },
) {
  const token = (
    await ctx.api.call('POST', '/api/auth/login', { body: { username: as, password: DEMO_PASSWORD, otp: demoOtp(as) } })
  ).body.token;
  const body = new FormData();
  body.set('caseId', form.caseId);
  body.set('item', form.item);
  body.set('file', new File([form.bytes as unknown as BlobPart], form.name, { type: form.type }));
  const encoded = await formBody(body);
  const res = await ctx.api.app.request('/api/attachments', {
    method: 'POST',
    body: encoded.body,
    headers: { ...encoded.headers, Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as any };
}
const pdf = new TextEncoder().encode('%PDF-1.4\n% 场地租赁合同\n');

describe('evidence attachments', () => {
  it('stores an allowed file with its SHA-256 and lets only readers of the case download it', async () => {
    const data = buildApplication();
    const me = await ctx.api.applicantOf(data);
    const draft = (await me.post('/api/applications', data)).body;
    const stored = await upload(me.username, {
      caseId: draft.id,
      item: 'venue',
      name: '场地租赁合同.pdf',
      type: 'application/pdf',
      bytes: pdf,
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({
      filename: '场地租赁合同.pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    const edited = await me.put(`/api/applications/${draft.id}`, { evidence: { venue: [stored.body.id] } });
    expect(edited.status).toBe(200);
    expect(edited.body.evidence).toEqual({ venue: [stored.body.id] });
    await me.post(`/api/applications/${draft.id}/submit`);

    const detail = await ctx.api.as('gz_reviewer').get(`/api/applications/${draft.id}`);
    expect(detail.body.attachments.map((a: { id: string }) => a.id)).toEqual([stored.body.id]);
    const download = await ctx.api.as('gz_reviewer').get(`/api/attachments/${stored.body.id}`);
    expect(download.status).toBe(200);
    expect(download.body).toBe(new TextDecoder().decode(pdf));
    expect(download.headers.get('X-Content-SHA256')).toBe(stored.body.sha256);
    expect((await ctx.api.as('applicant2').get(`/api/attachments/${stored.body.id}`)).status).toBe(404);
    expect((await ctx.api.as('dg_reviewer').get(`/api/attachments/${stored.body.id}`)).status).toBe(404);
    // the case is under review now: no more uploads
    expect(
      (
        await upload(me.username, {
          caseId: draft.id,
          item: 'venue',
          name: 'more.pdf',
          type: 'application/pdf',
          bytes: pdf,
        })
      ).status,
    ).toBe(409);
  });

  it('refuses disallowed types, oversized files, strangers and evidence of another case', async () => {
    const data = buildApplication();
    const me = await ctx.api.applicantOf(data);
    const draft = (await me.post('/api/applications', data)).body;
    const exe = await upload(me.username, {
      caseId: draft.id,
      item: 'venue',
      name: 'tool.exe',
      type: 'application/x-msdownload',
      bytes: pdf,
    });
    expect(exe.status).toBe(422);
    expect(exe.body.errors.file).toBeDefined();
    // a program renamed .pdf: the name and declared type say PDF, the content does not
    const disguised = await upload(me.username, {
      caseId: draft.id,
      item: 'venue',
      name: '合同.pdf',
      type: 'application/pdf',
      bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]), // MZ…, a Windows executable
    });
    expect(disguised.status).toBe(422);
    expect(disguised.body.errors.file).toContain('文件内容与其类型不符');
    // a file name with a path and control characters is stored as a plain name
    const odd = await upload(me.username, {
      caseId: draft.id,
      item: 'venue',
      name: '..\\..\\etc/场地\u0007证明.pdf',
      type: 'application/pdf',
      bytes: pdf,
    });
    expect(odd.status).toBe(201);
    expect(odd.body.filename).toBe('场地_证明.pdf');
    const big = await upload(me.username, {
      caseId: draft.id,
      item: 'venue',
      name: 'big.pdf',
      type: 'application/pdf',
      bytes: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(
      (
        await upload('applicant2', {
          caseId: draft.id,
          item: 'venue',
          name: 'x.pdf',
          type: 'application/pdf',
          bytes: pdf,
        })
      ).status,
    ).toBe(404);
    const badItem = await upload(me.username, {
      caseId: draft.id,
      item: 'nonsense',
      name: 'x.pdf',
      type: 'application/pdf',
      bytes: pdf,
    });
    expect(badItem.status).toBe(422);
    // evidence uploaded to another organisation's case
    const otherData = buildApplication();
    const stranger = await ctx.api.applicantOf(otherData);
    const other = (await stranger.post('/api/applications', otherData)).body;
    const foreign = await upload(stranger.username, {
      caseId: other.id,
      item: 'venue',
      name: 'x.pdf',
      type: 'application/pdf',
      bytes: pdf,
    });
    const misuse = await me.put(`/api/applications/${draft.id}`, { evidence: { venue: [foreign.body.id] } });
    expect(misuse.status).toBe(422);
    expect(misuse.body.errors.evidence).toContain(foreign.body.id);
  });
});

describe('users and roles (administrators only)', () => {
  it('creates, changes and deactivates users, recording who did it', async () => {
    expect((await ctx.api.as('province_reviewer').get('/api/users')).status).toBe(403);
    const created = await ctx.api.as('admin').post('/api/users', {
      username: `zh_reviewer_${Date.now()}`,
      password: 'A-long-passw0rd',
      displayName: '珠海市科技局',
      roles: ['municipal_reviewer'],
      city: '珠海',
    });
    expect(created.status).toBe(201);
    const noCity = await ctx.api.as('admin').post('/api/users', {
      username: `nocity_${Date.now()}`,
      password: 'A-long-passw0rd',
      displayName: 'x',
      roles: ['municipal_reviewer'],
    });
    expect(noCity.status).toBe(422);
    expect(noCity.body.errors.city).toBeDefined();
    const login = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: created.body.username, password: 'A-long-passw0rd' },
    });
    expect(login.body.user).toMatchObject({ roles: ['municipal_reviewer'], city: '珠海' });
    expect((await ctx.api.as('admin').put(`/api/users/${created.body.id}`, { active: false })).body.active).toBe(false);
    expect(
      (
        await ctx.api.call('POST', '/api/auth/login', {
          body: { username: created.body.username, password: 'A-long-passw0rd' },
        })
      ).status,
    ).toBe(401);
    const audit = await ctx.stack.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('case_type', '=', 'user')
      .where('case_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'user.created', actor_name: '系统管理员' },
      { action: 'user.updated', actor_name: '系统管理员' },
    ]);
  });

  it('locks an account after five failed logins, until the security officer unlocks it', async () => {
    const username = `lock_${Date.now()}`;
    const created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '锁定测试', roles: ['expert'] });
    for (let i = 0; i < 5; i++)
      expect((await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'wrong' } })).status).toBe(
        401,
      );
    const login = () => ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'A-long-passw0rd' } });
    expect((await login()).status).toBe(429);
    for (const other of ['gz_reviewer', 'admin', 'auditor'])
      expect((await ctx.api.as(other).post(`/api/users/${created.body.id}/unlock`)).status, other).toBe(403);
    const unlocked = await ctx.api.as('security').post(`/api/users/${created.body.id}/unlock`);
    expect(unlocked.body).toMatchObject({ username, locked: false });
    expect((await login()).status).toBe(200);
    const trail = await ctx.stack.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('case_type', '=', 'user')
      .where('case_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(trail.map((e) => e.action)).toEqual(['user.created', 'user.unlocked']);
  });

  it('三员分立: administrator, security officer and auditor are three accounts, none left without a holder', async () => {
    const base = { password: 'A-long-passw0rd', displayName: '三员测试' };
    const twoDuties = await ctx.api
      .as('admin')
      .post('/api/users', { ...base, username: `duo_${Date.now()}`, roles: ['admin', 'auditor'] });
    expect(twoDuties.status).toBe(422);
    expect(twoDuties.body.errors.roles).toContain('三员分立');
    // the database refuses it too, whoever writes
    await expect(
      ctx.stack.db
        .updateTable('users')
        .set({ roles: ['security_officer', 'auditor'] })
        .where('username', '=', 'auditor')
        .execute(),
    ).rejects.toThrow(/users_separation_of_duties/);
    // the auditor reads and changes nothing; only the security officer ends sessions
    const username = `sess_${Date.now()}`;
    const created = await ctx.api.as('admin').post('/api/users', { ...base, username, roles: ['expert'] });
    ctx.api.usePassword(username, base.password);
    expect((await ctx.api.as(username).get('/api/users/me/summary')).status).toBe(200);
    expect((await ctx.api.as('auditor').get('/api/applications')).status).toBe(200);
    expect(
      (await ctx.api.as('auditor').post('/api/users', { ...base, username: 'x_aud', roles: ['expert'] })).status,
    ).toBe(403);
    expect((await ctx.api.as('admin').post(`/api/users/${created.body.id}/end-sessions`)).status).toBe(403);
    const ended = await ctx.api.as('security').post(`/api/users/${created.body.id}/end-sessions`);
    expect(ended.status).toBe(200);
    expect(ended.body.ended).toBe(1);
    expect((await ctx.api.as(username).get('/api/users/me/summary')).status).toBe(401);
    const officers = await ctx.api.as('security').get('/api/users?filter=%7B%22role%22%3A%22security_officer%22%7D');
    expect(officers.body.map((u: { username: string }) => u.username)).toContain('security');
    expect(officers.body.every((u: { roles: string[] }) => u.roles.includes('security_officer'))).toBe(true);
    // a second security officer may go; the last one may not
    const second = await ctx.api
      .as('admin')
      .post('/api/users', { ...base, username: `sec_${Date.now()}`, roles: ['security_officer'] });
    expect(second.status).toBe(201);
    const gone = await ctx.api.as('admin').put(`/api/users/${second.body.id}`, { active: false });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    const security = (await ctx.api.as('admin').get('/api/users?filter=%7B%22q%22%3A%22security%22%7D')).body.find(
      (u: { username: string }) => u.username === 'security',
    );
    const last = await ctx.api.as('admin').put(`/api/users/${security.id}`, { roles: ['expert'] });
    expect(last.status).toBe(409);
    expect(last.body.message).toContain('安全保密管理员');
    expect((await ctx.api.as('admin').get(`/api/users/${security.id}`)).body.roles).toEqual(['security_officer']);
  });

  it('throttles logins per account and address: a burst of guesses is stopped, the owner elsewhere is not', async () => {
    const username = `burst_${Date.now()}`;
    await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '并发登录测试', roles: ['expert'] });
    const attempt = (password: string) => ctx.api.call('POST', '/api/auth/login', { body: { username, password } });
    // 39 wrong passwords and the right one, all at once: the right one is not let through
    const replies = await Promise.all([
      ...Array.from({ length: 39 }, () => attempt('wrong-password')),
      attempt('A-long-passw0rd'),
    ]);
    expect(replies.at(-1)!.status).toBe(429);
    expect(replies.filter((r) => r.status === 429).length).toBeGreaterThan(30);
    expect((await attempt('A-long-passw0rd')).status).toBe(429);
    // a lock held by another address (an outsider's) does not keep the owner out
    await ctx.stack.db
      .updateTable('login_throttle')
      .set({ source: '203.0.113.9' })
      .where('username', '=', username)
      .execute();
    expect((await attempt('A-long-passw0rd')).status).toBe(200);
    // an unknown name is answered like a wrong password
    const unknown = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: `nobody_${Date.now()}`, password: 'x' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('用户名或密码错误');
  });

  it('locks an account guessed at from many addresses for every address, but one address only ever locks itself', async () => {
    const username = `spread_${Date.now()}`;
    await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '分散猜测测试', roles: ['expert'] });
    const from = (address: string, password: string) =>
      ctx.api.app.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }),
        },
        { incoming: { socket: { remoteAddress: address } } },
      );
    // one address guessing on and on: locked out itself, the owner elsewhere signs in
    for (let i = 0; i < 12; i++) await from('198.51.100.1', 'wrong-password');
    expect((await from('198.51.100.200', 'A-long-passw0rd')).status).toBe(200);
    // five addresses, five guesses each: the account is locked for everyone for now
    for (let a = 2; a <= 6; a++) for (let i = 0; i < 5; i++) await from(`198.51.100.${a}`, 'wrong-password');
    const owner = await from('198.51.100.200', 'A-long-passw0rd');
    expect(owner.status).toBe(429);
    expect(((await owner.json()) as { message: string }).message).toMatch(/^该账号近一小时在多处登录失败/);
  });

  it('asks for strong passwords and refuses any of the last five again', async () => {
    const username = `pw_${Date.now()}`;
    const weak = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'alllowercaseletters', displayName: '密码测试', roles: ['expert'] });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.password).toContain('至少三类');
    expect(
      (
        await ctx.api
          .as('admin')
          .post('/api/users', { username, password: 'Sh0rt!', displayName: '密码测试', roles: ['expert'] })
      ).body.errors.password,
    ).toContain('至少 12 位');
    const created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'First-passw0rd', displayName: '密码测试', roles: ['expert'] });
    expect(created.status).toBe(201);
    const reset = (password: string) => ctx.api.as('admin').put(`/api/users/${created.body.id}`, { password });
    for (let i = 2; i <= 6; i++) expect((await reset(`Passw0rd-number-${i}`)).status).toBe(200);
    // the current and the four before it are refused; the sixth back is allowed again
    for (const again of ['Passw0rd-number-6', 'Passw0rd-number-3', 'Passw0rd-number-2']) {
      const refused = await reset(again);
      expect(refused.status, again).toBe(422);
      expect(refused.body.errors.password).toContain('最近 5 次');
    }
    expect((await reset('First-passw0rd')).status).toBe(200);
  });

  it('keeps an administrator from disabling or demoting themselves, and refuses empty or doubled changes', async () => {
    const me = (await ctx.api.as('admin').get('/api/users?filter=%7B%22q%22%3A%22admin%22%7D')).body.find(
      (u: { username: string }) => u.username === 'admin',
    );
    const self = await ctx.api.as('admin').put(`/api/users/${me.id}`, { active: false });
    expect(self.status).toBe(409);
    expect(self.body.message).toContain('不能停用或降级自己');
    expect((await ctx.api.as('admin').put(`/api/users/${me.id}`, { roles: ['auditor'] })).status).toBe(409);
    const empty = await ctx.api.as('admin').put(`/api/users/${me.id}`, {});
    expect(empty.status).toBe(422);
    const doubled = await ctx.api.as('admin').post('/api/users', {
      username: `dup_${Date.now()}`,
      password: 'A-long-passw0rd',
      displayName: '重复角色',
      roles: ['expert', 'expert'],
    });
    expect(doubled.status).toBe(422);
    expect(doubled.body.errors.roles).toContain('角色不能重复');
    // another administrator may be demoted while one stays
    const second = await ctx.api.as('admin').post('/api/users', {
      username: `admin_${Date.now()}`,
      password: 'A-long-passw0rd',
      displayName: '第二管理员',
      roles: ['admin'],
    });
    expect((await ctx.api.as('admin').put(`/api/users/${second.body.id}`, { roles: ['auditor'] })).status).toBe(200);
    expect((await ctx.api.as('admin').get(`/api/users/${me.id}`)).body).toMatchObject({ active: true });
  });

  it('refuses tokens that are forged, without an expiry or of no live session', async () => {
    const forged = issueToken('another-secret-another-secret', 'whoever', 'no-session', 3600);
    expect(
      (await ctx.api.call('GET', '/api/applications', { headers: { Authorization: `Bearer ${forged}` } })).status,
    ).toBe(401);
    const user = await ctx.stack.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const get = async (token: string) =>
      (await ctx.api.call('GET', '/api/applications', { headers: { Authorization: `Bearer ${token}` } })).status;
    // well signed, but naming no session that was ever opened
    expect(await get(issueToken(TEST_JWT_SECRET, user.id, 'never-opened', 3600))).toBe(401);
    const login = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: 'admin', password: DEMO_PASSWORD, otp: demoOtp('admin') },
    });
    expect(await get(login.body.token)).toBe(200);
    // the same session, signed without an expiry
    const { sid } = JSON.parse(Buffer.from(login.body.token.split('.')[1], 'base64url').toString());
    expect(await get(await sign({ sub: user.id, sid }, TEST_JWT_SECRET, 'HS256'))).toBe(401);
    // …with one, by another JWT library: read alike
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await get(await sign({ sub: user.id, sid, exp }, TEST_JWT_SECRET, 'HS256'))).toBe(200);
    // expired, or claiming no signature algorithm
    expect(await get(issueToken(TEST_JWT_SECRET, user.id, sid, -1))).toBe(401);
    const [, payload] = login.body.token.split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await get(unsigned)).toBe(401);
  });

  it('ends sessions on logout, when the user is disabled, reset or given other roles, and when idle', async () => {
    const username = `session_${Date.now()}`;
    const created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '会话测试', roles: ['expert'] });
    const signIn = async () =>
      (await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'A-long-passw0rd' } })).body
        .token as string;
    const status = async (token: string) =>
      (await ctx.api.call('GET', '/api/tasks', { headers: { Authorization: `Bearer ${token}` } })).status;
    const logout = async (token: string) =>
      (await ctx.api.call('POST', '/api/auth/logout', { headers: { Authorization: `Bearer ${token}` } })).status;

    const [a, b] = [await signIn(), await signIn()];
    expect(await logout(a)).toBe(204);
    expect(await status(a)).toBe(401); // this session ended
    expect(await status(b)).toBe(200); // the other one lives on

    await ctx.api.as('admin').put(`/api/users/${created.body.id}`, { roles: ['expert', 'finance'] });
    expect(await status(b)).toBe(401);
    const c = await signIn();
    await ctx.api.as('admin').put(`/api/users/${created.body.id}`, { password: 'Another-passw0rd-2' });
    expect(await status(c)).toBe(401);
    const d = (await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'Another-passw0rd-2' } }))
      .body.token as string;
    expect(await status(d)).toBe(200);
    // idle for longer than the idle timeout (30 minutes): over
    const { sid } = JSON.parse(Buffer.from(d.split('.')[1]!, 'base64url').toString());
    await ctx.stack.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '31 minutes'` })
      .where('id', '=', sid)
      .execute();
    expect(await status(d)).toBe(401);
    const e = (await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'Another-passw0rd-2' } }))
      .body.token as string;
    await ctx.api.as('admin').put(`/api/users/${created.body.id}`, { active: false });
    expect(await status(e)).toBe(401);
    const ended = await ctx.stack.db
      .selectFrom('sessions')
      .select('ended_reason')
      .where('user_id', '=', created.body.id)
      .orderBy('created_at')
      .execute();
    // the idle session was refused already; disabling the user ends it for the record
    expect(ended.map((r) => r.ended_reason)).toEqual([
      'logout',
      'roles_changed',
      'password_reset',
      'disabled',
      'disabled',
    ]);
  });
});

describe('an open console idles out like any session', () => {
  it('re-reads the console makes by itself (X-Background-Read) do not keep an idle session open', async () => {
    const signIn = async () =>
      (await ctx.api.call('POST', '/api/auth/login', { body: { username: 'expert1', password: DEMO_PASSWORD } })).body
        .token as string;
    const sessionOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid;
    const idleFor = (token: string, minutes: number) =>
      ctx.stack.db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now() - make_interval(mins => ${minutes})` })
        .where('id', '=', sessionOf(token))
        .execute();
    const idleMinutes = async (token: string) =>
      Number(
        (
          await sql<{ m: number }>`select extract(epoch from now() - last_seen_at) / 60 as m from sessions
            where id = ${sessionOf(token)}`.execute(ctx.stack.db)
        ).rows[0]!.m,
      );
    const read = async (token: string, background: boolean) =>
      (
        await ctx.api.call('GET', '/api/tasks', {
          headers: { Authorization: `Bearer ${token}`, ...(background && { 'X-Background-Read': '1' }) },
        })
      ).status;

    const open = await signIn();
    await idleFor(open, 20);
    expect(await read(open, true)).toBe(200); // still signed in…
    expect(await idleMinutes(open)).toBeGreaterThan(19); // …but the re-read was not activity
    await idleFor(open, 31);
    expect(await read(open, true)).toBe(401); // past the idle timeout: signed out

    const person = await signIn();
    await idleFor(person, 20);
    expect(await read(person, false)).toBe(200); // the person's own read is activity
    expect(await idleMinutes(person)).toBeLessThan(1);
  });
});

describe('the audit chain proves itself', () => {
  it('the application connects as a role that can only append to the trail and change no schema', async () => {
    const app = ctx.stack.appDb;
    const me = await sql<{ user: string; super: boolean; createrole: boolean }>`
      select current_user as user, rolsuper as super, rolcreaterole as createrole
        from pg_roles where rolname = current_user`.execute(app);
    expect(me.rows[0]).toEqual({ user: 'kejin_app', super: false, createrole: false });
    const [entry] = await app.selectFrom('audit_log').select('id').limit(1).execute();
    expect(entry).toBeDefined();
    const refused = async (statement: Promise<unknown>) => {
      const err = (await statement.then(() => null).catch((e: Error & { code?: string }) => e)) as {
        code?: string;
      } | null;
      return err?.code;
    };
    // 42501: insufficient privilege — not the trigger, the role itself
    expect(
      await refused(app.updateTable('audit_log').set({ comment: 'x' }).where('id', '=', entry!.id).execute()),
    ).toBe('42501');
    expect(await refused(app.deleteFrom('audit_log').where('id', '=', entry!.id).execute())).toBe('42501');
    expect(await refused(sql`truncate audit_log`.execute(app))).toBe('42501');
    expect(await refused(sql`alter table audit_log disable trigger audit_log_no_update`.execute(app))).toBe('42501');
    expect(await refused(sql`create table scratch (id int)`.execute(app))).toBe('42501');
    expect(await refused(app.deleteFrom('applications').where('id', '=', 'none').execute())).toBe('42501');
    expect(await refused(sql`set session_replication_role = replica`.execute(app))).toBe('42501');
    // and the owner owns every table
    const foreign = await sql<{ n: number }>`select count(*)::int as n from pg_tables
      where schemaname = 'public' and tableowner <> 'kejin_owner'`.execute(ctx.stack.db);
    expect(foreign.rows[0]!.n).toBe(0);
  });

  it('keeps one linked chain when many cases are written at once, and the head at its last entry', async () => {
    const cases = await Promise.all(Array.from({ length: 8 }, () => ctx.api.submittedCase()));
    for (const { id } of cases) {
      const { body } = await ctx.api.as('admin').get(`/api/applications/${id}/history`);
      expect(body.chain).toEqual({ intact: true, firstBreak: null });
      expect(body.audit.map((e: { action: string }) => e.action)).toEqual([
        'application.created',
        'application.submitted',
      ]);
    }
    const last = await ctx.stack.db
      .selectFrom('audit_log')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const head = await ctx.stack.db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
    expect({ entry: String(head.entry_id), hash: head.hash }).toEqual({ entry: String(last.id), hash: last.hash });
  });

  it('reports a rewritten entry, a forged actor and a removed entry, each as the first break', async () => {
    const { id } = await ctx.api.submittedCase();
    const history = async () => (await ctx.api.as('admin').get(`/api/applications/${id}/history`)).body;
    const clean = await history();
    expect(clean.chain).toEqual({ intact: true, firstBreak: null });
    const [first, second] = clean.audit as { id: string }[];
    const db = ctx.stack.db;
    // the database owner can lift the append-only triggers; what they change must still show
    const asOwner = async (change: () => Promise<unknown>) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
      try {
        await change();
      } finally {
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
      }
    };
    const original = await db.selectFrom('audit_log').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    const restore = () =>
      asOwner(async () => {
        await db.deleteFrom('audit_log').where('id', '=', first!.id).execute();
        await db
          .insertInto('audit_log')
          .values({ ...original, data: JSON.stringify(original.data) } as never)
          .execute();
      });
    try {
      // 1. content rewritten, its SHA-256 recomputed as a plain hash would be: the keyed hash disagrees
      await asOwner(() =>
        db
          .updateTable('audit_log')
          .set({ comment: '篡改的意见', hash: sql`encode(sha256(convert_to(prev_hash || 'x', 'UTF8')), 'hex')` })
          .where('id', '=', first!.id)
          .execute(),
      );
      expect((await history()).chain).toEqual({ intact: false, firstBreak: { entryId: first!.id, reason: 'altered' } });
      await restore();
      // 2. the actor's name forged (a field the first chain did not cover)
      await asOwner(() =>
        db.updateTable('audit_log').set({ actor_name: '省级中心 审核员' }).where('id', '=', first!.id).execute(),
      );
      expect((await history()).chain.firstBreak).toEqual({ entryId: first!.id, reason: 'altered' });
      await restore();
      // 3. an entry removed: the next one no longer links to the entry before it
      await asOwner(() => db.deleteFrom('audit_log').where('id', '=', first!.id).execute());
      const removed = await history();
      expect(removed.chain.intact).toBe(false);
      expect(removed.chain.firstBreak).toEqual({ entryId: second!.id, reason: 'unlinked' });
    } finally {
      await restore();
    }
    expect((await history()).chain).toEqual({ intact: true, firstBreak: null });
  });
});

describe('versioned rule sets', () => {
  it('publishes a new version that the next submission is checked against; old versions stay readable', async () => {
    expect((await ctx.api.as('applicant1').get('/api/rule-sets')).status).toBe(403);
    const invalid = await ctx.api.as('province_reviewer').post('/api/rule-sets', {
      kind: 'admission',
      body: { ...DEFAULT_ADMISSION_RULES, supplementWorkingDays: 0 },
      comment: '试错',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toHaveProperty('body.supplementWorkingDays');
    const published = await ctx.api
      .as('province_reviewer')
      .post('/api/rule-sets', { kind: 'admission', body: DEFAULT_ADMISSION_RULES, comment: '2026年度细则重新发布' });
    expect(published.status).toBe(201);
    const versions = await ctx.api
      .as('admin')
      .get(`/api/rule-sets?filter=${encodeURIComponent('{"kind":"admission"}')}`);
    expect(versions.body.map((v: { version: number }) => v.version)).toContain(1);
    // who published a version is named as people know them; the product's own first version has no person
    expect(versions.body.find((v: { current: boolean }) => v.current)).toMatchObject({
      createdBy: 'province_reviewer',
      createdByName: '省级中心 审核员',
      comment: '2026年度细则重新发布',
    });
    expect(published.body.createdByName).toBe('省级中心 审核员');
    expect(versions.body.find((v: { version: number }) => v.version === 1)).toMatchObject({ createdByName: null });
    const { view } = await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' }));
    expect(view.ruleVersion).toBeGreaterThanOrEqual(published.body.version);
  });

  it('refuses to publish over a version the editor did not start from (baseVersion), naming the one in force', async () => {
    const latest = async () =>
      (await ctx.api.as('admin').get(`/api/rule-sets?filter=${encodeURIComponent('{"kind":"competition"}')}`)).body[0];
    const inForce = (await latest())?.version ?? 0;
    const edit = { kind: 'competition', body: DEFAULT_COMPETITION_RULES, baseVersion: inForce };
    const first = await ctx.api.as('admin').post('/api/rule-sets', { ...edit, comment: '评审期限不变，重新确认' });
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(inForce + 1);
    // a second editor started from the same version: publishing would silently undo the first
    const stale = await ctx.api.as('province_reviewer').post('/api/rule-sets', { ...edit, comment: '另一位的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.errors.baseVersion).toContain(`第 ${inForce + 1} 版`);
    expect(await latest()).toMatchObject({ version: inForce + 1, createdBy: 'admin' });
  });
});

describe('working-day calendar (DOMAIN §8)', () => {
  it('holds 2026 as the State Council published it and 2027 as provisional (暂定) until it is entered', async () => {
    const years = (await ctx.api.as('gz_reviewer').get('/api/calendar')).body as any[];
    const byYear = Object.fromEntries(years.map((y) => [y.year, y]));
    expect(byYear[2026]).toMatchObject({ status: 'official', source: expect.stringContaining('2026') });
    // (a correction entered by another test may add a run of its own, named by no festival)
    expect(byYear[2026].periods.map((p: any) => p.festival).filter(Boolean)).toEqual([
      'new_year',
      'spring_festival',
      'qingming',
      'labour_day',
      'dragon_boat',
      'mid_autumn',
      'national_day',
    ]);
    expect(byYear[2027]).toMatchObject({ status: 'provisional', source: null, version: null });
    expect(byYear[2027].periods).toContainEqual({
      festival: 'spring_festival',
      from: '2027-02-05',
      to: '2027-02-10',
      days: 6,
    });
  });

  it('refuses an empty, implausible or unchanged year in words, and only administrators enter one', async () => {
    const empty = { holidays: [], adjustedWorkdays: [], source: '空白', reason: '测试' };
    expect((await ctx.api.as('province_reviewer').put('/api/calendar/2027', empty)).status).toBe(403);
    const refused = await ctx.api.as('admin').put('/api/calendar/2027', empty);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.holidays).toMatch(/^未包含法定节假日：元旦 2027-01-01；春节/);
    const far = await ctx.api.as('admin').put('/api/calendar/2099', { ...empty, holidays: ['2099-01-01'] });
    expect(far.status).toBe(422);
    expect(far.body.errors.year).toBeDefined();
    const current = (await ctx.api.as('admin').get('/api/calendar')).body.find((y: any) => y.year === 2026);
    const same = { holidays: current.holidays, adjustedWorkdays: current.adjustedWorkdays, source: current.source };
    const unchanged = await ctx.api.as('admin').put('/api/calendar/2026', { ...same, reason: '再次确认' });
    expect(unchanged.status).toBe(422);
    const noReason = await ctx.api
      .as('admin')
      .put('/api/calendar/2026', { ...same, holidays: [...same.holidays, '2026-03-09'] });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.reason).toBeDefined();
    expect((await ctx.api.as('admin').get('/api/calendar')).body.find((y: any) => y.year === 2026).version).toBe(
      current.version,
    );
  });

  it('enters a correction as a new version, keeps every version with who and why, and deadlines then skip it', async () => {
    const current = (await ctx.api.as('admin').get('/api/calendar')).body.find((y: any) => y.year === 2026);
    const corrected = {
      holidays: [...current.holidays, '2026-03-09'], // a Monday, in the past: no deadline in flight reaches it
      adjustedWorkdays: current.adjustedWorkdays,
      source: current.source,
      reason: '测试：补录一天',
    };
    const entered = await ctx.api.as('admin').put('/api/calendar/2026', corrected);
    expect(entered.status).toBe(200);
    expect(entered.body).toMatchObject({ year: 2026, status: 'official', version: current.version + 1 });
    const versions = (await ctx.api.as('auditor').get('/api/calendar/2026/versions')).body as any[];
    expect(versions[0]).toMatchObject({
      version: current.version + 1,
      reason: '测试：补录一天',
      createdByName: expect.any(String),
    });
    expect(versions.map((v) => v.version)).toContain(current.version);
    expect((await ctx.api.as('applicant1').get('/api/calendar/2026/versions')).status).toBe(403);
    const [due] = await createActivities({ db: ctx.stack.db }).computeDeadlines('2026-03-06T02:00:00.000Z', [1]);
    expect(due).toBe('2026-03-10T15:59:59.999Z'); // Fri 6 Mar + 1 working day, over the day entered
    // nothing is changed or removed, by the application or anyone else
    await expect(
      sql`update calendar_versions set reason = 'x' where year = 2026`.execute(ctx.stack.db),
    ).rejects.toThrow();
    await expect(sql`delete from calendar_versions where year = 2026`.execute(ctx.stack.db)).rejects.toThrow();
  });
});

describe('network summary', () => {
  it('counts the roster by city and system for all 21 cities', async () => {
    const summary = await ctx.api.as('admin').get('/api/stats/network');
    expect(summary.body.rosterByCity).toHaveLength(21);
    expect(summary.body.rosterByCity[0]).toEqual({
      city: '广州',
      tech_service: expect.any(Number),
      financial: expect.any(Number),
    });
  });
});
