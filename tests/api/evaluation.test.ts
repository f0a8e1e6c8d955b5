import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import { EVALUATION_SCHEDULE_ID, ensureSchedules } from '../../scripts/prod/schedules.js';
import { evaluation, evaluationWorkflowId } from '../../workflows/evaluation.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { setupApi } from '../support/api.js';
import { figuresAt, insertSubCenter, narratives } from '../support/evaluationDriver.js';

const ctx = setupApi();
const filter = (f: object) => `filter=${encodeURIComponent(JSON.stringify(f))}`;

describe('evaluation rounds, evaluations and revocations through the API', () => {
  it('opens a round by hand once (a second opening is 409) and lets the sub-center report through its task queue', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: 'API评价中心',
      city: '惠州',
      admittedAt: '2016-03-01T00:00:00+08:00',
    });
    expect(
      (await ctx.api.as('applicant1').post('/api/evaluation-rounds', { year: 2017, system: 'tech_service' })).status,
    ).toBe(403);
    expect(
      (await ctx.api.as('province_reviewer').post('/api/evaluation-rounds', { year: 1999, system: 'tech_service' }))
        .status,
    ).toBe(422);
    const opened = await ctx.api
      .as('province_reviewer')
      .post('/api/evaluation-rounds', { year: 2017, system: 'tech_service' });
    expect(opened.status).toBe(201);
    // every tech-service sub-center due that year takes part (other test files add theirs): ours among them
    expect(opened.body.participants).toBeGreaterThanOrEqual(1);
    expect(
      (await ctx.api.as('province_reviewer').post('/api/evaluation-rounds', { year: 2017, system: 'tech_service' }))
        .status,
    ).toBe(409);
    const round = await ctx.api.as('applicant2').get(`/api/evaluation-rounds/${opened.body.id}`);
    expect(round.body).toMatchObject({ year: 2017, system: 'tech_service', status: 'in_progress' });
    expect(round.body.participants.map((p: { id: string }) => p.id)).toContain(sc.id);

    // the sub-center's own account sees its self-report task; another organisation does not
    const login = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: sc.user.username, password: 'A-long-passw0rd' },
    });
    const own = { Authorization: `Bearer ${login.body.token}` };
    // the round starts one evaluation per participant: ours opens its self-report task shortly
    const ownTask = async () =>
      (
        await ctx.api.call('GET', `/api/tasks?${filter({ status: 'open', step: 'self_report' })}`, { headers: own })
      ).body.find((t: { title: string }) => t.title.startsWith('API评价中心'));
    await expect.poll(ownTask, { timeout: 10_000 }).toBeDefined();
    const task = await ownTask();
    expect((await ctx.api.as('applicant1').get(`/api/tasks/${task.id}`)).status).toBe(404);
    // the self-report's form comes from the engine: every Annex A indicator under its group, in words
    const offered = (await ctx.api.call('GET', `/api/tasks/${task.id}`, { headers: own })).body.actions;
    const form: { name: string; kind: string; required: boolean; label: { zh: string }; group?: { zh: string } }[] =
      offered.find((a: { action: string }) => a.action === 'complete').fields;
    expect(form.filter((f) => f.name.startsWith('payload.figures.'))).toHaveLength(17);
    expect(form.find((f) => f.name === 'payload.figures.banksOnSite')).toMatchObject({
      kind: 'number',
      required: false,
      label: { zh: '入驻银行数（家）', en: 'Banks on site' },
      group: { zh: '科技信贷' },
    });
    expect(form.find((f) => f.name === 'payload.narratives.operations')).toMatchObject({
      kind: 'textarea',
      required: true,
      label: { zh: '运营管理' },
    });
    const bad = await ctx.api.call('POST', `/api/tasks/${task.id}/complete`, {
      headers: own,
      body: { decision: 'approve', comment: '自评', payload: { figures: {}, narratives: { operations: '' } } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['payload.narratives.operations']));
    const done = await ctx.api.call('POST', `/api/tasks/${task.id}/complete`, {
      headers: own,
      body: { decision: 'approve', comment: '自评报告', payload: { figures: figuresAt(1), narratives } },
    });
    expect(done.status).toBe(200);

    const evaluationId = `evaluation-${sc.id}-2017`;
    const mine = await ctx.api.call('GET', `/api/evaluations/${evaluationId}`, { headers: own });
    expect(mine.body).toMatchObject({ status: 'written_review', report: { figures: { matchedLoanAmount: 50_000 } } });
    // the written review opens right after the report is recorded
    await expect
      .poll(async () =>
        (await ctx.api.as('province_reviewer').get(`/api/evaluations/${evaluationId}`)).body.openTasks.map(
          (t: { step: string }) => t.step,
        ),
      )
      .toEqual(['written_review']);
    expect((await ctx.api.as('applicant1').get(`/api/evaluations/${evaluationId}`)).status).toBe(404);
    const history = await ctx.api.as('admin').get(`/api/evaluations/${evaluationId}/history`);
    expect(history.body.audit.map((e: { action: string }) => e.action)).toEqual([
      'evaluation.opened',
      'evaluation.self_report_submitted',
      'evaluation.written_review_opened',
    ]);

    const annexA = await ctx.api.as('admin').get('/api/stats/annex-a?year=2017&city=惠州');
    expect(annexA.body).toEqual([
      expect.objectContaining({
        year: 2017,
        city: '惠州',
        system: 'tech_service',
        reports: 1,
        figures: expect.objectContaining({ matchedLoanAmount: 50_000, roadshowsHeld: 24 }),
      }),
    ]);
  });

  it('starts a revocation for a serious violation once, for active sub-centers only', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: '违规核查中心',
      city: '江门',
      admittedAt: '2026-01-10T00:00:00+08:00',
    });
    expect(
      (await ctx.api.as('gz_reviewer').post('/api/revocations', { subCenterId: sc.id, reason: '违规' })).status,
    ).toBe(403);
    expect(
      (await ctx.api.as('province_reviewer').post('/api/revocations', { subCenterId: sc.id, reason: '' })).body.errors
        .reason,
    ).toBeDefined();
    const started = await ctx.api
      .as('province_reviewer')
      .post('/api/revocations', { subCenterId: sc.id, reason: '虚报服务数据' });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('statement_period');
    expect(
      (await ctx.api.as('province_reviewer').post('/api/revocations', { subCenterId: sc.id, reason: '再次' })).status,
    ).toBe(409);
    const list = await ctx.api.as('province_reviewer').get(`/api/revocations?${filter({ subCenterId: sc.id })}`);
    expect(list.body).toEqual([
      expect.objectContaining({ reason: '虚报服务数据', trigger: 'violation', status: 'statement_period' }),
    ]);
    expect(list.headers.get('Content-Range')).toBe('revocations 0-0/1');
  });

  it('lets the sub-center recall its statement (撤回) while nobody has taken up the decision, and only itself', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: '撤回陈述中心',
      city: '江门',
      admittedAt: '2026-01-10T00:00:00+08:00',
    });
    const started = await ctx.api
      .as('province_reviewer')
      .post('/api/revocations', { subCenterId: sc.id, reason: '服务台账缺失' });
    const login = await ctx.api.call('POST', '/api/auth/login', {
      body: { username: sc.user.username, password: 'A-long-passw0rd' },
    });
    const own = { Authorization: `Bearer ${login.body.token}` };
    const openTask = async (step: string) =>
      (await ctx.api.as('province_reviewer').get(`/api/revocations/${started.body.id}`)).body.openTasks.find(
        (t: { step: string }) => t.step === step,
      );
    await expect.poll(() => openTask('statement'), { timeout: 10_000 }).toBeDefined();
    const statement = await openTask('statement');
    const recall = (headers: Record<string, string>, body: object = {}) =>
      ctx.api.call('POST', `/api/revocations/${started.body.id}/recall`, { headers, body });
    // nothing filed yet: nothing to take back
    expect((await recall(own)).status).toBe(409);
    await ctx.api.call('POST', `/api/tasks/${statement.id}/complete`, {
      headers: own,
      body: { decision: 'approve', comment: '陈述', payload: { statement: '台账在档案室，附照片' } },
    });
    await expect.poll(() => openTask('revocation_decision'), { timeout: 10_000 }).toBeDefined();
    expect((await ctx.api.as('province_reviewer').post(`/api/revocations/${started.body.id}/recall`, {})).status).toBe(
      403,
    );
    expect((await recall(own, { comment: 'x'.repeat(2001) })).status).toBe(422);
    const back = await recall(own, { comment: '补充照片' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('statement_period');
    const history = await ctx.api.as('admin').get(`/api/revocations/${started.body.id}/history`);
    expect(history.body.audit.map((e: { action: string }) => e.action)).toContain('revocation.statement_recalled');
    expect(await openTask('revocation_decision')).toBeUndefined();
  });

  it("keeps the experts' names, scores and comments of an evaluation from the sub-center", async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: '专家保密中心',
      city: '江门',
      admittedAt: '2016-03-01T00:00:00+08:00',
    });
    const id = evaluationWorkflowId(sc.id, 2019);
    await ctx.stack.client.workflow.start(evaluation, {
      workflowId: id,
      taskQueue: TASK_QUEUE,
      args: [
        {
          roundId: 'round-sealed',
          year: 2019,
          subCenter: {
            ...sc,
            name: '专家保密中心',
            city: '江门',
            system: 'tech_service',
            category: 'comprehensive',
            admittedAt: '2016-03-01T00:00:00+08:00',
          },
          rules: DEFAULT_EVALUATION_RULES,
          ruleVersion: 0,
        },
      ],
    });
    ctx.api.usePassword(sc.user.username, 'A-long-passw0rd');
    const own = ctx.api.as(sc.user.username);
    const open = async (as: string, step: string) => {
      const find = async () =>
        (await ctx.api.as(as).get(`/api/evaluations/${id}`)).body.openTasks?.filter(
          (t: { step: string }) => t.step === step,
        ) ?? [];
      await expect.poll(async () => (await find()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      return find();
    };
    const [report] = await open('province_reviewer', 'self_report');
    await own.post(`/api/tasks/${report.id}/complete`, {
      decision: 'approve',
      comment: '自评',
      payload: { figures: figuresAt(1), narratives },
    });
    const [review] = await open('province_reviewer', 'written_review');
    await ctx.api
      .as('province_reviewer')
      .post(`/api/tasks/${review.id}/complete`, { decision: 'approve', comment: '通过' });
    const seats = await open('province_reviewer', 'expert_scoring');
    const experts = ['expert1', await ctx.api.freshUser(['expert'], null, '专家')];
    for (const [i, seat] of seats.entries()) {
      const expert = ctx.api.as(experts[i]!);
      expect((await expert.post(`/api/tasks/${seat.id}/claim`)).status).toBe(200);
      const done = await expert.post(`/api/tasks/${seat.id}/complete`, {
        decision: 'approve',
        comment: '内部评语（仅供评审组）',
        noConflict: true,
        payload: { operations: 77, capability: 77, results: 77 },
      });
      expect(done.status).toBe(200);
    }
    await open('province_reviewer', 'onsite');
    expect((await ctx.api.as('province_reviewer').get(`/api/evaluations/${id}`)).body.expertScores).toHaveLength(2);
    const mine = JSON.stringify((await own.get(`/api/evaluations/${id}`)).body);
    const history = JSON.stringify((await own.get(`/api/evaluations/${id}/history`)).body);
    for (const text of [mine, history]) {
      expect(text).not.toContain('内部评语');
      expect(text).not.toContain('专家 ');
    }
  });

  it("keeps a yearly schedule that opens the previous year's rounds", async () => {
    await ensureSchedules(ctx.stack.client);
    await ensureSchedules(ctx.stack.client); // idempotent
    const described = await ctx.stack.client.schedule.getHandle(EVALUATION_SCHEDULE_ID).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({
      comment: '年度绩效评价',
      dayOfMonth: [expect.objectContaining({ start: 15 })],
    });
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'openDueEvaluationRounds' });
  });
});
