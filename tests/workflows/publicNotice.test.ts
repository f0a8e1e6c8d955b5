/**
 * 公示 on the time-skipping server (DOMAIN §9), on admission: no objection → final at the end of
 * the period on the working-day calendar; objection upheld → published again with a fresh period,
 * final later; dismissed → final at the end; late objection refused; 复核 in time and late.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { loadCalendar } from '../../db/queries/calendar.js';
import { DEFAULT_NOTICE_PERIODS, noticeEnd, REVIEW_WORKING_DAYS } from '../../domain/notice.js';
import type { Actor } from '../../domain/roles.js';
import { addWorkingDays, shanghaiDate } from '../../domain/workdays.js';
import { admission, applicationCreated, submitApplication } from '../../workflows/admission.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { fileObjection, requestReview } from '../../workflows/publicNotice.js';
import { buildApplication } from '../support/builders.js';
import { actor } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

const TASK_QUEUE = 'public-notice-test';
let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
const users: Record<string, Actor> = {};

beforeAll(async () => {
  stack = await startTimeSkipping(TASK_QUEUE);
  ({ env, db } = stack);
  for (const u of ['applicant1', 'province_reviewer']) users[u] = await actor(db, u);
}, 120_000);
afterAll(() => stack?.close());

/** A provincial-unit application approved by the Provincial Center: its list is in the notice period. */
async function inNotice() {
  const data = buildApplication({ applicantKind: 'provincial_unit' });
  const handle = await env.client.workflow.start(admission, {
    workflowId: admissionWorkflowId(data.creditCode),
    taskQueue: TASK_QUEUE,
    args: [{ applicationId: randomUUID(), data, createdBy: users.applicant1! }],
  });
  const view = await handle.executeUpdate(applicationCreated);
  await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
  await decide(handle, view.id, 'provincial_review', 'approve', '同意纳入');
  return { handle, id: view.id, notice: await currentNotice(view.id) };
}
type Handle = Awaited<ReturnType<typeof inNotice>>['handle'];
const currentNotice = (caseId: string) =>
  db
    .selectFrom('notices')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
const statusOf = async (id: string) =>
  (await db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
async function decide(
  handle: Handle,
  caseId: string,
  step: string,
  decision: 'approve' | 'reject',
  comment: string,
  payload?: Record<string, unknown>,
) {
  const task = await db
    .selectFrom('tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return handle.executeUpdate(completeTask, {
    args: [{ taskId: task.id, actor: users.province_reviewer!, decision: { decision, comment, payload } }],
  });
}
const objection = (noticeId: string, itemId: string) => ({
  id: randomUUID(),
  noticeId,
  seriesId: '',
  itemId,
  kind: 'person' as const,
  realName: '李四',
  orgName: null,
  contactPerson: null,
  phone: '13800000000',
  email: 'li.si@example.cn',
  content: '场地与申报不符',
  sourceIp: 'test',
});
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((err as WorkflowUpdateFailedError).cause as unknown as { type: string }).type;
};
const skipTo = async (iso: string | Date, plusMs: number) =>
  env.sleep(new Date(iso).getTime() - (await env.currentTimeMs()) + plusMs);

