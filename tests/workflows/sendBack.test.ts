/**
 * 退回 and 撤回 outside admission, on the time-skipping server with the real activities: the
 * on-site assessment sends an evaluation back to a review step, the award sends bids back to the
 * expert panel, 验收 sends a winner back for a new report, the revocation decision asks for a
 * further statement; a sub-center recalls its self-report or statement while nobody has acted.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { type CompetitionTaskInput, DEFAULT_COMPETITION_RULES } from '../../domain/competition.js';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import type { Actor } from '../../domain/roles.js';
import { caseForecast, claimTask, completeTask, taskActions, urgeTask } from '../../workflows/approvalUpdates.js';
import {
  type CompetitionInput,
  competition,
  competitionCreated,
  competitionWorkflowId,
  publishCompetitionTask,
  submitBid,
} from '../../workflows/competition.js';
import { evaluation, evaluationWorkflowId } from '../../workflows/evaluation.js';
import { payout } from '../../workflows/payout.js';
import { recallSubmission } from '../../workflows/recall.js';
import { revocation, revocationWorkflowId } from '../../workflows/revocation.js';
import { buildCompetitionTask, buildPayout, buildRevocation } from '../support/builders.js';
import {
  expertScores,
  figuresAt,
  insertSubCenter,
  narratives,
  taskDriver,
  testUser,
} from '../support/evaluationDriver.js';
import { actor } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

/** The start options of a built revocation on this file's queue. */
const revocationStart = (r: ReturnType<typeof buildRevocation>) => ({
  workflowId: r.workflowId,
  taskQueue: TASK_QUEUE,
  args: [r.input] as [typeof r.input],
});
const TASK_QUEUE = 'send-back-test';
let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
let drive: ReturnType<typeof taskDriver>;
const who: Record<string, Actor> = {};

beforeAll(async () => {
  stack = await startTimeSkipping(TASK_QUEUE);
  ({ env, db } = stack);
  drive = taskDriver(db, env.client);
  who.reviewer = await actor(db, 'province_reviewer');
  who.expert1 = await actor(db, 'expert1');
  who.expert2 = await testUser(db, 'expert_send_back', ['expert']);
}, 120_000);
afterAll(() => stack?.close());

const actions = async (caseId: string) =>
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
const dueOf = async (caseId: string, step: string) =>
  (await drive.openTasks(caseId, step)).map((t) => new Date(t.due_at).toISOString());
/** The due date of the step's one open task, once it is open. */
async function openDue(caseId: string, step: string) {
  await expect.poll(async () => (await drive.openTasks(caseId, step)).length, { timeout: 10_000 }).toBe(1);
  return (await dueOf(caseId, step))[0];
}
/**
 * Lets the skipped clock run, two days at a time, until `ready`: a period of working days stretches
 * over 春节 or 国庆 wherever the shared clock stands when a test runs.
 */
async function sleepUntil(ready: () => Promise<boolean>) {
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 300));
    if (await ready()) return;
    await env.sleep('2 days');
  }
  throw new Error('the awaited step never opened');
}
const opens = (caseId: string, step: string, n: number) => async () =>
  (await drive.openTasks(caseId, step)).length === n;
const scoring = (n: number) => ({ decision: 'approve' as const, comment: '评分', noConflict: true, payload: n });

async function startEvaluation(name: string) {
  const sc = await insertSubCenter(db, { name, admittedAt: '2025-01-05T00:00:00+08:00' });
  const subCenter = {
    id: sc.id,
    name,
    organizationId: sc.organizationId,
    city: '广州',
    system: 'tech_service' as const,
    category: 'comprehensive',
    admittedAt: '2025-01-05T00:00:00+08:00',
  };
  const id = evaluationWorkflowId(sc.id, 2025);
  await env.client.workflow.start(evaluation, {
    workflowId: id,
    taskQueue: TASK_QUEUE,
    args: [{ roundId: 'round-send-back', year: 2025, subCenter, rules: DEFAULT_EVALUATION_RULES, ruleVersion: 0 }],
  });
  const selfReport = (figures: number) =>
    drive.complete(id, 'self_report', sc.user, {
      decision: 'approve',
      comment: '自评',
      payload: { figures: figuresAt(figures), narratives },
    });
  return { sc, id, handle: env.client.workflow.getHandle(id), selfReport };
}
async function panelScores(id: string, a: number, b: number) {
  const s = (n: number) => ({ ...scoring(n), payload: expertScores(n) });
  await drive.complete(id, 'expert_scoring', who.expert1!, s(a));
  await drive.complete(id, 'expert_scoring', who.expert2!, s(b));
}

