/**
 * 批量审批 (POST /api/tasks/batch-decisions): a reviewer decides many tasks of one step with one
 * decision and opinion; each is decided on its own case as if singly, some may be refused with their
 * reason, and a retried batch decides nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));

async function openTask(caseId: string, username: string) {
  const res = await as(username).get(`/api/tasks?filter=${q({ caseId, status: 'open' })}`);
  expect(res.body.length, `${username} sees the task of ${caseId}`).toBeGreaterThan(0);
  return res.body[0] as { id: string; step: string };
}
const statusOf = async (id: string) => (await as('admin').get(`/api/applications/${id}`)).body.status as string;
const decisionsOn = async (id: string) =>
  ((await as('admin').get(`/api/applications/${id}/history`)).body.audit as { action: string; comment: string }[])
    .filter((e) => e.comment === '材料齐全，同意推荐')
    .map((e) => e.action);

describe('批量审批', () => {
  it('decides ten tasks of one step in one batch, refuses a task of another city, and a retry decides nothing twice', async () => {
    const cases = [];
    for (let i = 0; i < 10; i++) cases.push(await ctx.api.submittedCase());
    const foreign = await ctx.api.submittedCase(buildApplication({ city: '东莞' }));
    const ids: string[] = [];
    for (const c of cases) ids.push((await openTask(c.id, 'gz_reviewer')).id);
    ids.push((await openTask(foreign.id, 'dg_reviewer')).id);
    const key = randomUUID();
    const batch = () =>
      as('gz_reviewer').post(
        '/api/tasks/batch-decisions',
        { taskIds: ids, decision: 'approve', comment: '材料齐全，同意推荐' },
        { 'Idempotency-Key': key },
      );
    const first = await batch();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ decided: 10, refused: 1 });
    expect(first.body.results.slice(0, 10).every((r: { decided: boolean }) => r.decided)).toBe(true);
    expect(first.body.results[10]).toMatchObject({ taskId: ids[10], decided: false, status: 403 });
    expect(first.body.results[10].message).toBe('无权处理该任务');
    // each case moved on, its decision recorded on its own trail as if made singly
    for (const c of cases) {
      expect(await statusOf(c.id)).toBe('provincial_review');
      expect(await decisionsOn(c.id)).toHaveLength(1);
    }
    expect(await statusOf(foreign.id)).toBe('municipal_review');
    // the same batch again: the first answer, and not one decision more
    const again = await batch();
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    for (const c of cases.slice(0, 3)) expect(await decisionsOn(c.id)).toHaveLength(1);
  });

  it("refuses an expert's batch task by task: a scoring step's form is decided one by one", async () => {
    const cases = [];
    for (let i = 0; i < 2; i++)
      cases.push(await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' })));
    for (const c of cases) {
      const review = await openTask(c.id, 'province_reviewer');
      const asked = await as('province_reviewer').post(`/api/tasks/${review.id}/complete`, {
        decision: 'expert_review',
        comment: '请专家评审',
      });
      expect(asked.status).toBe(200);
    }
    const seats = [];
    for (const c of cases) seats.push(await openTask(c.id, 'expert1'));
    const res = await as('expert1').post(
      '/api/tasks/batch-decisions',
      { taskIds: seats.map((s) => s.id), decision: 'approve', comment: '同意' },
      { 'Accept-Language': 'en' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decided: 0, refused: 2 });
    for (const r of res.body.results) {
      expect(r.status).toBe(422);
      expect(r.message).toBe('declare no conflict of interest first');
    }
    for (const c of cases) expect(await statusOf(c.id)).toBe('expert_review');
  });

  it('refuses tasks of different steps as a whole, naming the field, and decides none', async () => {
    const municipal = await ctx.api.submittedCase();
    const provincial = await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' }));
    const ids = [
      (await openTask(municipal.id, 'gz_reviewer')).id,
      (await openTask(provincial.id, 'province_reviewer')).id,
    ];
    const res = await as('province_reviewer').post('/api/tasks/batch-decisions', {
      taskIds: ids,
      decision: 'approve',
      comment: '同意',
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('批量审批须为同一环节的任务');
    expect(res.body.errors.taskIds).toMatch(/^所选任务分属不同环节：/);
    expect(await statusOf(municipal.id)).toBe('municipal_review');
    expect(await statusOf(provincial.id)).toBe('provincial_review');
    // and a bad body: no opinion, a task twice
    const bad = await as('gz_reviewer').post('/api/tasks/batch-decisions', {
      taskIds: [ids[0], ids[0]],
      decision: 'approve',
      comment: ' ',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toMatchObject({ taskIds: '同一任务不能重复选择', comment: '请填写审批意见' });
  });

  it('answers 403 before reading the body to an applicant', async () => {
    const res = await as('applicant1').post('/api/tasks/batch-decisions', { taskIds: 'x' });
    expect(res.status).toBe(403);
  });
});
