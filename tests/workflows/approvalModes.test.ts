/**
 * Step modes of the approval engine (会签 / 或签 / 依次, passRatio, whenNobody) on the provincial
 * admission step, configured through the admission rule set, on the time-skipping server with
 * the real activities. Each test configures the step it needs; the rule set of the shared
 * database stays untouched.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { DEFAULT_ADMISSION_RULES } from '../../domain/admissionRules.js';
import { StepConfig, type StepConfigInput } from '../../domain/approval.js';
import type { Actor } from '../../domain/roles.js';
import { admission, applicationCreated, submitApplication } from '../../workflows/admission.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { buildApplication } from '../support/builders.js';
import { testUser } from '../support/evaluationDriver.js';
import { actor } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

const TASK_QUEUE = 'approval-modes-test';
let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
const users: Record<string, Actor> = {};
/** The provincial step each case gets, by organisation name (set before submitting). */
const provincialStep = new Map<string, StepConfig>();
/** The expert step, where a test configures it (the rule set's default otherwise). */
let expertStep: StepConfig | null = null;

beforeAll(async () => {
  stack = await startTimeSkipping(TASK_QUEUE, (real) => ({
    async submissionContext(creditCode: string) {
      const { rules, ...read } = await real.submissionContext(creditCode);
      return {
        ...read,
        rules: {
          ...rules,
          steps: {
            ...DEFAULT_ADMISSION_RULES.steps,
            provincial_review: [...provincialStep.values()].at(-1)!,
            ...(expertStep && { expert_review: expertStep }),
          },
        },
      };
    },
  }));
  ({ env, db } = stack);
  for (const u of ['applicant1', 'province_reviewer', 'province_reviewer2', 'expert1', 'admin'])
    users[u] = await actor(db, u);
}, 120_000);
afterAll(() => stack?.close());

/** A provincial-unit application (straight to provincial review) whose provincial step is `step`. */
async function atProvincialReview(step: StepConfigInput) {
  const data = buildApplication({ applicantKind: 'provincial_unit' });
  provincialStep.set(data.orgName, StepConfig.parse(step));
  const handle = await env.client.workflow.start(admission, {
    workflowId: admissionWorkflowId(data.creditCode),
    taskQueue: TASK_QUEUE,
    args: [{ applicationId: randomUUID(), data, createdBy: users.applicant1! }],
  });
  const view = await handle.executeUpdate(applicationCreated);
  await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
  return { handle, id: view.id };
}
type Handle = Awaited<ReturnType<typeof atProvincialReview>>['handle'];
const tasks = (caseId: string) =>
  db.selectFrom('tasks').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