describe('公示 (time-skipping)', () => {
  it('ends on the last working day of the period and then admits, with no objection', async () => {
    const { id, notice } = await inNotice();
    const calendar = await loadCalendar(db);
    expect(new Date(notice.ends_at).toISOString()).toBe(
      noticeEnd(new Date(notice.starts_at), DEFAULT_NOTICE_PERIODS.admission, calendar).toISOString(),
    );
    await skipTo(notice.ends_at, -3_600_000); // an hour before the end: still open
    expect((await currentNotice(id)).status).toBe('open');
    expect(await statusOf(id)).toBe('public_notice');
    await skipTo(notice.ends_at, 60_000);
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('admitted');
    expect((await currentNotice(id)).status).toBe('final');
    const roster = await db
      .selectFrom('sub_centers')
      .select('status')
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(roster.status).toBe('active');
  });

  it('publishes the list again after an upheld objection, with a fresh period; the old version stays readable', async () => {
    const { handle, id, notice } = await inNotice();
    // the objection comes on the next working day (noon): the fresh period then ends a working day later
    const nextWorkingDay = addWorkingDays(
      new Date(notice.starts_at),
      1,
      await loadCalendar(db, new Date(notice.starts_at)),
    );
    await skipTo(nextWorkingDay, -12 * 3_600_000);
    await handle.executeUpdate(fileObjection, { args: [objection(notice.id, id)] });
    // the objector's identity is on the objection only, never on the notice, the task or the trail
    const trail = JSON.stringify(await db.selectFrom('audit_log').selectAll().where('case_id', '=', id).execute());
    const tasks = JSON.stringify(await db.selectFrom('tasks').selectAll().where('case_id', '=', id).execute());
    for (const text of [trail, tasks, JSON.stringify(await currentNotice(id))])
      expect(text).not.toMatch(/李四|13800000000|li\.si/);
    await decide(handle, id, 'objection_check', 'approve', '经核查异议属实', { action: 'remove' });
    const [v1, v2] = await db.selectFrom('notices').selectAll().where('case_id', '=', id).orderBy('version').execute();
    expect(v1).toMatchObject({ version: 1, status: 'superseded' });
    expect(v2).toMatchObject({ version: 2, status: 'open', items: [] });
    expect(new Date(v2!.ends_at).getTime()).toBeGreaterThan(new Date(v1!.ends_at).getTime());
    await skipTo(v1!.ends_at, 60_000); // the old end passes: the new version is still open
    expect((await currentNotice(id)).status).toBe('open');
    await skipTo(v2!.ends_at, 60_000);
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('rejected');
    const row = await db
      .selectFrom('objections')
      .select(['status', 'outcome'])
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'upheld', outcome: '经核查异议属实' });
  });

  it('counts the 复核 window from the list becoming final: a 核查 that outlasts the period keeps the right', async () => {
    const { handle, id, notice } = await inNotice();
    await handle.executeUpdate(fileObjection, { args: [objection(notice.id, id)] });
    // the 核查 goes on ten days past the period's end: the list is not final meanwhile
    await skipTo(notice.ends_at, 10 * 86_400_000);
    expect(await statusOf(id)).toBe('public_notice');
    const decidedAt = new Date(await env.currentTimeMs());
    await decide(handle, id, 'objection_check', 'reject', '核查完毕，异议不成立');
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('admitted');
    const final = await currentNotice(id);
    const expected = addWorkingDays(decidedAt, REVIEW_WORKING_DAYS, await loadCalendar(db, decidedAt));
    expect(shanghaiDate(new Date(final.review_until!))).toBe(shanghaiDate(expected));
    expect(new Date(final.review_until!).getTime()).toBeGreaterThan(new Date(notice.review_until!).getTime());
    // past the window counted from the period's end, within the one counted from the list becoming final
    await env.sleep('2 days');
    expect(await env.currentTimeMs()).toBeGreaterThan(new Date(notice.review_until!).getTime());
    await handle.executeUpdate(requestReview, {
      args: [
        {
          actor: users.applicant1!,
          request: {
            id: randomUUID(),
            noticeId: final.id,
            seriesId: final.series_id,
            itemId: id,
            organizationId: users.applicant1!.organizationId!,
            requestedBy: 'applicant1',
            content: '请求复核',
            reasons: '核查后名单生效，申请复核',
          },
        },
      ],
    });
    const review = await db.selectFrom('review_requests').select('status').where('item_id', '=', id).executeTakeFirst();
    expect(review).toBeDefined();
  });

  it('becomes final at the end after a dismissed objection; refuses a late one; takes a 复核 in time, not later', async () => {
    const { handle, id, notice } = await inNotice();
    await handle.executeUpdate(fileObjection, { args: [objection(notice.id, id)] });
    await decide(handle, id, 'objection_check', 'reject', '异议所述与事实不符');
    expect((await currentNotice(id)).version).toBe(1);
    await skipTo(notice.ends_at, 60_000);
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('admitted');
    expect(await refusal(handle.executeUpdate(fileObjection, { args: [objection(notice.id, id)] }))).toBe('conflict');
    const final = await currentNotice(id);
    const request = (organizationId: string) => ({
      actor: users.applicant1!,
      request: {
        id: randomUUID(),
        noticeId: final.id,
        seriesId: final.series_id,
        itemId: id,
        organizationId,
        requestedBy: 'applicant1',
        content: '请求复核',
        reasons: '材料补充',
      },
    });
    await handle.executeUpdate(requestReview, { args: [request(users.applicant1!.organizationId!)] });
    await decide(handle, id, 'review_request', 'reject', '维持原结果');
    const review = await db
      .selectFrom('review_requests')
      .select(['status', 'outcome'])
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ status: 'dismissed', outcome: '维持原结果' });
    // the window closes with the case: a later request finds nothing to review (the API answers 409 from the notice)
    await skipTo(final.review_until!, 60_000);
    expect(await handle.result()).toBe('admitted');
    await expect(
      handle.executeUpdate(requestReview, { args: [request(users.applicant1!.organizationId!)] }),
    ).rejects.toThrow();
  });
});
