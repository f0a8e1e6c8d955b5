import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();

describe('live updates (GET /api/events)', () => {
  it("tells the city's reviewer of a submitted case within 2 s, and not a reviewer of another city", async () => {
    const { api } = ctx;
    const gz = await api.listen('gz_reviewer');
    const dg = await api.listen('dg_reviewer');
    const data = buildApplication({ city: '广州' });
    const owner = await api.applicantOf(data);
    const applicant = await api.listen(owner.username);
    try {
      const created = await owner.post('/api/applications', data);
      const submittedAt = Date.now();
      await owner.post(`/api/applications/${created.body.id}/submit`);
      const heard = await gz.next((h) => h.event === 'case' && h.data.caseId === created.body.id);
      expect(heard?.data).toMatchObject({ type: 'case', caseType: 'admission', caseId: created.body.id });
      expect(heard!.at - submittedAt).toBeLessThan(2_000);
      // the applicant hears of their own case (its creation, then its submission)
      expect(
        await applicant.next((h) => h.event === 'case' && h.data.action === 'application.submitted'),
      ).toBeDefined();
      // 东莞's reviewer hears nothing of a 广州 case (waited for as long as 广州's took, and more)
      await new Promise((r) => setTimeout(r, 500));
      expect(dg.heard.filter((h) => h.data?.caseId === created.body.id)).toEqual([]);
      expect(dg.heard.map((h) => h.event)).toContain('ready');
    } finally {
      await Promise.all([gz.close(), dg.close(), applicant.close()]);
    }
  });

  it('tells every open console of those who may see a case — two tabs of one person both — and nobody else', async () => {
    const { api } = ctx;
    const data = buildApplication({ applicantKind: 'provincial_unit' }); // straight to the Provincial Center
    const owner = await api.applicantOf(data);
    const feeds = {
      province: await api.listen('province_reviewer'),
      provinceTab2: await api.listen('province_reviewer'),
      province2: await api.listen('province_reviewer2'),
      owner: await api.listen(owner.username),
      dg: await api.listen('dg_reviewer'), // another city's bureau
      expert: await api.listen('expert1'), // not asked to score it
      otherApplicant: await api.listen('applicant2'),
      auditor: await api.listen('auditor'),
    };
    try {
      const created = await owner.post('/api/applications', data);
      await owner.post(`/api/applications/${created.body.id}/submit`);
      const submitted = (h: { event: string; data: any }) =>
        h.event === 'case' && h.data.caseId === created.body.id && h.data.action === 'application.submitted';
      for (const who of ['province', 'provinceTab2', 'province2', 'owner', 'auditor'] as const)
        expect(await feeds[who].next(submitted), who).toBeDefined();
      await new Promise((r) => setTimeout(r, 300));
      for (const who of ['dg', 'expert', 'otherApplicant'] as const)
        expect(
          feeds[who].heard.filter((h) => h.data?.caseId === created.body.id),
          who,
        ).toEqual([]);
    } finally {
      await Promise.all(Object.values(feeds).map((f) => f.close()));
    }
  });

  it('refuses a feed without a sign-in', async () => {
    const res = await ctx.api.call('GET', '/api/events');
    expect(res.status).toBe(401);
  });
});