const openTasks = async (caseId: string) => (await tasks(caseId)).filter((t) => t.status === 'open');
const statusOf = async (id: string) =>
  (await db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const decide = (handle: Handle, taskId: string, who: string, decision: 'approve' | 'reject', comment = '意见') =>
  handle.executeUpdate(completeTask, { args: [{ taskId, actor: users[who]!, decision: { decision, comment } }] });
const taskOf = async (caseId: string, username: string) =>
  (await openTasks(caseId)).find((t) => t.assignee === username)!;

describe('step modes (time-skipping server)', () => {
  it('会签: every reviewer must approve; the case waits for the last one', async () => {
    const { handle, id } = await atProvincialReview({
      mode: 'all',
      reviewers: { users: ['province_reviewer', 'province_reviewer2'] },
      workingDays: 15,
    });
    expect((await openTasks(id)).map((t) => t.assignee).sort()).toEqual(['province_reviewer', 'province_reviewer2']);
    // seats of one run: the inbox applies its one-seat rules to them
    expect((await openTasks(id)).map((t) => t.panel)).toEqual([true, true]);
    await decide(handle, (await taskOf(id, 'province_reviewer')).id, 'province_reviewer', 'approve', '同意');
    expect(await statusOf(id)).toBe('provincial_review');
    expect((await openTasks(id)).map((t) => t.assignee)).toEqual(['province_reviewer2']);
    await decide(handle, (await taskOf(id, 'province_reviewer2')).id, 'province_reviewer2', 'approve', '同意纳入');
    expect(await statusOf(id)).toBe('public_notice');
    expect((await tasks(id)).filter((t) => t.step === 'provincial_review').map((t) => [t.status, t.decision])).toEqual([
      ['done', 'approve'],
      ['done', 'approve'],
    ]);
  });

  it('会签 expert panel: every expert score is kept, with the mean, whichever expert scores last', async () => {
    expertStep = StepConfig.parse({
      mode: 'all',
      reviewers: { users: ['expert1', 'expert_panel_two'] },
      workingDays: 10,
    });
    users.expert_panel_two = await testUser(db, 'expert_panel_two', ['expert']);
    const { handle, id } = await atProvincialReview({
      mode: 'single',
      reviewers: { role: 'provincial_reviewer' },
      workingDays: 15,
    });
    expertStep = null;
    const [review] = await openTasks(id);
    await handle.executeUpdate(completeTask, {
      args: [
        {
          taskId: review!.id,
          actor: users.province_reviewer!,
          decision: { decision: 'expert_review', comment: '请专家评审' },
        },
      ],
    });
    const score = async (who: string, n: number) =>
      handle.executeUpdate(completeTask, {
        args: [
          {
            taskId: (await taskOf(id, who)).id,
            actor: users[who]!,
            decision: { decision: 'approve', comment: `评分 ${n}`, score: n, noConflict: true },
          },
        ],
      });
    await score('expert_panel_two', 80);
    expect(await statusOf(id)).toBe('expert_review');
    await score('expert1', 91);
    expect(await statusOf(id)).toBe('provincial_review');
    const view = (await db.selectFrom('applications').select('body').where('id', '=', id).executeTakeFirstOrThrow())
      .body as { expertScores: { expert: string; score: number }[] };
    expect(view.expertScores.map((s) => s.score).sort()).toEqual([80, 91]);
    const scored = await db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('case_id', '=', id)
      .where('action', 'in', ['task.decided', 'expert.scored'])
      .orderBy('id')
      .execute();
    // each vote's entry carries its score; the step's outcome carries all of them and the mean
    expect(scored.map((e) => [e.action, e.data.score])).toEqual([
      ['task.decided', 80],
      ['task.decided', 91],
      ['expert.scored', 91],
    ]);
    expect(scored[2]!.data).toMatchObject({ scores: [80, 91], mean: 85.5 });
  });

  it("会签: one rejection decides for the step and cancels the other reviewer's task", async () => {
    const { handle, id } = await atProvincialReview({
      mode: 'all',
      reviewers: { users: ['province_reviewer', 'province_reviewer2'] },
      workingDays: 15,
    });
    await decide(handle, (await taskOf(id, 'province_reviewer2')).id, 'province_reviewer2', 'reject', '服务能力不足');
    expect(await statusOf(id)).toBe('rejected');
    const rows = await tasks(id);
    expect(rows.find((t) => t.assignee === 'province_reviewer2')).toMatchObject({ status: 'done', decision: 'reject' });
    expect(rows.find((t) => t.assignee === 'province_reviewer')).toMatchObject({ status: 'cancelled' });
  });

  it('或签: the first decision decides and the other tasks are cancelled', async () => {
    const { handle, id } = await atProvincialReview({
      mode: 'any',
      reviewers: { users: ['province_reviewer', 'province_reviewer2'] },
      workingDays: 15,
    });
    await decide(handle, (await taskOf(id, 'province_reviewer2')).id, 'province_reviewer2', 'approve', '同意');
    expect(await statusOf(id)).toBe('public_notice');
    expect((await tasks(id)).find((t) => t.assignee === 'province_reviewer')).toMatchObject({ status: 'cancelled' });
  });

  it('passRatio: a majority of a three-member panel approves, with one against', async () => {
    const panel = {
      mode: 'all' as const,
      passRatio: 0.5,
      reviewers: { users: ['province_reviewer', 'province_reviewer2', 'expert1'] },
      workingDays: 15,
    };
    const passed = await atProvincialReview(panel);
    await decide(passed.handle, (await taskOf(passed.id, 'expert1')).id, 'expert1', 'reject', '不同意');
    expect(await statusOf(passed.id)).toBe('provincial_review');
    await decide(
      passed.handle,
      (await taskOf(passed.id, 'province_reviewer')).id,
      'province_reviewer',
      'approve',
      '同意',
    );
    await decide(
      passed.handle,
      (await taskOf(passed.id, 'province_reviewer2')).id,
      'province_reviewer2',
      'approve',
      '同意',
    );
    expect(await statusOf(passed.id)).toBe('public_notice');

    const failed = await atProvincialReview(panel);
    await decide(failed.handle, (await taskOf(failed.id, 'expert1')).id, 'expert1', 'reject', '不同意');
    await decide(
      failed.handle,
      (await taskOf(failed.id, 'province_reviewer')).id,
      'province_reviewer',
      'reject',
      '不同意',
    );
    await decide(
      failed.handle,
      (await taskOf(failed.id, 'province_reviewer2')).id,
      'province_reviewer2',
      'approve',
      '同意',
    );
    expect(await statusOf(failed.id)).toBe('rejected');
  });

  it('依次: reviewers act one after another, each with a due date of their own; an overdue one is reminded', async () => {
    const { handle, id } = await atProvincialReview({
      mode: 'sequence',
      reviewers: { users: ['province_reviewer', 'province_reviewer2'] },
      workingDays: 5,
    });
    const [first] = await openTasks(id);
    expect(first).toMatchObject({ assignee: 'province_reviewer' });
    await env.sleep('3 days');
    await decide(handle, first!.id, 'province_reviewer', 'approve', '初审同意');
    const [second] = await openTasks(id);
    // opened one after another, yet seats of one run (whoever decided the first may not take the second)
    expect([first!.panel, second!.panel]).toEqual([true, true]);
    expect(second).toMatchObject({ assignee: 'province_reviewer2', escalation_level: 0 });
    expect(new Date(second!.due_at).getTime()).toBeGreaterThan(new Date(first!.due_at).getTime());
    await env.sleep(new Date(second!.due_at).getTime() - (await env.currentTimeMs()) + 60_000);
    await expect
      .poll(async () => (await taskOf(id, 'province_reviewer2')).escalation_level, { timeout: 10_000 })
      .toBe(1);
    await decide(handle, second!.id, 'province_reviewer2', 'approve', '复审同意');
    expect(await statusOf(id)).toBe('public_notice');
  });

  it('审批人为空: escalates to the supervisor role, to the administrators, or approves with a system opinion', async () => {
    const nobody = {
      reviewers: { users: ['no_such_reviewer'] },
      workingDays: 15,
      supervisorRole: 'provincial_reviewer' as const,
    };
    const escalated = await atProvincialReview({ ...nobody, whenNobody: 'escalate' });
    expect(await openTasks(escalated.id)).toEqual([
      // a run of one seat: the inbox skips the one-seat rules for it
      expect.objectContaining({ assignee: null, candidate_roles: ['provincial_reviewer'], panel: false }),
    ]);
    await decide(escalated.handle, (await openTasks(escalated.id))[0]!.id, 'province_reviewer', 'approve', '代为审核');
    expect(await statusOf(escalated.id)).toBe('public_notice');

    const toAdmin = await atProvincialReview({ ...nobody, whenNobody: 'admin' });
    expect(await openTasks(toAdmin.id)).toEqual([expect.objectContaining({ candidate_roles: ['admin'] })]);

    const auto = await atProvincialReview({ ...nobody, whenNobody: 'autoApprove' });
    await expect.poll(() => statusOf(auto.id), { timeout: 10_000 }).toBe('public_notice');
    const entry = await db
      .selectFrom('audit_log')
      .select(['actor_name', 'comment'])
      .where('case_id', '=', auto.id)
      .where('action', '=', 'application.approved_for_notice')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_name: '系统', comment: expect.stringContaining('审批人为空') });
  });
});
