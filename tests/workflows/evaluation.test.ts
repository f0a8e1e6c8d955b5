/**
 * A full annual round and a three-year financial cycle in seconds on the time-skipping server,
 * with the real activities writing to PostgreSQL.
 */

import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import type { Actor } from '../../domain/roles.js';
import { evaluation, evaluationWorkflowId, gradeAssigned } from '../../workflows/evaluation.js';
import { evaluationRound, evaluationRoundWorkflowId, roundOpened } from '../../workflows/evaluationRound.js';
import { payout, payoutWorkflowId } from '../../workflows/payout.js';
import { revocation, revocationWorkflowId } from '../../workflows/revocation.js';
import { buildPayout, buildRevocation } from '../support/builders.js';
import {
  expertScores,
  figuresAt,
  insertSubCenter,
  narratives,
  taskDriver,
  testUser,
} from '../support/evaluationDriver.js';
import { actor } from '../support/stack.js';
import { crashOnceAfterPayment, startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

/** The start options of a built revocation on this file's queue. */
const revocationStart = (r: ReturnType<typeof buildRevocation>) => ({
  workflowId: r.workflowId,
  taskQueue: TASK_QUEUE,
  args: [r.input] as [typeof r.input],
});
const TASK_QUEUE = 'evaluation-test';
let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
let drive: ReturnType<typeof taskDriver>;
const payments = crashOnceAfterPayment();
const who: Record<string, Actor> = {};

beforeAll(async () => {
  stack = await startTimeSkipping(TASK_QUEUE, payments.override);
  ({ env, db } = stack);
  drive = taskDriver(db, env.client);
  who.reviewer = await actor(db, 'province_reviewer');
  who.expert1 = await actor(db, 'expert1');
  who.finance = await actor(db, 'finance1');
  who.expert2 = await testUser(db, 'expert_two', ['expert']);
  who.expertGz = await testUser(db, 'expert_guangzhou', ['expert'], '广州');
}, 120_000);
afterAll(() => stack?.close());

const evaluationRow = (id: string) =>
  db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditActions = async (caseId: string) =>
  (await db.selectFrom('audit_log').select('action').where('case_id', '=', caseId).orderBy('id').execute()).map(
    (r) => r.action,
  );
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
}
/** Drives one evaluation from written review to the score. */
async function reviewAndScore(caseId: string, scores: [number, number], findings = '') {
  await drive.complete(caseId, 'written_review', who.reviewer!, { decision: 'approve', comment: '材料完整' });
  await drive.complete(
    caseId,
    'expert_scoring',
    who.expert1!,
    { decision: 'approve', comment: '评分', noConflict: true, payload: expertScores(scores[0]) },
    0,
  );
  await drive.complete(
    caseId,
    'expert_scoring',
    who.expert2!,
    { decision: 'approve', comment: '评分', noConflict: true, payload: expertScores(scores[1]) },
    0,
  );
  await drive.complete(caseId, 'onsite', who.reviewer!, {
    decision: 'approve',
    comment: '现场评估完成',
    payload: { reportHeard: true, siteInspected: true, staffInterviewed: true, findings },
  });
}

// Standalone cases first: after the round below, the Java time-skipping server stops skipping time
// for sleeps (its abandoned child workflows outlive their closed parents).
/**
 * The round's results once their 公示 (7 calendar days) has passed. The time is skipped by hand:
 * the Java test server stops skipping on its own once a child outlives its closed parent.
 */
async function afterNotice(roundId: string) {
  await expect.poll(async () => (await roundRow(roundId))?.status, { timeout: 15_000 }).toBe('public_notice');
  await env.sleep('8 days');
  await expect.poll(async () => (await roundRow(roundId))?.status, { timeout: 15_000 }).toBe('graded');
  return (
    (await roundRow(roundId))!.body as { results: { evaluationId: string; grade: string; eliminated: boolean }[] }
  ).results;
}
const roundRow = (id: string) =>
  db.selectFrom('evaluation_rounds').select(['status', 'body']).where('id', '=', id).executeTakeFirst();

