import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../api/passwords.js';
import { currentCode } from '../../api/secondFactor.js';
import { insertUserIfMissing } from '../../db/queries/users.js';
import { DEMO_PASSWORD } from '../../scripts/demo/demoUsers.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout } from '../../workflows/payout.js';
import { setupConsole } from '../support/browser.js';
import { buildApplication, buildPayout } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';

const ctx = setupConsole();

const select = async (page: Page, label: string, option: string) => {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};
/** The inbox, newest first (the shared test database holds many tasks). */
const inboxUrl = () =>
  `${ctx.ui.url}/#/tasks?sort=createdAt&order=DESC&perPage=50&filter=${encodeURIComponent('{"status":"open"}')}`;
/** From the inbox to the case page (a click on the row), where the case is decided. */
async function openFromInbox(page: Page, name: string) {
  await page.goto(inboxUrl());
  // the row's case (its first cell is the checkbox of 批量审批)
  await page.getByRole('row').filter({ hasText: name }).getByText(name).click();
  await page.waitForURL(/\/show$/);
  return page.getByTestId('task-bar');
}
async function decide(page: Page, orgName: string, choice: string, comment: string) {
  const bar = await openFromInbox(page, orgName);
  await bar.getByRole('button', { name: '审批' }).click();
  await page.getByRole('radio', { name: choice }).check();
  await page.getByLabel('审批意见').fill(comment);
  await page.getByRole('button', { name: '确认' }).click();
  await expect.poll(() => page.getByText('已提交审批意见').count()).toBeGreaterThan(0);
}