/** A sub-center of `city` that bids, with its name. */
const bidder = async (name: string, city: string) => ({
  name,
  city,
  ...(await insertSubCenter(db, { name, city, admittedAt: '2025-01-01T00:00:00+08:00' })),
});
/** A drafted competition on this file's queue, its bid window closing in five days. */
async function draftedCompetition(over: Partial<CompetitionTaskInput>, rules?: CompetitionInput['rules']) {
  const taskId = randomUUID();
  const now = await env.currentTimeMs();
  const data = buildCompetitionTask(now, { bidDeadline: new Date(now + 5 * 86_400_000).toISOString(), ...over });
  const id = competitionWorkflowId(taskId);
  const handle = await env.client.workflow.start(competition, {
    workflowId: id,
    taskQueue: TASK_QUEUE,
    args: [{ taskId, data, createdBy: { id: 'c', name: '省级中心' }, ...(rules && { rules }) }],
  });
  await handle.executeUpdate(competitionCreated);
  return { id, handle, data };
}
/** A bid of `sc` on the competition. */
const bidOf = (
  handle: Awaited<ReturnType<typeof draftedCompetition>>['handle'],
  sc: Awaited<ReturnType<typeof bidder>>,
  requestedAmount: number,
) =>
  handle.executeUpdate(submitBid, {
    args: [
      {
        actor: sc.user,
        subCenter: {
          id: sc.id,
          organizationId: sc.organizationId,
          status: 'active',
          name: sc.name,
          city: sc.city,
          system: 'tech_service',
          category: 'comprehensive',
        },
        bid: { plan: '实施方案', team: '5人', requestedAmount },
      },
    ],
  });

