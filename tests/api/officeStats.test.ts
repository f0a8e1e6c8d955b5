/**
 * The review office's figures (GET /api/stats/office): time per step, overdue rates by step and
 * reviewer, cases by state, objections per notice — counted from what the product recorded, for
 * one city a test has to itself.
 */
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const q = (v: object) => encodeURIComponent(JSON.stringify(v));
const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

describe("the review office's figures", () => {
  it("counts a city's decided and open steps, and the reviewer who decided them", async () => {
    const reviewer = await ctx.api.freshUser(['municipal_reviewer'], '云浮', '云浮市科技局');
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await ctx.api.submittedCase(buildApplication({ city: '云浮' })));
    for (const c of cases.slice(0, 2)) {
      const [task] = (await ctx.api.as(reviewer).get(`/api/tasks?filter=${q({ caseId: c.id, status: 'open' })}`)).body;
      const done = await ctx.api
        .as(reviewer)
        .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意推荐' });
      expect(done.status).toBe(200);
    }
    const res = await ctx.api
      .as('province_reviewer')
      .get(`/api/stats/office?year=${year}&caseType=admission&city=云浮`);
    expect(res.status).toBe(200);
    const times = res.body.stepTimes.find((r: { step: string }) => r.step === 'municipal_review');
    expect(times).toMatchObject({ caseType: 'admission', tasks: 2 });
    expect(times.medianDays).toBeGreaterThanOrEqual(0);
    expect(times.p90Days).toBeGreaterThanOrEqual(times.medianDays);
    expect(res.body.overdueBySteps.find((r: { step: string }) => r.step === 'municipal_review')).toEqual({
      caseType: 'admission',
      step: 'municipal_review',
      tasks: 3,
      overdue: 0,
      rate: 0,
    });
    expect(res.body.overdueByReviewers).toContainEqual({
      reviewer: `云浮市科技局 ${reviewer}`,
      tasks: 2,
      overdue: 0,
      rate: 0,
    });
    expect(res.body.casesByState.every((r: { caseType: string }) => r.caseType === 'admission')).toBe(true);
    expect(
      res.body.casesByState.find((r: { status: string }) => r.status === 'municipal_review').cases,
    ).toBeGreaterThanOrEqual(1);
    for (const n of res.body.objectionsByNotice) expect(n.pending).toBe(n.objections - n.upheld - n.dismissed);
  });

  it('answers the province-wide roles only, and names a bad filter', async () => {
    for (const user of ['applicant1', 'gz_reviewer', 'expert1'])
      expect((await ctx.api.as(user).get(`/api/stats/office?year=${year}`)).status, user).toBe(403);
    const bad = await ctx.api.as('auditor').get('/api/stats/office?year=1999&city=纽约');
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['city', 'year']);
  });
});