// in this order (see above): the standalone cases before the rounds
describe('evaluation processes (time-skipping)', { shuffle: false }, () => {
  describe('payouts and revocations on their own (time-skipping)', () => {
    it('refuses a payout that would exceed the budget, writing no instruction', async () => {
      const sc = await insertSubCenter(db, { name: '预算测试中心', admittedAt: '2026-01-05T00:00:00+08:00' });
      const { workflowId: id, input } = buildPayout(sc, '预算测试中心', {
        amount: 200,
        reason: '测试',
        budget: 100,
        approvalWorkingDays: 5,
      });
      const handle = await env.client.workflow.start(payout, { workflowId: id, taskQueue: TASK_QUEUE, args: [input] });
      await drive.complete(id, 'payout_approval', who.finance!, { decision: 'approve', comment: '同意' });
      expect(await handle.result()).toBe('refused_budget');
      expect(
        await db
          .selectFrom('payment_instructions')
          .select(sql<string>`count(*)`.as('n'))
          .where('budget_key', '=', `test-budget-${sc.id}`)
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: '0' });
    });

    it('revokes after a statement period that lapses: off the active roster, history intact', async () => {
      const sc = await insertSubCenter(db, { name: '严重违规中心', admittedAt: '2026-02-01T00:00:00+08:00' });
      const id = revocationWorkflowId(sc.id);
      const handle = await env.client.workflow.start(revocation, {
        ...revocationStart(buildRevocation(sc, '严重违规中心', '虚报服务数据')),
      });
      await expect.poll(async () => (await drive.openTasks(id, 'statement')).length, { timeout: 10_000 }).toBe(1);
      await env.sleep('20 days');
      await drive.complete(id, 'revocation_decision', who.reviewer!, {
        decision: 'approve',
        comment: '未陈述申辩，撤销资质',
      });
      expect(await handle.result()).toBe('revoked');
      // the decision is published for 5 working days (公示) before it takes effect
      expect(await auditActions(id)).toEqual([
        'revocation.notified',
        'revocation.statement_lapsed',
        'revocation.approved_for_notice',
        'notice.published',
        'notice.final',
        'revocation.revoked',
      ]);
      const active = await db
        .selectFrom('sub_centers')
        .select('id')
        .where('status', '=', 'active')
        .where('id', '=', sc.id)
        .execute();
      expect(active).toEqual([]);
      expect(
        (
          await db
            .selectFrom('sub_centers')
            .select(['status', 'revoked_at'])
            .where('id', '=', sc.id)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('revoked');
    });

    it('records a failed grade against a revocation already under way, instead of failing the evaluation', async () => {
      const name = '违规在先中心';
      const sc = await insertSubCenter(db, { name, city: '汕头', admittedAt: '2026-02-01T00:00:00+08:00' });
      const subCenter = {
        id: sc.id,
        name,
        organizationId: sc.organizationId,
        city: '汕头',
        system: 'tech_service' as const,
        category: 'comprehensive',
        admittedAt: '2026-02-01T00:00:00+08:00',
      };
      // a violation came first: its revocation is running
      await env.client.workflow.start(revocation, {
        workflowId: revocationWorkflowId(sc.id),
        taskQueue: TASK_QUEUE,
        args: [
          {
            subCenter,
            trigger: 'violation',
            reason: '虚报服务数据',
            requestedBy: { id: 'r', name: '省级中心' },
            statementWorkingDays: 10,
            decisionWorkingDays: 10,
          },
        ],
      });
      const id = evaluationWorkflowId(sc.id, 2003);
      const handle = await env.client.workflow.start(evaluation, {
        workflowId: id,
        taskQueue: TASK_QUEUE,
        args: [{ roundId: 'round-2003', year: 2003, subCenter, rules: DEFAULT_EVALUATION_RULES, ruleVersion: 0 }],
      });
      await drive.complete(id, 'self_report', sc.user, {
        decision: 'approve',
        comment: '自评',
        payload: { figures: figuresAt(0.2), narratives },
      });
      await reviewAndScore(id, [40, 40]);
      await handle.signal(gradeAssigned, { grade: 'fail', rank: 1, eliminated: true, subsidy: 0, budgetKey: 'none' });
      expect(await handle.result()).toBe('fail');
      expect(await auditActions(id)).toContain('evaluation.revocation_already_running');
    });

    it('keeps a sub-center that states its case, and it stays on the roster', async () => {
      const sc = await insertSubCenter(db, { name: '陈述申辩中心', admittedAt: '2026-02-01T00:00:00+08:00' });
      const id = revocationWorkflowId(sc.id);
      const handle = await env.client.workflow.start(revocation, {
        ...revocationStart(buildRevocation(sc, '陈述申辩中心', '涉嫌违规收费')),
      });
      await drive.complete(id, 'statement', sc.user, {
        decision: 'approve',
        comment: '陈述',
        payload: { statement: '收费项目经物价部门备案，附备案文件' },
      });
      await drive.complete(id, 'revocation_decision', who.reviewer!, {
        decision: 'reject',
        comment: '陈述理由成立，保留资质',
      });
      expect(await handle.result()).toBe('kept');
      expect(
        (await db.selectFrom('sub_centers').select('status').where('id', '=', sc.id).executeTakeFirstOrThrow()).status,
      ).toBe('active');
      const body = (await db.selectFrom('revocations').select('body').where('id', '=', id).executeTakeFirstOrThrow())
        .body as { statement: { text: string } };
      expect(body.statement.text).toContain('备案');
    });
  });

  describe('a three-year financial cycle (time-skipping)', () => {
    it('evaluates only financial sub-centers due that year and commends the excellent', async () => {
      const year = 2022;
      const due = await insertSubCenter(db, {
        name: '三年周期银行',
        system: 'financial',
        category: 'bank',
        admittedAt: '2019-05-01T00:00:00+08:00',
      });
      const notDue = await insertSubCenter(db, {
        name: '次年设立保险',
        system: 'financial',
        category: 'insurance',
        admittedAt: '2020-05-01T00:00:00+08:00',
      });
      const round = await env.client.workflow.start(evaluationRound, {
        workflowId: evaluationRoundWorkflowId('financial', year),
        taskQueue: TASK_QUEUE,
        args: [{ year, system: 'financial', openedBy: { id: 'test', name: '测试' } }],
      });
      await round.executeUpdate(roundOpened);
      const id = evaluationWorkflowId(due.id, year);
      expect(await db.selectFrom('evaluations').select('id').where('sub_center_id', '=', notDue.id).execute()).toEqual(
        [],
      );
      await drive.complete(id, 'self_report', due.user, {
        decision: 'approve',
        comment: '自评',
        payload: { figures: figuresAt(2), narratives },
      });
      await reviewAndScore(id, [92, 94]);
      const graded = await afterNotice(round.workflowId);
      expect(graded.find((g) => g.evaluationId === id)).toMatchObject({ grade: 'excellent', eliminated: false });
      const roundRow = await db
        .selectFrom('evaluation_rounds')
        .select('body')
        .where('id', '=', round.workflowId)
        .executeTakeFirstOrThrow();
      expect((roundRow.body as { commendations: string[] }).commendations).toContain('三年周期银行');
      expect(await db.selectFrom('payouts').select('id').where('source_id', '=', id).execute()).toEqual([]);
    });
  });

  describe('an annual tech-service round (time-skipping)', () => {
    it('evaluates, grades with bottom elimination, pays post-subsidies once, asks for rectification and revokes the failed', async () => {
      // years no other test file uses: the round evaluates every tech-service sub-center due that year
      const year = 2001;
      const admittedAt = '2000-06-01T00:00:00+08:00';
      const a = await insertSubCenter(db, { name: '评价甲中心', city: '广州', admittedAt });
      const b = await insertSubCenter(db, { name: '评价乙中心', city: '佛山', admittedAt });
      const c = await insertSubCenter(db, { name: '评价丙中心', city: '东莞', admittedAt });
      const d = await insertSubCenter(db, { name: '评价丁中心', city: '深圳', admittedAt });
      const late = await insertSubCenter(db, {
        name: '当年新设中心',
        city: '广州',
        admittedAt: '2001-03-01T00:00:00+08:00',
      });

      const round = await env.client.workflow.start(evaluationRound, {
        workflowId: evaluationRoundWorkflowId('tech_service', year),
        taskQueue: TASK_QUEUE,
        args: [{ year, system: 'tech_service', openedBy: { id: 'test', name: '测试' } }],
      });
      const opened = await round.executeUpdate(roundOpened);
      const ids = Object.fromEntries([a, b, c, d].map((s, i) => ['abcd'[i]!, evaluationWorkflowId(s.id, year)]));
      // admitted during the year: joins the next cycle
      expect(await db.selectFrom('evaluations').select('id').where('sub_center_id', '=', late.id).execute()).toEqual(
        [],
      );
      expect(opened.participants).toBe(4);

      // self-reports: a, b and d in time (d returned once for correction); c misses the deadline
      await drive.complete(ids.a!, 'self_report', a.user, {
        decision: 'approve',
        comment: '自评',
        payload: { figures: figuresAt(2), narratives },
      });
      await drive.complete(ids.b!, 'self_report', b.user, {
        decision: 'approve',
        comment: '自评',
        payload: { figures: figuresAt(0.5), narratives },
      });
      await drive.complete(ids.d!, 'self_report', d.user, {
        decision: 'approve',
        comment: '自评',
        payload: { figures: figuresAt(0.5), narratives },
      });
      expect(
        (
          await refusal(
            drive.complete(ids.c!, 'self_report', a.user, {
              decision: 'approve',
              comment: 'x',
              payload: { figures: {}, narratives },
            }),
          )
        ).type,
      ).toBe('forbidden');
      const badReport = await refusal(
        drive.complete(ids.c!, 'self_report', c.user, {
          decision: 'approve',
          comment: 'x',
          payload: { figures: { matchedLoanAmount: -1 }, narratives },
        }),
      );
      expect(badReport.type).toBe('validation');
      await env.sleep('40 days');
      await expect
        .poll(async () => auditActions(ids.c!), { timeout: 10_000 })
        .toContain('evaluation.self_report_missed');

      await drive.complete(ids.d!, 'written_review', who.reviewer!, {
        decision: 'return',
        comment: '投资金额口径有误，请更正',
      });
      expect((await evaluationRow(ids.d!)).status).toBe('correction');
      await drive.complete(ids.d!, 'correction', d.user, {
        decision: 'approve',
        comment: '已更正',
        payload: { figures: figuresAt(2), narratives },
      });
      const secondReturn = await refusal(
        drive.complete(ids.d!, 'written_review', who.reviewer!, { decision: 'return', comment: '再次退回' }),
      );
      // a report is returned once at most: the second time only approval is left
      expect(secondReturn.type).toBe('validation');
      expect(secondReturn.message).toContain('只能：同意');

      // experts: a 广州 expert may not score a 广州 center; an expert scores each evaluation once
      await drive.complete(ids.a!, 'written_review', who.reviewer!, { decision: 'approve', comment: '材料完整' });
      expect(
        (
          await refusal(
            drive.complete(ids.a!, 'expert_scoring', who.expertGz!, {
              decision: 'approve',
              comment: '评分',
              noConflict: true,
              payload: expertScores(90),
            }),
          )
        ).type,
      ).toBe('forbidden');
      expect(
        (
          await refusal(
            drive.complete(ids.a!, 'expert_scoring', who.expert1!, {
              decision: 'approve',
              comment: '评分',
              payload: expertScores(90),
            }),
          )
        ).type,
      ).toBe('validation');
      await drive.complete(ids.a!, 'expert_scoring', who.expert1!, {
        decision: 'approve',
        comment: '优秀',
        noConflict: true,
        payload: expertScores(95),
      });
      expect(
        (
          await refusal(
            drive.complete(ids.a!, 'expert_scoring', who.expert1!, {
              decision: 'approve',
              comment: '再评',
              noConflict: true,
              payload: expertScores(95),
            }),
          )
        ).type,
      ).toBe('conflict');
      await drive.complete(ids.a!, 'expert_scoring', who.expert2!, {
        decision: 'approve',
        comment: '优秀',
        noConflict: true,
        payload: expertScores(95),
      });
      await drive.complete(ids.a!, 'onsite', who.reviewer!, {
        decision: 'approve',
        comment: '现场评估完成',
        payload: { reportHeard: true, siteInspected: true, staffInterviewed: true, findings: '' },
      });
      await reviewAndScore(ids.b!, [70, 70], '档案管理不规范');
      await reviewAndScore(ids.c!, [90, 90]);
      await reviewAndScore(ids.d!, [75, 75]);
      const graded = await afterNotice(round.workflowId);
      const grades = Object.fromEntries(graded.map((g) => [g.evaluationId, [g.grade, g.eliminated]]));
      expect(grades[ids.a!]).toEqual(['excellent', false]); // quant 100, qual 95 → 97.5
      expect(grades[ids.d!]).toEqual(['good', false]); // 100 / 75 → 87.5
      expect(grades[ids.b!]).toEqual(['pass', false]); // 50 / 70 → 60
      // missed report: 0 / 90 → 45, fails on its score; 10 % of four rounds down: nobody is eliminated
      expect(grades[ids.c!]).toEqual(['fail', false]);
      const roundRow = await db
        .selectFrom('evaluation_rounds')
        .selectAll()
        .where('id', '=', round.workflowId)
        .executeTakeFirstOrThrow();
      expect(roundRow.status).toBe('graded');
      expect((await evaluationRow(ids.a!)).total_score).toBe(97.5);

      // post-subsidies: excellent and good, approved by finance, instructed exactly once
      const payA = payoutWorkflowId('evaluation', ids.a!);
      await drive.complete(payA, 'payout_approval', who.finance!, { decision: 'approve', comment: '同意拨付' });
      await drive.complete(payoutWorkflowId('evaluation', ids.d!), 'payout_approval', who.finance!, {
        decision: 'approve',
        comment: '同意拨付',
      });
      expect(await env.client.workflow.getHandle(payA).result()).toBe('paid');
      const instructions = await db
        .selectFrom('payment_instructions')
        .selectAll()
        .where('payout_id', 'in', [payA, payoutWorkflowId('evaluation', ids.d!)])
        .orderBy('amount', 'desc')
        .execute();
      expect(instructions.map((i) => Number(i.amount))).toEqual([500_000, 300_000]);
      expect(payments.calls()).toBeGreaterThanOrEqual(3); // the first call failed after writing and was retried
      expect(
        await db.selectFrom('payouts').select(['status', 'amount']).where('id', '=', payA).executeTakeFirstOrThrow(),
      ).toEqual({ status: 'paid', amount: '500000' });

      // 合格 with findings: a rectification plan, accepted by a reviewer
      await drive.complete(ids.b!, 'rectification_plan', b.user, {
        decision: 'approve',
        comment: '整改方案',
        payload: { measures: '建立档案管理制度，专人负责', completeBy: '2022-06-30' },
      });
      await drive.complete(ids.b!, 'rectification_review', who.reviewer!, {
        decision: 'approve',
        comment: '接受整改方案',
      });
      await expect.poll(async () => (await evaluationRow(ids.b!)).status, { timeout: 10_000 }).toBe('closed');

      // 不合格: revocation; the sub-center states its case, the Provincial Center still revokes
      const revocationId = revocationWorkflowId(c.id);
      await drive.complete(revocationId, 'statement', c.user, {
        decision: 'approve',
        comment: '陈述申辩',
        payload: { statement: '因系统故障未能按时提交自评报告' },
      });
      await drive.complete(revocationId, 'revocation_decision', who.reviewer!, {
        decision: 'approve',
        comment: '评价不合格，撤销分中心资质',
      });
      // the decision is published for 5 working days (公示) before it takes effect; the sub-center stays on the
      // roster meanwhile (the time after it is covered by the revocations on their own: this server no longer
      // skips time once a child outlives its closed parent)
      await expect
        .poll(
          async () =>
            (await db.selectFrom('revocations').select('status').where('id', '=', revocationId).executeTakeFirst())
              ?.status,
          { timeout: 15_000 },
        )
        .toBe('public_notice');
      const roster = await db
        .selectFrom('sub_centers')
        .select(['status'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(roster).toEqual({ status: 'active' });
      const notice = await db
        .selectFrom('notices')
        .selectAll()
        .where('case_id', '=', revocationId)
        .executeTakeFirstOrThrow();
      expect(notice).toMatchObject({ kind: 'revocation', status: 'open' });
      expect(notice.items).toEqual([expect.objectContaining({ result: '拟撤销分中心资格' })]);
      expect(await auditActions(revocationId)).toEqual([
        'revocation.notified',
        'revocation.statement_filed',
        'revocation.approved_for_notice',
        'notice.published',
      ]);
      expect((await auditActions(ids.c!)).slice(0, 2)).toEqual(['evaluation.opened', 'evaluation.self_report_missed']);
    });
  });
});
