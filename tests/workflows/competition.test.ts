/** The open competition (揭榜挂帅) end to end in seconds on the time-skipping server, real activities. */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import type { CompetitionTaskInput } from '../../domain/competition.js';
import type { Actor } from '../../domain/roles.js';
import {
  competition,
  competitionCreated,
  competitionWorkflowId,
  editCompetitionTask,
  publishCompetitionTask,
  submitBid,
} from '../../workflows/competition.js';
import { payoutWorkflowId } from '../../workflows/payout.js';
import { buildCompetitionTask } from '../support/builders.js';
import { insertSubCenter, taskDriver, testUser } from '../support/evaluationDriver.js';
import { actor } from '../support/stack.js';
import { crashOnceAfterPayment, startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

const TASK_QUEUE = 'competition-test';
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
  who.center = await actor(db, 'province_reviewer');
  who.expert1 = await actor(db, 'expert1');
  who.expert2 = await testUser(db, 'expert_comp_two', ['expert']);
  who.expertFs = await testUser(db, 'expert_foshan', ['expert'], '佛山');
  who.finance = await actor(db, 'finance1');
}, 120_000);
afterAll(() => stack?.close());

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
}
const actions = async (caseId: string) =>
  (await db.selectFrom('audit_log').select('action').where('case_id', '=', caseId).orderBy('id').execute()).map(
    (r) => r.action,
  );
const subRef = (
  s: Awaited<ReturnType<typeof insertSubCenter>>,
  extra: { name: string; city: string; system: string; category: string; status?: string },
) => ({ id: s.id, organizationId: s.organizationId, status: 'active', ...extra }) as never;

async function draft(over: Partial<CompetitionTaskInput> = {}) {
  const taskId = randomUUID();
  const now = await env.currentTimeMs();
  const data = buildCompetitionTask(now, over);
  const handle = await env.client.workflow.start(competition, {
    workflowId: competitionWorkflowId(taskId),
    taskQueue: TASK_QUEUE,
    args: [{ taskId, data, createdBy: { id: 'c', name: '省级中心' } }],
  });
  await handle.executeUpdate(competitionCreated);
  return handle;
}

