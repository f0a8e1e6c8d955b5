import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';
import { insertSubCenter, testUser } from '../support/evaluationDriver.js';

const ctx = setupApi();
const task = (over: object = {}) => ({
  year: 2026,
  title: `API揭榜任务-${Date.now()}`,
  goal: '推动知识产权质押融资',
  deliverables: '服务报告',
  eligibility: { systems: ['tech_service'], categories: [] },
  bidDeadline: new Date(Date.now() + 3_600_000).toISOString(),
  winners: 2,
  budget: 800_000,
  milestones: [{ title: '中期', workingDays: 30 }],
  ...over,
});

/** A competition whose panel is scoring, as the workflow records it (the read model). */
const scoringCompetition = (id: string, title: string) =>
  ctx.stack.db
    .insertInto('competition_tasks')
    .values({
      id,
      status: 'expert_review',
      body: JSON.stringify({ id, status: 'expert_review', title, bids: [] }),
      version: 1,
      year: 2026,
      title,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
/** An open seat of a bid's expert panel on the competition, about `party`'s bid. */
const panelSeat = (competitionId: string, id: string, title: string, party: string | null = null) => ({
  id,
  case_type: 'competition',
  case_id: competitionId,
  workflow_id: competitionId,
  title,
  step: 'bid_scoring',
  role: 'expert',
  candidate_roles: ['expert'],
  due_at: new Date(Date.now() + 86_400_000),
  priority: 0,
  escalation_level: 0,
  status: 'open',
  created_at: new Date(),
  party,
});

describe('open competition through the API', () => {
  it('drafts, edits and publishes a task; eligible sub-centers bid once; drafts stay with the Provincial Center', async () => {
    const { api, stack } = ctx;
    expect((await api.as('applicant1').post('/api/competition-tasks', task())).status).toBe(403);
    const bad = await api.as('province_reviewer').post('/api/competition-tasks', task({ winners: 0, milestones: [] }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['winners', 'milestones']));
    const draft = await api.as('province_reviewer').post('/api/competition-tasks', task());
    expect(draft.status).toBe(201);
    expect((await api.as('applicant1').get(`/api/competition-tasks/${draft.body.id}`)).status).toBe(404);
    expect(
      (await api.as('province_reviewer').put(`/api/competition-tasks/${draft.body.id}`, { budget: 900_000 })).status,
    ).toBe(200);
    expect(
      (await api.as('province_reviewer').post(`/api/competition-tasks/${draft.body.id}/publish`)).body.status,
    ).toBe('open');
    expect(
      (await api.as('province_reviewer').put(`/api/competition-tasks/${draft.body.id}`, { budget: 1 })).status,
    ).toBe(409);
    const published = await api.as('applicant1').get(`/api/competition-tasks/${draft.body.id}`);
    expect(published.body).toMatchObject({ status: 'open', budget: 900_000 });

    const sc = await insertSubCenter(stack.db, {
      name: `API揭榜中心-${Date.now()}`,
      city: '中山',
      admittedAt: '2025-02-01T00:00:00+08:00',
    });
    const login = await api.call('POST', '/api/auth/login', {
      body: { username: sc.user.username, password: 'A-long-passw0rd' },
    });
    const own = { Authorization: `Bearer ${login.body.token}` };
    const bid = { plan: '知识产权质押融资服务', team: '5人', requestedAmount: 400_000 };
    const placed = await api.call('POST', `/api/competition-tasks/${draft.body.id}/bids`, { headers: own, body: bid });
    expect(placed.status).toBe(201);
    expect(
      (await api.call('POST', `/api/competition-tasks/${draft.body.id}/bids`, { headers: own, body: bid })).status,
    ).toBe(409);
    expect(
      (
        await api.call('POST', `/api/competition-tasks/${draft.body.id}/bids`, {
          headers: own,
          body: { ...bid, requestedAmount: 2_000_000 },
        })
      ).status,
    ).toBe(409);
    await testUser(stack.db, 'applicant_without_center', ['applicant']);
    const noCenter = await api.call('POST', '/api/auth/login', {
      body: { username: 'applicant_without_center', password: 'A-long-passw0rd' },
    });
    expect(
      (
        await api.call('POST', `/api/competition-tasks/${draft.body.id}/bids`, {
          headers: { Authorization: `Bearer ${noCenter.body.token}` },
          body: bid,
        })
      ).status,
    ).toBe(403);
    const mine = await api.call(
      'GET',
      `/api/bids?filter=${encodeURIComponent(JSON.stringify({ competitionId: draft.body.id }))}`,
      { headers: own },
    );
    expect(mine.body).toEqual([expect.objectContaining({ plan: '知识产权质押融资服务', status: 'submitted' })]);
    // sealed while bidding is open: no rival, no reviewer, no expert, no finance officer reads it, nor who bid
    for (const user of ['applicant2', 'province_reviewer', 'expert1', 'finance1', 'admin'])
      expect((await api.as(user).get(`/api/bids/${placed.body.id}`)).status, user).toBe(404);
    const listedOpen = await api
      .as('province_reviewer')
      .get(`/api/bids?filter=${encodeURIComponent(JSON.stringify({ competitionId: draft.body.id }))}`);
    expect(listedOpen.body).toEqual([]);
    const openTask = await api.as('applicant2').get(`/api/competition-tasks/${draft.body.id}`);
    expect(openTask.body.bids).toEqual([]);
    expect((await api.call('GET', `/api/competition-tasks/${draft.body.id}`, { headers: own })).body.bids).toHaveLength(
      1,
    );
    // 撤回 while bidding is open: only a bidder, only its own; it may bid again
    const withdraw = (headers: Record<string, string>) =>
      api.call('POST', `/api/competition-tasks/${draft.body.id}/bids/withdraw`, { headers, body: {} });
    expect(
      (await api.as('province_reviewer').post(`/api/competition-tasks/${draft.body.id}/bids/withdraw`, {})).status,
    ).toBe(403);
    const none = await api.as('applicant2').post(`/api/competition-tasks/${draft.body.id}/bids/withdraw`, {});
    expect([none.status, none.body.message]).toEqual([409, expect.stringContaining('没有可撤回')]);
    expect((await withdraw(own)).status).toBe(200);
    expect((await api.call('GET', `/api/competition-tasks/${draft.body.id}`, { headers: own })).body.bids).toEqual([]);
    const again = await api.call('POST', `/api/competition-tasks/${draft.body.id}/bids`, {
      headers: own,
      body: { ...bid, requestedAmount: 350_000 },
    });
    expect(again.status).toBe(201);
    const history = await api.as('admin').get(`/api/competition-tasks/${draft.body.id}/history`);
    expect(history.body.audit.map((e: { action: string }) => e.action)).toEqual([
      'competition.drafted',
      'competition.edited',
      'competition.published',
      'competition.bid_submitted',
      'competition.bid_withdrawn',
      'competition.bid_submitted',
    ]);
  });

  it("keeps each expert's bid score from the other experts while the panel scores", async () => {
    // a bid under scoring as the workflow records it (the read model), one expert having scored
    const id = `sealed-bid-${Date.now()}`;
    const body = {
      id,
      status: 'submitted',
      plan: '方案',
      score: 88,
      scores: [{ expert: '专家 李明', value: 88, capability: 85, feasibility: 90 }],
      subCenter: { id: 'SC-X', name: '评分保密测试中心', city: '汕头' },
      competitionId: 'competition-sealed',
      requestedAmount: 100_000,
    };
    // its competition past bidding, the panel scoring (expert2 may take a seat)
    await scoringCompetition('competition-sealed', '评分保密测试');
    await ctx.stack.db
      .insertInto('tasks')
      .values(panelSeat('competition-sealed', `${id}-seat`, '揭榜方案评审（保密测试）'))
      .execute();
    await ctx.stack.db
      .insertInto('bids')
      .values({
        id,
        status: 'submitted',
        body: JSON.stringify(body),
        version: 1,
        competition_id: 'competition-sealed',
        sub_center_id: 'SC-X',
        sub_center_name: '评分保密测试中心',
        organization_id: null,
        city: '汕头',
        requested_amount: 100_000,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    const seen = async (user: string) => (await ctx.api.as(user).get(`/api/bids/${id}`)).body;
    expect(await seen('expert2')).toMatchObject({ score: null, scores: [] });
    expect((await seen('province_reviewer')).scores).toHaveLength(1);
    expect((await seen('province_reviewer')).score).toBe(88);
    const listed = (
      await ctx.api
        .as('expert2')
        .get(`/api/bids?filter=${encodeURIComponent(JSON.stringify({ competitionId: 'competition-sealed' }))}`)
    ).body;
    expect(listed).toEqual([expect.objectContaining({ id, score: null, scores: [] })]);
  });

  it("shows a bidder only its own bid's steps on the competition's page, each named by its party; others' stay sealed", async () => {
    const id = `competition-party-${Date.now()}`;
    await scoringCompetition(id, '分方评审测试');
    await ctx.stack.db
      .insertInto('tasks')
      .values([
        panelSeat(id, `${id}-own`, '分方评审测试 · own', 'org-applicant1'),
        panelSeat(id, `${id}-other`, '分方评审测试 · other', 'org-someone-else'),
      ])
      .execute();
    const page = async (user: string) =>
      (await ctx.api.as(user).get(`/api/competition-tasks/${id}`)).body.openTasks as { id: string; party: string }[];
    expect((await page('applicant1')).map((t) => [t.id, t.party])).toEqual([[`${id}-own`, 'org-applicant1']]);
    expect((await page('province_reviewer')).map((t) => t.id).sort()).toEqual([`${id}-other`, `${id}-own`]);
    // 撤回 of a milestone report is the winner's alone
    expect((await ctx.api.as('province_reviewer').post(`/api/competition-tasks/${id}/recall`, {})).status).toBe(403);
  });
});