describe('退回 and 撤回 beyond admission (time-skipping)', () => {
  it("scores bids by the competition rule set's criteria, offered to the experts by the engine; a bidder urges only its own bid's steps", async () => {
    const gz = await bidder('评分标准中心', '广州');
    const sz = await bidder('另一揭榜中心', '深圳');
    const bidCriteria = [
      { key: 'plan', label: '实施方案', max: 60 },
      { key: 'team', label: '团队能力', max: 40 },
    ];
    const { id, handle } = await draftedCompetition(
      { title: '评分标准任务' },
      { ...DEFAULT_COMPETITION_RULES, version: 9, bidCriteria },
    );
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.reviewer! }] });
    const bid = await bidOf(handle, gz, 200_000);
    await bidOf(handle, sz, 100_000);
    await env.sleep('6 days');
    await expect.poll(async () => (await drive.openTasks(id, 'bid_scoring')).length, { timeout: 10_000 }).toBe(4);
    const seat = (await drive.openTasks(id, 'bid_scoring')).find((t) => t.title.includes('评分标准中心'));
    // 催办 of this bid's scoring: its bidder may, another bidder may not
    const urge = (a: Actor) =>
      handle.executeUpdate(urgeTask, { args: [{ taskId: seat!.id, actor: a, comment: '请评分' }] });
    expect((await refusal(urge(sz.user))).type).toBe('forbidden');
    await urge(gz.user);
    const form = (await handle.query(taskActions, { taskId: seat!.id, actor: who.expert1! })).find(
      (a) => a.action === 'complete',
    )!.fields;
    expect(form.filter((f) => f.name.startsWith('payload.')).map((f) => [f.name, f.label!.zh, f.max])).toEqual([
      ['payload.plan', '实施方案（0–60 分）', 60],
      ['payload.team', '团队能力（0–40 分）', 40],
    ]);
    // a score past a criterion's points is refused on its field
    expect(
      (
        await refusal(
          drive.complete(id, 'bid_scoring', who.expert1!, { ...scoring(0), payload: { plan: 70, team: 30 } }),
        )
      ).type,
    ).toBe('validation');
    // each bid's two seats: one expert gives 90, the other 70 (a mean of 80)
    const seats = await drive.openTasks(id, 'bid_scoring');
    for (const t of seats) {
      const first = seats.find((x) => x.title === t.title)!.id === t.id;
      await handle.executeUpdate(completeTask, {
        args: [
          {
            taskId: t.id,
            actor: first ? who.expert1! : who.expert2!,
            decision: { ...scoring(0), payload: first ? { plan: 54, team: 36 } : { plan: 42, team: 28 } },
          },
        ],
      });
    }
    await expect.poll(async () => (await drive.openTasks(id, 'award')).length, { timeout: 10_000 }).toBe(1);
    const scored = (await db.selectFrom('bids').select('body').where('id', '=', bid.id).executeTakeFirstOrThrow())
      .body as {
      score: number;
    };
    expect(scored.score).toBe(80);
  });

  it('an expert sends a bid back to its bidder, who revises it and the panel scores it afresh; a bid not revised in time stands', async () => {
    const gz = await bidder('修改方案中心', '广州');
    const sz = await bidder('方案照旧中心', '深圳');
    const { id, handle } = await draftedCompetition({ title: '退回揭榜方案任务', budget: 400_000 });
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.reviewer! }] });
    const gzBid = await bidOf(handle, gz, 300_000);
    const szBid = await bidOf(handle, sz, 200_000);
    await env.sleep('6 days');
    await expect.poll(async () => (await drive.openTasks(id, 'bid_scoring')).length, { timeout: 10_000 }).toBe(4);
    const seatOf = async (name: string) =>
      (await drive.openTasks(id, 'bid_scoring')).filter((t) => t.title.includes(name));
    const decide = (taskId: string, a: Actor, decision: Parameters<typeof scoring>[0] | object) =>
      handle.executeUpdate(completeTask, {
        args: [
          {
            taskId,
            actor: a,
            decision:
              typeof decision === 'number'
                ? { ...scoring(0), payload: { feasibility: decision, capability: decision, value: decision } }
                : (decision as never),
          },
        ],
      });
    // the expert's choices on a bid include 退回 to its bidder
    const [first] = await seatOf('修改方案中心');
    const offered = await handle.query(taskActions, { taskId: first!.id, actor: who.expert1! });
    expect(offered.map((a) => a.action)).toContain('return');
    await decide(first!.id, who.expert1!, {
      decision: 'return',
      toStep: 'applicant',
      comment: '请说明团队构成与预算依据',
    });
    // the bid's other seat closes; its bidder revises, the other bidder never sees the step
    await expect.poll(async () => (await seatOf('修改方案中心')).length, { timeout: 10_000 }).toBe(0);
    const [revision] = await drive.openTasks(id, 'bid_revision');
    expect([revision!.organization_id, revision!.party]).toEqual([gz.organizationId, gz.organizationId]);
    // the bid as it stands, offered to revise
    const asItStands = (await handle.query(taskActions, { taskId: revision!.id, actor: gz.user }))
      .find((a) => a.action === 'complete')!
      .fields.filter((f) => f.name.startsWith('payload.'))
      .map((f) => [f.name, f.value]);
    expect(asItStands).toEqual([
      ['payload.plan', '实施方案'],
      ['payload.team', '5人'],
      ['payload.requestedAmount', 300_000],
    ]);
    expect(
      (await refusal(drive.complete(id, 'bid_revision', sz.user, { decision: 'approve', comment: 'x' }))).type,
    ).toBe('forbidden');
    const revise = (requestedAmount: number) =>
      drive.complete(id, 'bid_revision', gz.user, {
        decision: 'approve',
        comment: '已补充',
        payload: { plan: '修改后的实施方案', team: '8人，含2名注册会计师', requestedAmount },
      });
    const over = await refusal(revise(500_000));
    expect([over.type, over.message]).toEqual(['validation', expect.stringContaining('预算')]);
    await revise(250_000);
    await expect.poll(async () => (await seatOf('修改方案中心')).length, { timeout: 10_000 }).toBe(2);
    const revised = (await db.selectFrom('bids').select('body').where('id', '=', gzBid.id).executeTakeFirstOrThrow())
      .body as { requestedAmount: number; plan: string; scores: unknown[] };
    expect([revised.requestedAmount, revised.plan, revised.scores]).toEqual([250_000, '修改后的实施方案', []]);

    // the other bid is sent back too, and its bidder lets the five working days pass
    const [szSeat] = await seatOf('方案照旧中心');
    await decide(szSeat!.id, who.expert2!, { decision: 'return', toStep: 'applicant', comment: '请补充团队' });
    await expect.poll(async () => (await drive.openTasks(id, 'bid_revision')).length, { timeout: 10_000 }).toBe(1);
    // five working days pass
    await sleepUntil(async () => (await seatOf('方案照旧中心')).length === 2);
    const stands = (await db.selectFrom('bids').select('body').where('id', '=', szBid.id).executeTakeFirstOrThrow())
      .body as { requestedAmount: number; plan: string };
    expect([stands.requestedAmount, stands.plan]).toEqual([200_000, '实施方案']);
    // every seat scores; the award opens with both bids scored afresh
    const seats = await drive.openTasks(id, 'bid_scoring');
    for (const t of seats)
      await decide(t.id, seats.find((x) => x.title === t.title)!.id === t.id ? who.expert1! : who.expert2!, 80);
    await expect.poll(async () => (await drive.openTasks(id, 'award')).length, { timeout: 10_000 }).toBe(1);
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['competition.bid_returned', 'competition.bid_revised', 'competition.bid_stands']),
    );
  });

  it('a winner recalls its milestone report while the review is untouched, keeping the due date; once it passes, the report stands', async () => {
    const gz = await bidder('撤回报告中心', '广州');
    const sz = await bidder('另一中标中心', '深圳');
    const { id, handle } = await draftedCompetition({
      title: '撤回里程碑报告任务',
      winners: 2,
      budget: 600_000,
      milestones: [{ title: '中期报告', workingDays: 20 }],
    });
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.reviewer! }] });
    const bids = [await bidOf(handle, gz, 300_000), await bidOf(handle, sz, 200_000)];
    await env.sleep('6 days');
    await expect.poll(async () => (await drive.openTasks(id, 'bid_scoring')).length, { timeout: 10_000 }).toBe(4);
    const seats = await drive.openTasks(id, 'bid_scoring');
    for (const t of seats)
      await handle.executeUpdate(completeTask, {
        args: [
          {
            taskId: t.id,
            actor: seats.find((x) => x.title === t.title)!.id === t.id ? who.expert1! : who.expert2!,
            decision: { ...scoring(0), payload: { feasibility: 80, capability: 80, value: 80 } },
          },
        ],
      });
    await drive.complete(id, 'award', who.reviewer!, {
      decision: 'approve',
      comment: '评定',
      payload: { winners: bids.map((b) => b.id), reasons: '两家均达标' },
    });
    // the 公示 ends: each winner's first milestone report opens
    await sleepUntil(opens(id, 'milestone_report', 2));
    const reportOf = async (sc: { organizationId: string | null }) =>
      (await drive.openTasks(id, 'milestone_report')).find((t) => t.organization_id === sc.organizationId);
    const due = new Date((await reportOf(gz))!.due_at).toISOString();
    const file = async (progress: string) =>
      handle.executeUpdate(completeTask, {
        args: [
          {
            taskId: (await reportOf(gz))!.id,
            actor: gz.user,
            decision: { decision: 'approve', comment: '报告', payload: { progress, deliverables: '报告' } },
          },
        ],
      });
    const recall = (a: Actor) => handle.executeUpdate(recallSubmission, { args: [{ actor: a }] });
    await file('服务 10 家');
    await expect.poll(async () => (await drive.openTasks(id, 'milestone_review')).length, { timeout: 10_000 }).toBe(1);
    // the other winner has filed nothing: nothing of its own to recall
    expect((await refusal(recall(sz.user))).message).toContain('没有可撤回');
    await recall(gz.user);
    expect(await drive.openTasks(id, 'milestone_review')).toEqual([]);
    expect(new Date((await reportOf(gz))!.due_at).toISOString()).toBe(due);
    await file('服务 12 家，附名单');
    await expect.poll(async () => (await drive.openTasks(id, 'milestone_review')).length, { timeout: 10_000 }).toBe(1);
    // recalled again and left: at the due date the report filed stands and goes to its review
    await recall(gz.user);
    await sleepUntil(opens(id, 'milestone_review', 1));
    const [review] = await drive.openTasks(id, 'milestone_review');
    expect(review!.party).toBe(gz.organizationId);
    expect((await refusal(recall(gz.user))).message).toContain('没有可撤回');
    const body = (await db.selectFrom('bids').select('body').where('id', '=', bids[0]!.id).executeTakeFirstOrThrow())
      .body as { agreement: { milestones: { report: string; status: string }[] } };
    expect(body.agreement.milestones[0]).toMatchObject({ report: '服务 12 家，附名单', status: 'reported' });
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['competition.milestone_report_recalled', 'competition.recalled_report_stands']),
    );
  });

  it('an on-site assessment sends the evaluation back to its expert panel, whose new scores alone count', async () => {
    const { id, selfReport } = await startEvaluation('现场退回中心');
    await selfReport(1);
    await drive.complete(id, 'written_review', who.reviewer!, { decision: 'approve', comment: '材料完整' });
    await panelScores(id, 30, 30);
    const [onsite] = await drive.openTasks(id, 'onsite');
    const offered = await env.client.workflow
      .getHandle(id)
      .query(taskActions, { taskId: onsite!.id, actor: who.reviewer! });
    const toStep = offered.find((a) => a.action === 'return')!.fields.find((f) => f.name === 'toStep')!;
    expect(toStep.options!.map((o) => o.label.zh)).toEqual(['书面审核', '专家评分']);
    await drive.complete(id, 'onsite', who.reviewer!, {
      decision: 'return',
      toStep: 'expert_scoring',
      comment: '专家评分与现场所见不符，请重新评分',
    });
    await expect.poll(async () => (await drive.openTasks(id, 'expert_scoring')).length, { timeout: 10_000 }).toBe(2);
    await panelScores(id, 90, 80);
    await drive.complete(id, 'onsite', who.reviewer!, {
      decision: 'approve',
      comment: '现场评估完成',
      payload: { reportHeard: true, siteInspected: true, staffInterviewed: true, findings: '' },
    });
    await expect
      .poll(
        async () =>
          (await db.selectFrom('evaluations').select('status').where('id', '=', id).executeTakeFirst())?.status,
      )
      .toBe('scored');
    const body = (await db.selectFrom('evaluations').select('body').where('id', '=', id).executeTakeFirstOrThrow())
      .body as { expertScores: { operations: number }[]; score: { qualitative: number } };
    expect(body.expertScores.map((s) => s.operations)).toEqual([90, 80]);
    expect(await actions(id)).toContain('evaluation.returned_to_step');
    expect((await actions(id)).filter((a) => a === 'evaluation.expert_scored')).toHaveLength(4);
  });

  it('an on-site assessment sends the evaluation back to the written review, and the path runs again from there', async () => {
    const { id, selfReport } = await startEvaluation('书面退回中心');
    await selfReport(1);
    await drive.complete(id, 'written_review', who.reviewer!, { decision: 'approve', comment: '材料完整' });
    await panelScores(id, 70, 70);
    await drive.complete(id, 'onsite', who.reviewer!, {
      decision: 'return',
      toStep: 'written_review',
      comment: '自评数据与台账不一致，请复核',
    });
    await drive.complete(id, 'written_review', who.reviewer!, { decision: 'approve', comment: '复核无误' });
    await expect.poll(async () => (await drive.openTasks(id, 'expert_scoring')).length, { timeout: 10_000 }).toBe(2);
    expect(
      (await db.selectFrom('evaluations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    ).toBe('expert_scoring');
  });

  it('a sub-center recalls its self-report while the written review is untouched, keeping the first due date; not once claimed', async () => {
    const { sc, id, handle, selfReport } = await startEvaluation('撤回自评中心');
    const due = await openDue(id, 'self_report');
    await selfReport(0.5);
    await expect.poll(async () => (await drive.openTasks(id, 'written_review')).length).toBe(1);
    // someone else's 撤回 is refused
    expect((await refusal(handle.executeUpdate(recallSubmission, { args: [{ actor: who.reviewer! }] }))).type).toBe(
      'forbidden',
    );
    const back = (await handle.executeUpdate(recallSubmission, { args: [{ actor: sc.user }] })) as { status: string };
    expect(back.status).toBe('self_report');
    expect(await drive.openTasks(id, 'written_review')).toEqual([]);
    expect(await dueOf(id, 'self_report')).toEqual([due]);
    expect(await actions(id)).toContain('evaluation.self_report_recalled');

    await selfReport(0.9);
    const [review] = await drive.openTasks(id, 'written_review');
    await handle.executeUpdate(claimTask, { args: [{ taskId: review!.id, actor: who.reviewer! }] });
    const refused = await refusal(handle.executeUpdate(recallSubmission, { args: [{ actor: sc.user }] }));
    expect(refused.type).toBe('conflict');
    expect(refused.message).toContain('已有人认领或处理');
  });

  it('the revocation decision asks for a further statement (a new period); a statement is recalled within its period only', async () => {
    const sc = await insertSubCenter(db, { name: '补充陈述中心', admittedAt: '2025-02-01T00:00:00+08:00' });
    const id = revocationWorkflowId(sc.id);
    const handle = await env.client.workflow.start(revocation, {
      ...revocationStart(buildRevocation(sc, '补充陈述中心', '服务数据存疑')),
    });
    const state = (text: string) =>
      drive.complete(id, 'statement', sc.user, { decision: 'approve', comment: '陈述', payload: { statement: text } });
    const firstDue = await openDue(id, 'statement');
    await state('数据来自第三方系统');
    await expect.poll(async () => (await drive.openTasks(id, 'revocation_decision')).length).toBe(1);
    // recalled: the statement period reopens with its own due date
    await handle.executeUpdate(recallSubmission, { args: [{ actor: sc.user, comment: '补充附件' }] });
    expect(await dueOf(id, 'statement')).toEqual([firstDue]);
    await state('数据来自第三方系统，附对账单');
    // 退回: a further statement, due ten working days after the return
    const before = await env.currentTimeMs();
    await drive.complete(id, 'revocation_decision', who.reviewer!, {
      decision: 'return',
      comment: '请补充说明 2025 年第三季度数据来源',
    });
    await expect.poll(async () => (await drive.openTasks(id, 'statement')).length, { timeout: 10_000 }).toBe(1);
    const [secondDue] = await dueOf(id, 'statement');
    expect(Date.parse(secondDue!)).toBeGreaterThan(before + 10 * 86_400_000);
    await state('第三季度数据来自银行流水');
    // the statement period is over: a recall now is refused
    await env.sleep(Date.parse(secondDue!) - (await env.currentTimeMs()) + 86_400_000);
    const refused = await refusal(handle.executeUpdate(recallSubmission, { args: [{ actor: sc.user }] }));
    expect(refused.message).toContain('期限已过');
    await drive.complete(id, 'revocation_decision', who.reviewer!, { decision: 'reject', comment: '说明成立，保留' });
    expect(await handle.result()).toBe('kept');
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['revocation.statement_recalled', 'revocation.returned_for_statement']),
    );
    const body = (await db.selectFrom('revocations').select('body').where('id', '=', id).executeTakeFirstOrThrow())
      .body as { statement: { text: string } };
    expect(body.statement.text).toContain('银行流水');
  });

  it('finance sends a payout back to the Provincial Center, which confirms it; finance then pays, or it is withdrawn', async () => {
    const sc = await insertSubCenter(db, { name: '退回拨付中心', admittedAt: '2025-01-05T00:00:00+08:00' });
    const finance = await actor(db, 'finance1');
    const start = async (key: string) => {
      const { workflowId, input } = buildPayout(sc, '退回拨付中心', {
        amount: 100_000,
        budget: 1_000_000,
        sourceId: key,
      });
      return {
        id: workflowId,
        handle: await env.client.workflow.start(payout, { workflowId, taskQueue: TASK_QUEUE, args: [input] }),
      };
    };
    const paid = await start(`send-back-paid-${randomUUID()}`);
    await drive.complete(paid.id, 'payout_approval', finance, {
      decision: 'return',
      toStep: 'payout_review',
      comment: '金额与评价等次不符，请复核',
    });
    await expect
      .poll(
        async () =>
          (await db.selectFrom('payouts').select('status').where('id', '=', paid.id).executeTakeFirst())?.status,
      )
      .toBe('under_review');
    await drive.complete(paid.id, 'payout_review', who.reviewer!, { decision: 'approve', comment: '复核无误' });
    await drive.complete(paid.id, 'payout_approval', finance, { decision: 'approve', comment: '同意拨付' });
    expect(await paid.handle.result()).toBe('paid');
    expect(await actions(paid.id)).toEqual(
      expect.arrayContaining(['payout.returned', 'payout.confirmed', 'payout.approved', 'payout.paid']),
    );

    const withdrawn = await start(`send-back-withdrawn-${randomUUID()}`);
    await drive.complete(withdrawn.id, 'payout_approval', finance, { decision: 'return', comment: '请核实' });
    await drive.complete(withdrawn.id, 'payout_review', who.reviewer!, {
      decision: 'reject',
      comment: '该笔重复申请，撤回',
    });
    expect(await withdrawn.handle.result()).toBe('rejected');
    expect(await actions(withdrawn.id)).toContain('payout.withdrawn');
  });

  it('forecasts each process to its end: the 公示 and the 复核 window after the steps ahead', async () => {
    const { id, handle, selfReport } = await startEvaluation('预测评价中心');
    await expect
      .poll(async () => (await handle.query(caseForecast)).map((s) => s.step))
      .toEqual(['self_report', 'written_review', 'expert_scoring', 'onsite', 'public_notice', 'review_window']);
    await selfReport(1);
    const evaluationAhead = await handle.query(caseForecast);
    expect(evaluationAhead.map((s) => s.step)).toEqual([
      'written_review',
      'expert_scoring',
      'onsite',
      'public_notice',
      'review_window',
    ]);
    expect(evaluationAhead.find((s) => s.step === 'public_notice')!.period).toEqual({ days: 7, unit: 'calendar' });

    const sc = await insertSubCenter(db, { name: '预测撤销中心', admittedAt: '2025-02-01T00:00:00+08:00' });
    const revoking = await env.client.workflow.start(revocation, {
      ...revocationStart(buildRevocation(sc, '预测撤销中心', '预测')),
    });
    await expect
      .poll(async () => (await revoking.query(caseForecast)).map((s) => s.step))
      .toEqual(['statement', 'revocation_decision', 'public_notice', 'review_window']);
  });

  it('the award sends the bids back to the expert panel; 验收 sends the winner back for a new report', async () => {
    const gz = await bidder('退回揭榜中心', '广州');
    const { id, handle, data } = await draftedCompetition({
      title: '知识产权质押融资攻坚',
      budget: 500_000,
      milestones: [{ title: '年度总结', workingDays: 30 }],
    });
    // from the bid deadline: the panel, the award, its 公示 and 复核 window
    const forecast = await handle.query(caseForecast);
    expect(forecast.map((s) => s.step)).toEqual(['bidding', 'bid_scoring', 'award', 'public_notice', 'review_window']);
    expect(forecast[0]!.dueAt).toBe(data.bidDeadline);
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.reviewer! }] });
    const bid = await bidOf(handle, gz, 300_000);
    await env.sleep('6 days');
    const score = (a: Actor, n: number) =>
      drive.complete(id, 'bid_scoring', a, { ...scoring(n), payload: { feasibility: n, capability: n, value: n } });
    await score(who.expert1!, 60);
    await score(who.expert2!, 62);
    await drive.complete(id, 'award', who.reviewer!, {
      decision: 'return',
      toStep: 'bid_scoring',
      comment: '评分偏差过大，请专家重新评分',
    });
    await expect.poll(async () => (await drive.openTasks(id, 'bid_scoring')).length, { timeout: 10_000 }).toBe(2);
    await score(who.expert1!, 85);
    await score(who.expert2!, 87);
    await expect.poll(async () => (await drive.openTasks(id, 'award')).length, { timeout: 10_000 }).toBe(1);
    const ranked = (await db.selectFrom('bids').select('body').where('id', '=', bid.id).executeTakeFirstOrThrow())
      .body as { score: number; scores: unknown[] };
    expect([ranked.score, ranked.scores.length]).toEqual([86, 2]);
    // the award's form, offered by the engine: the ranked bids in words, at most the task's winners
    const [awardTask] = await drive.openTasks(id, 'award');
    const form = (await handle.query(taskActions, { taskId: awardTask!.id, actor: who.reviewer! })).find(
      (a) => a.action === 'complete',
    )!.fields;
    expect(form.find((f) => f.name === 'payload.winners')).toMatchObject({
      kind: 'choices',
      max: data.winners,
      options: [{ value: bid.id, label: { zh: '退回揭榜中心 · 86 分 · ¥300,000' } }],
    });
    expect(form.find((f) => f.name === 'payload.reasons')).toMatchObject({ kind: 'textarea', required: true });
    await drive.complete(id, 'award', who.reviewer!, {
      decision: 'approve',
      comment: '评定',
      payload: { winners: [bid.id], reasons: '得分最高' },
    });
    await expect
      .poll(
        async () =>
          (await db.selectFrom('competition_tasks').select('status').where('id', '=', id).executeTakeFirst())?.status,
      )
      .toBe('public_notice');
    await sleepUntil(opens(id, 'milestone_report', 1));
    await drive.complete(id, 'milestone_report', gz.user, {
      decision: 'approve',
      comment: '总结',
      payload: { progress: '服务 40 家', deliverables: '总结' },
    });
    await drive.complete(id, 'milestone_review', who.reviewer!, { decision: 'approve', comment: '通过' });
    await drive.complete(id, 'acceptance', who.reviewer!, {
      decision: 'return',
      toStep: 'applicant',
      comment: '请补充企业名单后再验收',
    });
    await drive.complete(id, 'milestone_report', gz.user, {
      decision: 'approve',
      comment: '补充',
      payload: { progress: '服务 40 家，附名单', deliverables: '总结与名单' },
    });
    await drive.complete(id, 'milestone_review', who.reviewer!, { decision: 'approve', comment: '通过' });
    await drive.complete(id, 'acceptance', who.reviewer!, {
      decision: 'approve',
      comment: '未达目标',
      payload: { result: 'failed' },
    });
    expect(await handle.result()).toBe('closed');
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['competition.returned_for_scoring', 'competition.acceptance_returned']),
    );
  });
});
