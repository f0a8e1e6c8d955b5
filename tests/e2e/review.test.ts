/**
 * 复核 from the console (DOMAIN §9): once an admission's list is final, the organisation concerned
 * asks for a review from its dashboard within the window, keeps the receipt number, and the
 * Provincial Center's 复核 task holds the request — at a desk and on a phone. The list becomes
 * final on the time-skipping server (its notice period is days long), with the real API and
 * console in front of it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../db/index.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { apiClient } from '../support/api.js';
import { startConsole } from '../support/browser.js';
import { buildApplication } from '../support/builders.js';
import type { TestStack } from '../support/stack.js';
import { startTimeSkipping, type TimeSkippingStack } from '../support/timeSkipping.js';

let skipping: TimeSkippingStack;
let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let ui: Awaited<ReturnType<typeof startConsole>>;
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  skipping = await startTimeSkipping(TASK_QUEUE);
  env = skipping.env;
  const appDb = createDb(inject('appDatabaseUrl'), 5);
  stack = {
    db: skipping.db,
    appDb,
    client: env.client,
    connection: env.connection,
    close: () => appDb.destroy(),
  };
  api = apiClient(stack);
  ui = await startConsole(stack);
}, 120_000);
afterAll(async () => {
  await ui?.close();
  await stack?.close();
  await skipping?.close();
});

describe('复核 in the console', () => {
  it('lets the organisation ask for a review of its final result from its dashboard, and the Provincial Center check it', async () => {
    const data = buildApplication({ applicantKind: 'provincial_unit' });
    const { id, applicant } = await api.submittedCase(data);
    const [task] = (
      await api
        .as('province_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: id, status: 'open' }))}`)
    ).body;
    await api
      .as('province_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意纳入' });
    const notice = async () =>
      stack.db
        .selectFrom('notices')
        .selectAll()
        .where('case_id', '=', id)
        .orderBy('version', 'desc')
        .executeTakeFirst();
    await expect.poll(async () => (await notice())?.status, { timeout: 10_000 }).toBe('open');
    await env.sleep(new Date((await notice())!.ends_at).getTime() - (await env.currentTimeMs()) + 60_000);
    await expect.poll(async () => (await notice())?.status, { timeout: 10_000 }).toBe('final');

    const desk = await ui.as(applicant.username);
    const card = desk.getByTestId('review-requests');
    await card.waitFor();
    expect(await card.textContent()).toContain('可于');
    await card.getByRole('button', { name: '申请复核' }).click();
    await desk.locator('textarea[name="content"]').fill('请求复核纳入名单的表述');
    await desk.locator('textarea[name="reasons"]').fill('单位名称有误');
    await desk.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(() => card.textContent(), { timeout: 10_000 })
      .toMatch(/已申请复核 · 受理编号 [0-9A-F]{10} · 核查中/);
    const receiptNo = /受理编号 ([0-9A-F]{10})/.exec((await card.textContent())!)![1]!;
    await ui.screenshot(desk, 'review-requested-desk');

    const phone = await ui.as(applicant.username, undefined, PHONE);
    await expect.poll(() => phone.getByTestId('review-requests').textContent()).toContain(receiptNo);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await ui.screenshot(phone, 'review-requested-phone');

    // the 复核 task is named by the request and holds it
    const reviewer = await ui.as('province_reviewer', undefined, PHONE);
    await reviewer.goto(`${ui.url}/#/applications/${id}/show`);
    const bar = reviewer.getByTestId('task-bar').filter({ hasText: receiptNo });
    await bar.waitFor();
    await bar.getByRole('button', { name: '审批' }).click();
    const panel = reviewer.getByTestId('checked-panel');
    expect(await panel.textContent()).toContain('单位名称有误');
  });
});
