/**
 * Deadlines across 元旦 and 春节 of a year whose official calendar is not entered yet (DOMAIN §8),
 * on the time-skipping server: an admission's 公示 published just before each ends on the
 * provisional calendar the statutory rules give (2027's dates are checked one by one in
 * tests/unit/holidays.test.ts), never on plain Monday–Friday.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { loadCalendar } from '../../db/queries/calendar.js';
import { provisionalYear, statutoryDays } from '../../domain/holidays.js';
import { DEFAULT_NOTICE_PERIODS, noticeEnd } from '../../domain/notice.js';
import type { Actor } from '../../domain/roles.js';
import { addWorkingDays, shanghaiDate } from '../../domain/workdays.js';
import { admission, applicationCreated, submitApplication } from '../../workflows/admission.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { buildApplication } from '../support/builders.js';
import { actor } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

let stack: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let db: Db;
const users: Record<string, Actor> = {};

beforeAll(async () => {
  stack = await startTimeSkipping('calendar-test');
  ({ env, db } = stack);
  for (const u of ['applicant1', 'province_reviewer']) users[u] = await actor(db, u);
}, 120_000);
afterAll(() => stack?.close());

const shanghai = (local: string) => new Date(`${local}+08:00`);
const skipTo = async (at: Date) => env.sleep(at.getTime() - (await env.currentTimeMs()));

/** A provincial unit's application approved by the Provincial Center now: its 公示 starts. */
async function approvedNow() {
  const data = buildApplication({ applicantKind: 'provincial_unit' });
  const handle = await env.client.workflow.start(admission, {
    workflowId: admissionWorkflowId(data.creditCode),
    taskQueue: stack.taskQueue,
    args: [{ applicationId: randomUUID(), data, createdBy: users.applicant1! }],
  });
  const view = await handle.executeUpdate(applicationCreated);
  await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
  const task = await db
    .selectFrom('tasks')
    .select('id')
    .where('case_id', '=', view.id)
    .where('step', '=', 'provincial_review')
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  await handle.executeUpdate(completeTask, {
    args: [{ taskId: task.id, actor: users.province_reviewer!, decision: { decision: 'approve', comment: '同意' } }],
  });
  return db.selectFrom('notices').selectAll().where('case_id', '=', view.id).executeTakeFirstOrThrow();
}

describe('a 公示 across the holidays of a year not yet entered (time-skipping)', () => {
  it('ends later than Monday–Friday would, on the statutory days and their 补假, across 元旦 and then 春节', async () => {
    // the next New Year at least a day ahead of the server's clock (2027 while this is written)
    const now = await env.currentTimeMs();
    let year = Number(shanghaiDate(new Date(now)).slice(0, 4)) + 1;
    if (shanghai(`${year - 1}-12-30T10:00:00`).getTime() < now) year++;
    const official = (await db.selectFrom('workday_calendar').select('year').execute()).map((y) => y.year);
    expect(official).not.toContain(year);
    const eve = statutoryDays(year).find((s) => s.festival === 'spring_festival')!.days[0]!;
    const plain = { holidays: [], adjustedWorkdays: [] };

    for (const start of [
      shanghai(`${year - 1}-12-30T10:00:00`),
      new Date(Date.parse(`${eve}T10:00:00+08:00`) - 86_400_000),
    ]) {
      await skipTo(start);
      const notice = await approvedNow();
      const startsAt = new Date(notice.starts_at);
      expect(shanghaiDate(startsAt)).toBe(shanghaiDate(start));
      const ends = shanghaiDate(new Date(notice.ends_at));
      // what the statutory rules give, with the year before as loaded (2026: the State Council's notice)
      const calendar = await loadCalendar(db, startsAt);
      expect(calendar.holidays).toEqual(expect.arrayContaining(provisionalYear(year).holidays));
      expect(ends).toBe(shanghaiDate(noticeEnd(startsAt, DEFAULT_NOTICE_PERIODS.admission, calendar)));
      expect(ends > shanghaiDate(addWorkingDays(startsAt, DEFAULT_NOTICE_PERIODS.admission.days, plain))).toBe(true);
    }
  });
});