describe('open competition (time-skipping)', { shuffle: false }, () => {
  // First: after a finished competition (its payout outlives it), the Java time-skipping server stops skipping for sleeps.
  it('closes a task with no bid as unawarded when the window closes', async () => {
    const handle = await draft({ title: '无人揭榜的任务' });
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.center! }] });
    await env.sleep('11 days');
    expect(await handle.result()).toBe('unawarded');
    expect(await actions(handle.workflowId)).toEqual([
      'competition.drafted',
      'competition.published',
      'competition.closed_unawarded',
    ]);
  });

  it('runs publish → bids → scoring → award → milestones → acceptance → payout, paid once across a retried payment', async () => {
    const gz = await insertSubCenter(db, {
      name: '揭榜广州中心',
      city: '广州',
      admittedAt: '2025-01-01T00:00:00+08:00',
    });
    const fs = await insertSubCenter(db, {
      name: '揭榜佛山中心',
      city: '佛山',
      category: 'industrial',
      admittedAt: '2025-01-01T00:00:00+08:00',
    });
    const bank = await insertSubCenter(db, {
      name: '揭榜银行',
      system: 'financial',
      category: 'bank',
      admittedAt: '2025-01-01T00:00:00+08:00',
    });
    const revoked = await insertSubCenter(db, { name: '已撤销中心', admittedAt: '2025-01-01T00:00:00+08:00' });
    const handle = await draft();
    const id = handle.workflowId;

    const bidEarly = {
      actor: gz.user,
      subCenter: subRef(gz, { name: '揭榜广州中心', city: '广州', system: 'tech_service', category: 'comprehensive' }),
      bid: { plan: '银企对接', team: '8人', requestedAmount: 600_000 },
    };
    expect((await refusal(handle.executeUpdate(submitBid, { args: [bidEarly] }))).type).toBe('conflict'); // not yet published
    expect(
      (
        await refusal(
          handle.executeUpdate(editCompetitionTask, { args: [{ actor: gz.user, changes: { winners: 2 } }] }),
        )
      ).type,
    ).toBe('forbidden');
    await handle.executeUpdate(editCompetitionTask, {
      args: [{ actor: who.center!, changes: { goal: '新增首贷户 500 家' } }],
    });
    await handle.executeUpdate(publishCompetitionTask, { args: [{ actor: who.center! }] });
    expect(
      (
        await refusal(
          handle.executeUpdate(editCompetitionTask, { args: [{ actor: who.center!, changes: { winners: 2 } }] }),
        )
      ).type,
    ).toBe('conflict');

    const gzBid = await handle.executeUpdate(submitBid, { args: [bidEarly] });
    expect((await refusal(handle.executeUpdate(submitBid, { args: [bidEarly] }))).message).toContain('只能揭榜一次');
    expect(
      (
        await refusal(
          handle.executeUpdate(submitBid, {
            args: [
              {
                ...bidEarly,
                actor: bank.user,
                subCenter: subRef(bank, { name: '揭榜银行', city: '广州', system: 'financial', category: 'bank' }),
              },
            ],
          }),
        )
      ).type,
    ).toBe('forbidden');
    expect(
      (
        await refusal(
          handle.executeUpdate(submitBid, {
            args: [
              {
                ...bidEarly,
                actor: revoked.user,
                subCenter: subRef(revoked, {
                  name: '已撤销中心',
                  city: '广州',
                  system: 'tech_service',
                  category: 'comprehensive',
                  status: 'revoked',
                }),
              },
            ],
          }),
        )
      ).message,
    ).toContain('撤销');
    expect(
      (
        await refusal(
          handle.executeUpdate(submitBid, {
            args: [
              {
                ...bidEarly,
                actor: fs.user,
                subCenter: subRef(fs, {
                  name: '揭榜佛山中心',
                  city: '佛山',
                  system: 'tech_service',
                  category: 'industrial',
                }),
                bid: { plan: 'x', team: 'y', requestedAmount: 2_000_000 },
              },
            ],
          }),
        )
      ).type,
    ).toBe('validation');
    const fsBid = await handle.executeUpdate(submitBid, {
      args: [
        {
          ...bidEarly,
          actor: fs.user,
          subCenter: subRef(fs, { name: '揭榜佛山中心', city: '佛山', system: 'tech_service', category: 'industrial' }),
          bid: { plan: '产业链金融', team: '6人', requestedAmount: 500_000 },
        },
      ],
    });

    await env.sleep('11 days'); // the window closes
    const late = await insertSubCenter(db, { name: '迟到中心', admittedAt: '2025-01-01T00:00:00+08:00' });
    expect(
      (
        await refusal(
          handle.executeUpdate(submitBid, {
            args: [
              {
                ...bidEarly,
                actor: late.user,
                subCenter: subRef(late, {
                  name: '迟到中心',
                  city: '广州',
                  system: 'tech_service',
                  category: 'comprehensive',
                }),
              },
            ],
          }),
        )
      ).message,
    ).toContain('不在揭榜期内');
    await expect.poll(async () => (await drive.openTasks(id, 'bid_scoring')).length, { timeout: 10_000 }).toBe(4);

    // scoring: the 佛山 expert may not score the 佛山 bid
    const scoringTasks = await drive.openTasks(id, 'bid_scoring');
    const fsTask = scoringTasks.find((t) => t.title.includes('佛山'))!;
    const complete = (taskId: string, a: Actor, n: number) =>
      env.client.workflow.getHandle(id).executeUpdate('completeTask', {
        args: [
          {
            taskId,
            actor: a,
            decision: {
              decision: 'approve',
              comment: '评分',
              noConflict: true,
              payload: { feasibility: n, capability: n, value: n },
            },
          },
        ],
      });
    expect((await refusal(complete(fsTask.id, who.expertFs!, 90))).type).toBe('forbidden');
    for (const t of scoringTasks) {
      const first = scoringTasks.filter((x) => x.title === t.title)[0]!.id === t.id;
      await complete(t.id, first ? who.expert1! : who.expert2!, t.title.includes('广州') ? 88 : 80);
    }
    await expect.poll(async () => (await drive.openTasks(id, 'award')).length, { timeout: 10_000 }).toBe(1);
    const ranking = (await db.selectFrom('bids').select(['id', 'body']).where('competition_id', '=', id).execute()).map(
      (b) => [(b.body as { subCenter: { name: string } }).subCenter.name, (b.body as { score: number }).score],
    );
    expect(ranking).toEqual(
      expect.arrayContaining([
        ['揭榜广州中心', 88],
        ['揭榜佛山中心', 80],
      ]),
    );

    // award: at most one winner; the winner's request fits the budget
    expect(
      (
        await refusal(
          drive.complete(id, 'award', who.center!, {
            decision: 'approve',
            comment: '评定',
            payload: { winners: [gzBid.id, fsBid.id], reasons: '两家' },
          }),
        )
      ).type,
    ).toBe('validation');
    await drive.complete(id, 'award', who.center!, {
      decision: 'approve',
      comment: '评定',
      payload: { winners: [gzBid.id], reasons: '综合得分第一' },
    });
    expect(
      (await db.selectFrom('bids').select('status').where('id', '=', fsBid.id).executeTakeFirstOrThrow()).status,
    ).toBe('lost');
    // the award is published for 5 working days (公示) before the task agreement
    const status = async () =>
      (await db.selectFrom('competition_tasks').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe('public_notice');
    const notice = await db.selectFrom('notices').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(notice.items.map((i) => i.orgName)).toEqual(['揭榜广州中心']);
    // to the end of the period (working days: holidays lengthen it)
    await env.sleep(new Date(notice.ends_at).getTime() - (await env.currentTimeMs()) + 60_000);
    await expect.poll(status, { timeout: 10_000 }).toBe('in_progress');

    // milestones: the first on time, the second overdue (reminder, escalation), returned once
    await drive.complete(id, 'milestone_report', gz.user, {
      decision: 'approve',
      comment: '中期',
      payload: { progress: '已服务 260 家', deliverables: '中期报告' },
    });
    await drive.complete(id, 'milestone_review', who.center!, { decision: 'approve', comment: '通过' });
    await expect.poll(async () => (await drive.openTasks(id, 'milestone_report')).length, { timeout: 10_000 }).toBe(1);
    await env.sleep('100 days');
    await expect
      .poll(async () => (await actions(id)).filter((a) => a === 'task.overdue_reminder' || a === 'task.escalated'), {
        timeout: 10_000,
      })
      .toEqual(['task.overdue_reminder', 'task.escalated']);
    await drive.complete(id, 'milestone_report', gz.user, {
      decision: 'approve',
      comment: '年度',
      payload: { progress: '服务 520 家', deliverables: '年度总结' },
    });
    await drive.complete(id, 'milestone_review', who.center!, { decision: 'return', comment: '请补充企业名单' });
    // reopened after its due date, the report is overdue at once: reminded, then escalated again.
    // (Let both timers fire first: the time-skipping server refuses a task that cancels a timer which
    // fired while the worker held it, temporalio/sdk-java#3088.)
    await expect
      .poll(async () => (await actions(id)).filter((a) => a === 'task.escalated').length, { timeout: 10_000 })
      .toBe(2);
    await drive.complete(id, 'milestone_report', gz.user, {
      decision: 'approve',
      comment: '补充',
      payload: { progress: '服务 520 家', deliverables: '年度总结 + 企业名单' },
    });
    await drive.complete(id, 'milestone_review', who.center!, { decision: 'approve', comment: '通过' });

    // acceptance passed with conditions: 80 % of the agreed amount
    await drive.complete(id, 'acceptance', who.center!, {
      decision: 'approve',
      comment: '基本完成',
      payload: { result: 'passed_with_conditions' },
    });
    const payoutId = payoutWorkflowId('competition', gzBid.id);
    await expect
      .poll(async () => (await drive.openTasks(payoutId, 'payout_approval')).length, { timeout: 10_000 })
      .toBe(1);
    await drive.complete(payoutId, 'payout_approval', who.finance!, { decision: 'approve', comment: '同意' });
    expect(await env.client.workflow.getHandle(payoutId).result()).toBe('paid');
    expect(await handle.result()).toBe('closed');
    const paid = await db
      .selectFrom('payment_instructions')
      .select(['amount', 'budget_key'])
      .where('payout_id', '=', payoutId)
      .execute();
    expect(paid).toEqual([{ amount: '480000', budget_key: id }]);
    expect(payments.calls()).toBe(2);
  });
});
