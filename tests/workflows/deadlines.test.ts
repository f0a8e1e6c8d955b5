/**
 * Durable deadlines on the time-skipping test server: weeks pass in seconds. Activities are the
 * real ones, writing to the test PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import type { Actor } from '../../domain/roles.js';
import { admission, applicationCreated, submitApplication } from '../../workflows/admission.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { buildApplication } from '../support/builders.js';
import { actor } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

const TASK_QUEUE = 'deadlines-test';
let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
const users: Record<string, Actor> = {};

beforeAll(async () => {
  stack = await startTimeSkipping(TASK_QUEUE);
  ({ env, db } = stack);
  for (const u of ['applicant1', 'gz_reviewer', 'province_reviewer']) users[u] = await actor(db, u);
}, 120_000);
afterAll(() => stack?.close());

async function submitted(data = buildApplication()) {
  const handle = await env.client.workflow.start(admission, {
    workflowId: admissionWorkflowId(data.creditCode),
    taskQueue: TASK_QUEUE,
    args: [{ applicationId: randomUUID(), data, createdBy: users.applicant1! }],
  });
  const view = await handle.executeUpdate(applicationCreated);
  await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
  return { handle, id: view.id };
}
const taskOf = (caseId: string, step: string) =>
  db
    .selectFrom('tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
const actions = async (caseId: string) =>
  (await db.selectFrom('audit_log').select('action').where('case_id', '=', caseId).orderBy('id').execute()).map(
    (a) => a.action,
  );

describe('deadlines (time-skipping server)', () => {
  it('withdraws the application when the supplement deadline passes', async () => {
    const { handle, id } = await submitted();
    const task = await taskOf(id, 'municipal_review');
    await handle.executeUpdate(completeTask, {
      args: [
        {
          taskId: task.id,
          actor: users.gz_reviewer!,
          decision: { decision: 'return', comment: '请补充场地证明', supplementDays: 3 },
        },
      ],
    });
    const row = await db.selectFrom('applications').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    const dueAt = (row.body as { supplement: { dueAt: string } }).supplement.dueAt;
    expect(Date.parse(dueAt)).toBeGreaterThan(Date.now() + 3 * 86_400_000 - 1);
    expect(await handle.result()).toBe('withdrawn');
    expect(await actions(id)).toContain('application.withdrawn_deadline_missed');
    const status = await db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(status.status).toBe('withdrawn');
  });

  it('reminds at the due date, then adds the supervisor role to an overdue task', async () => {
    const { id } = await submitted();
    const task = await taskOf(id, 'municipal_review');
    expect(task.escalation_level).toBe(0);
    // municipal review: 10 working days, then 3 more before the supervisor (default rule set).
    await env.sleep(
      Date.parse(String(task.due_at instanceof Date ? task.due_at.toISOString() : task.due_at)) -
        (await env.currentTimeMs()) +
        60_000,
    );
    await expect.poll(async () => (await taskOf(id, 'municipal_review')).escalation_level, { timeout: 10_000 }).toBe(1);
    await env.sleep('20 days');
    await expect
      .poll(async () => (await taskOf(id, 'municipal_review')).candidate_roles, { timeout: 10_000 })
      .toEqual(['municipal_reviewer', 'provincial_reviewer']);
    expect(await actions(id)).toEqual(expect.arrayContaining(['task.overdue_reminder', 'task.escalated']));
    const notices = await db
      .selectFrom('notifications')
      .select(['kind', 'recipient_role'])
      .where('case_id', '=', id)
      .where('kind', '=', 'task.escalated')
      .execute();
    expect(notices.map((n) => n.recipient_role)).toContain('provincial_reviewer');
  });
});