describe('the console in a real browser', () => {
  it('carries an application from the applicant with evidence through 广州 and the Provincial Center onto the public board, with its history', async () => {
    const orgName = `浏览器测试科技金融服务中心-${Date.now()}`;
    const own = buildApplication({ orgName });
    const applicant = await ctx.ui.as((await ctx.api.applicantOf(own)).username);
    await applicant.goto(`${ctx.ui.url}/#/applications/create`);
    // the organisation's registered name and credit code come filled in; the code is not for typing
    const code = applicant.locator('input[name="creditCode"]');
    await expect.poll(() => code.inputValue()).toBe(own.creditCode);
    expect(await code.getAttribute('readonly')).not.toBeNull();
    expect(await applicant.locator('input[name="orgName"]').inputValue()).toBe(orgName);
    await select(applicant, '体系', '科技服务体系');
    await select(applicant, '类型', '综合型');
    await select(applicant, '申报渠道', '地市推荐');
    await select(applicant, '地市', '广州');
    await applicant.getByRole('tab', { name: '建设方案' }).click();
    for (const field of ['regionalFeatures', 'serviceTargets', 'serviceRegion', 'serviceModel', 'innovation'])
      await applicant.fill(`textarea[name="plan.${field}"]`, `浏览器填写的${field}`);
    // evidence from the start: the first file saves the draft and carries on in its form
    await applicant.getByRole('tab', { name: '资质条件与佐证材料' }).click();
    for (const item of ['venue', 'headExperience', 'stableTeam', 'serviceCapability', 'noViolations'])
      await applicant.locator(`input[name="checklist.${item}"]`).check();
    const evidence = join(tmpdir(), '场地证明.pdf');
    writeFileSync(evidence, '%PDF-1.4\n% venue lease\n');
    await applicant.locator('input[data-evidence="venue"]').setInputFiles(evidence);
    await applicant.waitForURL(/#\/applications\/(?!create\/)[^/]+\/2$/); // the draft's own form
    const id = applicant.url().match(/#\/applications\/([^/]+)\/2$/)![1]!;
    await expect.poll(() => applicant.getByRole('button', { name: '场地证明.pdf' }).count()).toBeGreaterThan(0);
    expect(await applicant.locator('input[name="checklist.venue"]').isChecked()).toBe(true);
    await applicant.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    // told before submitting, and the reviewers after, which items lack evidence
    expect(await applicant.getByTestId('evidence-lacking').textContent()).toContain('4 项资质条件尚无佐证材料');
    await applicant.getByRole('button', { name: '提交申报' }).click();
    expect(await applicant.getByRole('dialog').textContent()).toContain('4 项资质条件尚无佐证材料');
    await applicant.getByRole('dialog').getByRole('button', { name: '确认' }).click(); // a submission asks first
    await expect.poll(() => applicant.locator('[data-status="municipal_review"]').count()).toBeGreaterThan(0);
    await expect.poll(() => applicant.getByText('场地证明.pdf').count()).toBeGreaterThan(0);
    await ctx.ui.screenshot(applicant, 'admission-1-applicant-submitted');

    const gz = await ctx.ui.as('gz_reviewer');
    // the evidence is read in the page, not downloaded
    await gz.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    expect(await gz.getByTestId('evidence-lacking').textContent()).toContain('4 项');
    await gz.getByRole('button', { name: '场地证明.pdf' }).click();
    const preview = gz.getByTestId('file-preview');
    await preview.waitFor();
    expect(await preview.locator('iframe').getAttribute('src')).toMatch(/^blob:/);
    await preview.getByRole('button', { name: '关闭' }).click();
    await decide(gz, orgName, '同意推荐', '符合推荐条件');
    await ctx.ui.screenshot(gz, 'admission-2-gz-recommended');
    // the case page now shows the decision in its approval flow and no action bar for 广州
    const flow = gz.getByTestId('approval-timeline');
    await expect.poll(() => flow.getByText('地市同意推荐').count(), { timeout: 10_000 }).toBe(1);
    expect(await flow.getByText('“符合推荐条件”').count()).toBe(1);
    await expect.poll(() => gz.getByTestId('task-bar').count()).toBe(0);

    const province = await ctx.ui.as('province_reviewer');
    await decide(province, orgName, '同意纳入', '同意纳入分中心管理序列');
    // 公示: on the public board (no sign-in), not yet on the roster
    const visitor = await ctx.ui.browser.newPage();
    await visitor.goto(`${ctx.ui.url}/#/login`);
    await visitor.getByRole('link', { name: '查看公示公告（无需登录）' }).click();
    await visitor.getByLabel('按标题或单位名称查找').fill(orgName); // the board holds every test's notices
    await expect.poll(() => visitor.getByText(orgName).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await ctx.ui.screenshot(visitor, 'admission-3-public-notice');
    await visitor.close();

    const admin = await ctx.ui.as('admin');
    await admin.goto(`${ctx.ui.url}/#/applications/${id}/history`);
    const trail = admin.getByTestId('audit-trail');
    await expect
      .poll(() => trail.locator('[data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))
      .toEqual([
        'application.created',
        'application.edited',
        'application.submitted',
        'application.recommended',
        'application.approved_for_notice',
        'notice.published',
      ]);
    expect(await admin.getByTestId('temporal-events').locator('li').count()).toBeGreaterThan(10);
    await ctx.ui.screenshot(admin, 'admission-4-history');
  });

  it('tells an applicant whose organisation has no registered credit code whom to ask, instead of a form', async () => {
    const username = `nocode_${Date.now()}`;
    await insertUserIfMissing(ctx.stack.appDb, {
      username,
      displayName: '未登记信用代码的机构',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      roles: ['applicant'],
      city: '广州',
      organizationId: `org-${username}`,
    });
    const page = await ctx.ui.as(username);
    await page.goto(`${ctx.ui.url}/#/applications/create`);
    await expect.poll(() => page.getByTestId('no-own-code').textContent()).toContain('请联系系统管理员');
    expect(await page.locator('input[name="creditCode"]').count()).toBe(0);
  });

  it('tells an applicant whose organisation has an application in progress where it is, instead of a second form', async () => {
    const { id, applicant } = await ctx.api.submittedCase();
    const page = await ctx.ui.as(applicant.username);
    await page.goto(`${ctx.ui.url}/#/applications/create`);
    await page.getByTestId('application-in-progress').getByRole('button', { name: '打开该申报' }).click();
    await page.waitForURL(new RegExp(`/applications/${id}/show$`));
    expect(await page.locator('input[name="creditCode"]').count()).toBe(0);
  });

  it("returns a case for supplement and takes the applicant's resubmission", async () => {
    const data = buildApplication();
    const { id, applicant: owner } = await ctx.api.submittedCase(data);
    const gz = await ctx.ui.as('gz_reviewer');
    await decide(gz, data.orgName, '退回补正', '请补充场地租赁合同');

    const applicant = await ctx.ui.as(owner.username);
    await applicant.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    await expect.poll(() => applicant.getByTestId('supplement-request').textContent()).toContain('请补充场地租赁合同');
    await ctx.ui.screenshot(applicant, 'supplement-1-asked');
    await applicant.getByRole('button', { name: '补正后重新提交' }).click();
    await applicant.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => applicant.locator('[data-status="municipal_review"]').count()).toBeGreaterThan(0);
    await ctx.ui.screenshot(applicant, 'supplement-2-resubmitted');
  });

  it('转办 from the actions the engine lists: the task moves to a colleague, who finds it in the inbox', async () => {
    const data = buildApplication();
    await ctx.api.submittedCase(data);
    const gz = await ctx.ui.as('gz_reviewer');
    const bar = await openFromInbox(gz, data.orgName);
    await bar.getByRole('button', { name: '更多操作' }).click();
    await gz.getByRole('menuitem', { name: '转办' }).click();
    // the colleague is found by name; a reviewer of another city, who may not hold the task, is not offered
    const recipient = gz.getByLabel('接收人（输入姓名查找）');
    await recipient.fill('东莞');
    await expect.poll(() => gz.getByText('没有可选的人员（须符合角色、地市或单位）').count()).toBe(1);
    await recipient.fill('复核');
    await gz.getByRole('option', { name: '广州市科技局 复核员（广州）' }).click();
    await gz.getByLabel('说明').fill('请同事办理');
    await ctx.ui.screenshot(gz, 'transfer-0-picked');
    await gz.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => gz.getByText('已完成').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await ctx.ui.screenshot(gz, 'transfer-1-done');
    const colleague = await ctx.ui.as('gz_reviewer2');
    await colleague.goto(inboxUrl());
    await expect
      .poll(() =>
        colleague.getByRole('row').filter({ hasText: data.orgName }).filter({ hasText: '广州市科技局 复核员' }).count(),
      )
      .toBe(1);
  });

  it('takes a written objection from the public board, on a phone, without signing in', async () => {
    const data = buildApplication({ applicantKind: 'provincial_unit' });
    const { id } = await ctx.api.submittedCase(data);
    const task = (
      await ctx.api
        .as('province_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: id, status: 'open' }))}`)
    ).body[0];
    await ctx.api
      .as('province_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意纳入' });
    const phone = await ctx.ui.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await phone.goto(`${ctx.ui.url}/#/login`);
    await phone.getByText('查看公示公告（无需登录）').click(); // visible as text on a phone too
    await phone.getByLabel('按标题或单位名称查找').fill(data.orgName);
    const card = phone.locator('[data-notice]').filter({ hasText: data.orgName });
    await card.getByRole('button', { name: '提出异议' }).click();
    await phone.getByRole('button', { name: '提交异议' }).click();
    // every problem at once, on its field, in Chinese only, as a refusal
    await expect.poll(() => phone.getByText('请上传书面异议书').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await phone.getByText('必填', { exact: true }).count()).toBe(2); // phone, content
    expect(await phone.getByText('个人异议须署真实姓名').count()).toBe(1);
    expect(await phone.getByRole('alert').count()).toBe(1);
    expect(await phone.getByRole('dialog').textContent()).not.toMatch(/required|\(/);
    await phone.fill('input[name="realName"]', '王小明');
    await phone.fill('input[name="phone"]', '13700001111');
    await phone.fill('textarea[name="content"]', '该机构申报的服务团队人数与实际不符');
    const letter = join(tmpdir(), '异议书.pdf');
    writeFileSync(letter, '%PDF-1.4\n% objection letter\n');
    await phone.locator('input[name="letter"]').setInputFiles(letter);
    await phone.getByRole('button', { name: '提交异议' }).click();
    // a receipt that stays until the objector closes it
    const receipt = phone.getByTestId('objection-receipt');
    await receipt.waitFor({ timeout: 10_000 });
    const receiptNo = /受理编号 ([0-9A-F]{10})/.exec((await receipt.textContent())!)![1]!;
    await ctx.ui.screenshot(phone, 'public-notice-objection-phone');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.close();
    const checks = (
      await ctx.api
        .as('province_reviewer')
        .get(
          `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: id, status: 'open', step: 'objection_check' }))}`,
        )
    ).body;
    expect(checks).toHaveLength(1);

    // the 核查 holds its objection: named by its receipt, with the text, the objector and the letter in view
    for (const viewport of [undefined, { width: 390, height: 844 }]) {
      const reviewer = await ctx.ui.as('province_reviewer', undefined, viewport);
      await reviewer.goto(`${ctx.ui.url}/#/applications/${id}/show`);
      const bar = reviewer.getByTestId('task-bar').filter({ hasText: receiptNo });
      await bar.waitFor();
      await bar.getByRole('button', { name: '审批' }).click();
      const panel = reviewer.getByTestId('checked-panel');
      await panel.waitFor();
      expect(await panel.textContent()).toContain('该机构申报的服务团队人数与实际不符');
      expect(await panel.textContent()).toContain('王小明');
      expect(await panel.getByRole('button', { name: /异议书/ }).count()).toBe(1);
      // upheld: what changes is chosen in words
      await reviewer.getByRole('radio', { name: '异议成立' }).check();
      expect(await reviewer.getByLabel('变更后的结果').count()).toBe(1);
      await ctx.ui.screenshot(reviewer, `objection-check-${viewport ? 'phone' : 'desk'}`);
      if (!viewport) {
        await reviewer.keyboard.press('Escape');
        continue;
      }
      await reviewer.getByRole('radio', { name: '异议（申请）不成立，维持原结果' }).check();
      await reviewer.getByLabel('审批意见').fill('经核查，团队人数属实');
      await reviewer.getByRole('button', { name: '确认' }).click();
      await expect.poll(() => reviewer.getByText('已提交审批意见').count()).toBeGreaterThan(0);
    }
  });

  it('opens a case from a row of the 申报 list (it used to crash on the list row)', async () => {
    const data = buildApplication();
    const { applicant } = await ctx.api.submittedCase(data);
    const page = await ctx.ui.as(applicant.username);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${ctx.ui.url}/#/applications?filter=${encodeURIComponent(JSON.stringify({ q: data.orgName }))}`);
    await page.getByRole('row').filter({ hasText: data.orgName }).click();
    await page.waitForURL(/\/show$/);
    await expect.poll(() => page.getByText(data.plan.serviceModel!).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByText('出现错误').count()).toBe(0);
    expect(errors.filter((e) => e.includes('TypeError'))).toEqual([]);
  });

  it('does not show a reviewer the tasks of another city', async () => {
    const data = buildApplication();
    await ctx.api.submittedCase(data);
    const gz = await ctx.ui.as('gz_reviewer');
    await gz.goto(inboxUrl());
    await expect.poll(() => gz.getByRole('row').filter({ hasText: data.orgName }).count()).toBe(1);
    const dg = await ctx.ui.as('dg_reviewer');
    const listed = dg.waitForResponse((r) => r.url().includes('/api/tasks?'));
    await dg.goto(inboxUrl());
    await listed;
    await dg.getByTestId('task-list').locator('tbody, [data-testid="no-results"], .RaEmpty-message').first().waitFor();
    expect(await dg.getByRole('row').filter({ hasText: data.orgName }).count()).toBe(0);
    await ctx.ui.screenshot(dg, 'authorization-dg-inbox');
  });

  it('lets the finance officer approve a post-subsidy, which is then paid once', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: `后补助浏览器测试中心-${Date.now()}`,
      admittedAt: '2026-01-05T00:00:00+08:00',
    });
    const { workflowId: id, input } = buildPayout(sc, '后补助浏览器测试中心', { amount: 300_000 });
    await ctx.stack.client.workflow.start(payout, { workflowId: id, taskQueue: TASK_QUEUE, args: [input] });
    const finance = await ctx.ui.as('finance1');
    await decide(finance, '后补助浏览器测试中心', '同意拨付', '同意拨付');
    expect(finance.url()).toContain(`#/payouts/${encodeURIComponent(id)}/show`);
    await expect.poll(() => finance.locator('[data-status="paid"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await finance.getByText('¥300,000').count()).toBeGreaterThan(0);
    await ctx.ui.screenshot(finance, 'payout-paid');
    const instructions = await ctx.stack.db
      .selectFrom('payment_instructions')
      .select('amount')
      .where('payout_id', '=', id)
      .execute();
    expect(instructions).toEqual([{ amount: '300000' }]);
  });

  it('lets a sub-center bid on a published competition task', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: `揭榜浏览器测试中心-${Date.now()}`,
      city: '汕头',
      admittedAt: '2025-01-01T00:00:00+08:00',
    });
    const created = await ctx.api.as('province_reviewer').post('/api/competition-tasks', {
      year: 2026,
      title: `浏览器揭榜任务-${Date.now()}`,
      goal: '目标',
      deliverables: '成果',
      eligibility: { systems: ['tech_service'], categories: [] },
      bidDeadline: new Date(Date.now() + 3_600_000).toISOString(),
      winners: 1,
      budget: 500_000,
      milestones: [{ title: '中期', workingDays: 20 }],
    });
    await ctx.api.as('province_reviewer').post(`/api/competition-tasks/${created.body.id}/publish`);
    const center = await ctx.ui.as(sc.user.username, 'A-long-passw0rd');
    await center.goto(`${ctx.ui.url}/#/competition-tasks/${encodeURIComponent(created.body.id)}/show`);
    await center.getByRole('button', { name: '揭榜', exact: true }).click();
    await center.fill('textarea[name="plan"]', '联合银行开展专项服务');
    await center.fill('textarea[name="team"]', '专职 5 人');
    await center.fill('input[name="requestedAmount"]', '600000');
    await center.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => center.getByText(/不能超过预算/).count()).toBeGreaterThan(0);
    await center.fill('input[name="requestedAmount"]', '400000');
    await center.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => center.getByText('已提交揭榜方案').count()).toBeGreaterThan(0);
    await expect.poll(() => center.getByRole('row').filter({ hasText: sc.user.displayName }).count()).toBe(1);
    await ctx.ui.screenshot(center, 'competition-bid');
    // taken back before the deadline, with a confirmation that says it may bid again
    await center.getByRole('button', { name: '撤回揭榜方案' }).click();
    expect(await center.getByRole('dialog').textContent()).toContain('截止前可重新揭榜');
    await center.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => center.getByText('揭榜方案已撤回').count()).toBeGreaterThan(0);
    await expect.poll(() => center.getByRole('row').filter({ hasText: sc.user.displayName }).count()).toBe(0);
    await expect.poll(() => center.getByRole('button', { name: '揭榜', exact: true }).count()).toBe(1);
  });

  it('loads less than 350 KB of gzipped JavaScript for the sign-in page', async () => {
    const page = await ctx.ui.browser.newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${ctx.ui.url}/#/login`);
    await page.locator('input[name="password"]').waitFor();
    await page.waitForLoadState('networkidle');
    const gzipped = scripts.reduce(
      (sum, path) => sum + statSync(join(import.meta.dirname, '..', '..', 'admin', 'dist', `${path}.gz`)).size,
      0,
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(gzipped / 1024).toBeLessThan(350);
    await page.close();
  });

  it('ends the session on the server when the user logs out', async () => {
    const page = await ctx.ui.as('gz_reviewer2');
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('kejin.session')!).token as string);
    const tasks = () => ctx.api.call('GET', '/api/tasks', { headers: { Authorization: `Bearer ${token}` } });
    expect((await tasks()).status).toBe(200);
    await page.getByRole('button', { name: '广州市科技局 复核员' }).click();
    await page.getByRole('menuitem', { name: '登出' }).click();
    await page.waitForURL(/#\/login/);
    await expect.poll(async () => (await tasks()).status).toBe(401);
  });

  it('an auditor without a second factor enrols one (QR code, first code, recovery codes), then signs in with a code', async () => {
    const username = `aud_${Date.now()}`;
    const password = 'Auditor-passw0rd-1';
    await ctx.api.as('admin').post('/api/users', { username, password, displayName: '新审计员', roles: ['auditor'] });
    const context = await ctx.ui.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${ctx.ui.url}/#/login`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
    await page.getByRole('button', { name: '开始绑定' }).click();
    await expect.poll(() => page.getByRole('img', { name: '动态口令二维码' }).count()).toBe(1);
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.fill('input[name="otp"]', currentCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await ctx.ui.screenshot(page, 'second-factor-recovery-codes');
    await page.getByRole('button', { name: '我已保存，继续' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: '操作日志' }).count()).toBe(1);
    await context.close();

    // the next sign-in asks for the code
    const again = await (await ctx.ui.browser.newContext({ locale: 'zh-CN' })).newPage();
    await again.goto(`${ctx.ui.url}/#/login`);
    await again.fill('input[name="username"]', username);
    await again.fill('input[name="password"]', password);
    await again.click('button[type="submit"]');
    await expect.poll(() => again.locator('input[name="otp"]').count()).toBe(1);
    await again.fill('input[name="otp"]', currentCode(secret));
    await again.click('button[type="submit"]');
    await again.waitForURL(/#\/$/);
    await again.context().close();
  });

  it('switches the whole console between Chinese and English', async () => {
    const page = await ctx.ui.as('province_reviewer');
    await expect.poll(() => page.getByRole('menuitem', { name: '待办' }).count()).toBe(1);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Task inbox' }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: 'Roster' }).count()).toBe(1);
    await ctx.ui.screenshot(page, 'language-english');
  });
});
