/**
 * Hostile input is refused at the edge with a 4xx naming what is wrong, and changes nothing: a
 * NUL character no longer wedges a case, inherited or malformed list parameters no longer answer
 * 500, and an oversized JSON body is refused before it is read.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe('hostile input', () => {
  it('answers 403 before looking at a body with a NUL, for a caller who may never do this', async () => {
    const res = await ctx.api
      .as('applicant1')
      .post('/api/rule-sets', { kind: 'admission', comment: 'x\u0000', body: {} });
    expect(res.status).toBe(403);
  });

  it('refuses a NUL character in a sign-in (it once reached PostgreSQL and answered 500)', async () => {
    const res = await ctx.api.call('POST', '/api/auth/login', { body: { username: 'adm\u0000in', password: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty('username');
  });

  it('refuses a decision with a NUL character, and the case still takes a clean one', async () => {
    const { id } = await ctx.api.submittedCase();
    const task = (await as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    const refused = await as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意\u0000推荐',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toHaveProperty('comment');
    const clean = await as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意推荐',
    });
    expect(clean.body.status).toBe('provincial_review');
  });

  it('names each refused field in both languages, Chinese first, in words of its own (no type names)', async () => {
    const res = await as('province_reviewer').post('/api/evaluation-rounds', { year: 1999 });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('输入有误，请查看标出的字段');
    expect(res.body.errors.system).toBe('必填');
    expect(res.body.errors.year).toBe('不能小于 2015');
    expect(res.headers.get('Content-Language')).toBe('zh-CN');
  });

  it("answers a refusal in the caller's language (Accept-Language), a keyed retry and a workflow's refusal too", async () => {
    const english = { 'Accept-Language': 'en-GB,en;q=0.9,zh-CN;q=0.5' };
    const res = await as('province_reviewer').post('/api/evaluation-rounds', { year: 1999 }, english);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('invalid input: see the fields');
    expect(res.body.errors).toMatchObject({ system: 'required', year: 'at least 2015' });
    expect(res.headers.get('Content-Language')).toBe('en');
    // a workflow's refusal: the application is submitted already
    const { id, applicant } = await ctx.api.submittedCase();
    const twice = await applicant.post(`/api/applications/${id}/submit`, undefined, english);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/^[a-z][a-z :,]+$/);
    // the engine's refusal of a task that is not the caller's, under a key, read again in Chinese
    const task = (await as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    const key = randomUUID();
    const decide = (headers: Record<string, string>) =>
      as('dg_reviewer').post(
        `/api/tasks/${task.id}/complete`,
        { decision: 'approve', comment: '同意' },
        {
          ...headers,
          'Idempotency-Key': key,
        },
      );
    const first = await decide(english);
    expect(first.status).toBe(403);
    expect(first.body.message).toBe('not your task');
    // the same key again, read in Chinese: the first answer, in the second caller's language
    const again = await decide({});
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body.message).toBe('无权处理该任务');
  });

  it('answers 403, before looking at the body, to a caller whose role may never do this', async () => {
    for (const [user, path, body] of [
      ['applicant1', '/api/competition-tasks', {}],
      ['applicant1', '/api/evaluation-rounds', { year: 'x' }],
      ['gz_reviewer', '/api/users', { username: '' }],
      ['expert1', '/api/rule-sets', null],
      ['finance1', '/api/revocations', { subCenterId: 1 }],
    ] as const) {
      const res = await as(user).post(path, body);
      expect(res.status, `${user} ${path}`).toBe(403);
      expect(res.body.errors, `${user} ${path}`).toBeUndefined();
    }
    expect((await as('gz_reviewer').put('/api/users/nobody', { roles: 'x' })).status).toBe(403);
    expect((await as('applicant1').get('/api/stats/annex-a')).status).toBe(403); // the network's figures
    expect((await as('admin').get('/api/stats/annex-a?year=6054369528976')).status).toBe(422);
  });

  it('answers 403 to a task action, before looking at the body, from someone who may never act on the task', async () => {
    const { id, applicant } = await ctx.api.submittedCase();
    const task = (await as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    const bad = { decision: 'perhaps', comment: '' };
    for (const [user, action] of [
      ['applicant2', 'complete'], // another organisation's applicant
      ['dg_reviewer', 'complete'], // another city's reviewer
      ['expert1', 'claim'],
      ['applicant2', 'urge'], // does not see the case
      ['applicant2', 'comment'],
      ['admin', 'comment'], // sees every case, but comments only where it supervises (provincial steps)
      ['auditor', 'comment'], // reads, changes nothing
      ['gz_reviewer', 'assign'], // administrators only
    ] as const) {
      const res = await as(user).post(`/api/tasks/${task.id}/${action}`, bad);
      expect(res.status, `${user} ${action}`).toBe(403);
      expect(res.body.errors, `${user} ${action}`).toBeUndefined();
    }
    // who may act is told what is wrong with the body
    const decided = await as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, bad);
    expect(decided.status).toBe(422);
    expect(Object.keys(decided.body.errors)).toEqual(expect.arrayContaining(['decision', 'comment']));
    const commented = await applicant.post(`/api/tasks/${task.id}/comment`, { text: '' });
    expect(commented.status).toBe(422);
    expect(commented.body.errors).toHaveProperty('text');
    expect((await as('gz_reviewer').post('/api/tasks/no-such-task/complete', bad)).status).toBe(404);
    // and nothing changed: the task is still open and unclaimed
    const after = (await as('gz_reviewer').get(`/api/tasks/${task.id}`)).body;
    expect([after.status, after.assignee]).toEqual(['open', null]);
  });

  it('answers 422, not 500, to inherited or malformed list parameters', async () => {
    for (const path of [
      `/api/applications?sort=${q(['__proto__', 'ASC'])}`,
      `/api/applications?sort=${q(['constructor', 'ASC'])}`,
      `/api/tasks?filter=${q({ toString: 'x' })}`,
      `/api/applications?filter=${q({ createdAt: 'not-a-date' })}`,
      `/api/evaluation-rounds?filter=${q({ year: 'abc' })}`,
      '/api/stats/annex-a?year=6054369528976',
    ]) {
      const res = await as('admin').get(path);
      expect([path, res.status]).toEqual([path, 422]);
    }
    expect([404, 422]).toContain((await as('admin').get('/api/rule-sets/99999999999999999999')).status);
  });

  it('refuses a JSON body over 1 MB with 413 before reading it', async () => {
    const res = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: 'x'.repeat(1_100_000), password: 'y' },
    });
    expect(res.status).toBe(413);
  });
});
