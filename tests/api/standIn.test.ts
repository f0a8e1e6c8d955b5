/**
 * 代理 as a delegation of duty (domain/standIn.ts): the abuses a careful attacker found — an
 * applicant, an expert or a finance officer named as a provincial reviewer's stand-in, a 100-year
 * window, another city's reviewer — are refused at each step, and a stand-in recorded before the
 * rule (or whose roles changed since) carries no authority.
 */
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const DAY = 86_400_000;
const window = (days: number) => ({
  from: new Date(Date.now() - 60_000).toISOString(),
  to: new Date(Date.now() + days * DAY).toISOString(),
});

const freshUser = (roles: string[], city: string | null = null) => ctx.api.freshUser(roles, city, '代理测试');

describe('代理: who may stand in', () => {
  it("refuses an applicant, an expert, a finance officer or a city's reviewer for a provincial reviewer, naming why", async () => {
    const absent = await freshUser(['provincial_reviewer']);
    for (const [who, reason] of [
      ['applicant1', /^申报单位人员不能代理审批/],
      ['expert1', /^代理人须担任与您相同的审核角色/],
      ['finance1', /^代理人须担任与您相同的审核角色/],
      ['gz_reviewer', /^代理人须担任与您相同的审核角色/],
      [absent, /^不能是自己/],
      ['nobody-of-that-name', /^用户不存在/],
    ] as const) {
      const res = await as(absent).put('/api/users/me/proxy', { username: who, ...window(5) });
      expect(res.status, who).toBe(422);
      expect(res.body.errors.username, who).toMatch(reason);
    }
    expect((await as(absent).get('/api/users/me/proxy')).body.username).toBeNull();
    expect((await as(absent).put('/api/users/me/proxy', { username: 'province_reviewer2', ...window(5) })).status).toBe(
      200,
    );
  });

  it('bounds the window: at most 30 days, ending in the future', async () => {
    const absent = await freshUser(['provincial_reviewer']);
    const century = await as(absent).put('/api/users/me/proxy', { username: 'province_reviewer2', ...window(36_500) });
    expect(century.status).toBe(422);
    expect(century.body.errors.to).toMatch(/^代理期限最长 30 天/);
    expect(
      (await as(absent).put('/api/users/me/proxy', { username: 'province_reviewer2', ...window(31) })).status,
    ).toBe(422);
    const past = { from: new Date(Date.now() - 3 * DAY).toISOString(), to: new Date(Date.now() - DAY).toISOString() };
    expect((await as(absent).put('/api/users/me/proxy', { username: 'province_reviewer2', ...past })).status).toBe(422);
    expect(
      (await as(absent).put('/api/users/me/proxy', { username: 'province_reviewer2', ...window(30) })).status,
    ).toBe(200);
  });

  it("keeps a city's reviewer's stand-in in the same city, and offers only such colleagues, by name with their city", async () => {
    const absent = await freshUser(['municipal_reviewer'], '广州');
    expect((await as(absent).put('/api/users/me/proxy', { username: 'dg_reviewer', ...window(3) })).status).toBe(422);
    const offered = (await as(absent).get('/api/users/me/proxy/candidates')).body as {
      username: string;
      city: string;
    }[];
    expect(offered.map((u) => u.username)).toContain('gz_reviewer2');
    expect(offered.every((u) => u.city === '广州')).toBe(true);
    const byName = (await as(absent).get(`/api/users/me/proxy/candidates?q=${encodeURIComponent('复核')}`)).body;
    expect(byName.map((u: { displayName: string }) => u.displayName)).toEqual(['广州市科技局 复核员']);
    expect((await as('applicant1').get('/api/users/me/proxy/candidates')).body).toEqual([]);
    const applicant = await as('applicant1').put('/api/users/me/proxy', { username: 'applicant2', ...window(3) });
    expect(applicant.body.errors.username).toMatch(/^您没有可由他人代理的审批职责/);
  });

  it('takes effect only once the colleague accepts; the colleague is told, and may decline or stop', async () => {
    const absent = await freshUser(['provincial_reviewer']);
    const colleague = await freshUser(['provincial_reviewer']);
    const { id } = await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' }));
    const task = (await as('province_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    expect((await as(absent).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await as(absent).put('/api/users/me/proxy', { username: colleague, ...window(5) })).body).toMatchObject({
      username: colleague,
      accepted: false,
    });
    const asked = (await as(colleague).get('/api/notifications')).body as { message: string }[];
    expect(asked.some((n) => n.message.startsWith(`代理测试 ${absent} 请您在`))).toBe(true);
    const offers = (await as(colleague).get('/api/users/me/stand-in-offers')).body;
    expect(offers).toEqual([expect.objectContaining({ username: absent, accepted: false })]);
    const decide = () =>
      as(colleague).post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '代为同意' });
    expect((await decide()).status).toBe(409); // held by the absent colleague: not yet theirs to decide
    // someone else cannot accept it for them
    expect((await as('province_reviewer2').post(`/api/users/me/stand-in-offers/${absent}/accept`)).status).toBe(404);
    expect((await as(colleague).post(`/api/users/me/stand-in-offers/${absent}/accept`)).status).toBe(200);
    expect((await decide()).status).toBe(200);
    // declining (stopping) ends the offer
    const next = await freshUser(['provincial_reviewer']);
    await as(next).put('/api/users/me/proxy', { username: colleague, ...window(5) });
    expect((await as(colleague).post(`/api/users/me/stand-in-offers/${next}/decline`)).status).toBe(200);
    expect((await as(next).get('/api/users/me/proxy')).body.username).toBeNull();
  });

  it('gives a stand-in recorded before the rule no authority: an applicant named so sees and takes no provincial task', async () => {
    const absent = await freshUser(['provincial_reviewer']);
    const applicant = await ctx.api.applicantOf(buildApplication());
    const { id: provincial } = await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' }));
    const task = (await as('province_reviewer').get(`/api/tasks?filter=${q({ caseId: provincial, status: 'open' })}`))
      .body[0];
    expect((await as(absent).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    // as it was before: any active user could be named, straight into the users table
    const { from, to } = window(365);
    await ctx.stack.db
      .updateTable('users')
      .set({ proxy_username: applicant.username, proxy_from: from, proxy_to: to })
      .where('username', '=', absent)
      .execute();
    const queue = await applicant.get(`/api/tasks?filter=${q({ status: 'open' })}`);
    expect(queue.body.some((t: { id: string }) => t.id === task.id)).toBe(false);
    const taken = await applicant.post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' });
    expect(taken.status).toBe(403);
  });
});
