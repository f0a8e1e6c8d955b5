/**
 * A reviewer's and an applicant's day in the console (issue 10): the task center, deciding on the
 * case page, live updates between two people, every list's row opening its record, the same on a
 * 390 px phone, English without Chinese headers, and axe-core on the login page, the task center
 * and the case page.
 */
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import { evaluation, evaluationWorkflowId } from '../../workflows/evaluation.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout } from '../../workflows/payout.js';
import { setupConsole } from '../support/browser.js';
import { buildApplication, buildCompetitionTask, buildPayout } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';

const ctx = setupConsole();

const PHONE = { width: 390, height: 844 };
/** The inbox, newest first (the shared test database holds many tasks). */
const inbox = () =>
  `${ctx.ui.url}/#/tasks?sort=createdAt&order=DESC&perPage=50&filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}`;
const submitted = async () => {
  const data = buildApplication(); // a 广州 case, through the city bureau
  const { id, applicant } = await ctx.api.submittedCase(data);
  return { ...data, id, applicant: applicant.username };
};
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** Serious and critical axe-core findings on the page as it is now. */
async function axeFindings(page: Page) {
  const { violations } = await new AxeBuilder({ page } as never).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe("a reviewer's and an applicant's day", () => {
  it("puts another person's action into an open inbox without a reload", async () => {
    const gz = await ctx.ui.as('gz_reviewer');
    await gz.goto(inbox());
    await gz.getByTestId('task-list').waitFor();
    const tab = gz.locator('[data-tab="todo"]');
    await expect.poll(() => tab.textContent()).toMatch(/待办 \d+/);
    const before = Number((await tab.textContent())!.match(/\d+/)![0]);
    // the console's own re-reads say so, and the API does not count them as the person's activity
    const backgroundReads: string[] = [];
    gz.on('request', (r) => {
      if (r.url().includes('/api/tasks') && r.headers()['x-background-read'] === '1') backgroundReads.push(r.url());
    });
    const data = await submitted(); // the applicant acts through the API, meanwhile
    const started = Date.now();
    await expect
      .poll(() => gz.getByRole('row').filter({ hasText: data.orgName }).count(), { timeout: 5_000, interval: 100 })
      .toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => tab.textContent()).toBe(`待办 ${before + 1}`);
    expect(backgroundReads.length).toBeGreaterThan(0);
    await ctx.ui.screenshot(gz, 'live-1-inbox-updated');
  });

  it('shows a decision in the other reviewer’s open case page and takes the task out of their inbox', async () => {
    const data = await submitted();
    const gz = await ctx.ui.as('gz_reviewer');
    const colleague = await ctx.ui.as('gz_reviewer2');
    await colleague.goto(`${ctx.ui.url}/#/applications/${data.id}/show`);
    await colleague.getByTestId('task-bar').waitFor();
    await gz.goto(`${ctx.ui.url}/#/applications/${data.id}/show`);
    await gz.getByTestId('task-bar').getByRole('button', { name: '审批' }).click();
    await gz.getByRole('radio', { name: '同意推荐' }).check();
    await gz.getByLabel('审批意见').fill('材料齐全，同意推荐');
    await gz.getByRole('button', { name: '确认' }).click();
    // the colleague's page, open all along: the decision appears, the action bar goes
    await expect
      .poll(() => colleague.getByTestId('approval-timeline').getByText('“材料齐全，同意推荐”').count(), {
        timeout: 5_000,
      })
      .toBe(1);
    await expect.poll(() => colleague.getByTestId('task-bar').count()).toBe(0);
  });

  it('finds a case in the inbox by its organisation or its step, at a desk and on a phone', async () => {
    const data = await submitted();
    for (const viewport of [undefined, PHONE]) {
      const gz = await ctx.ui.as('gz_reviewer', undefined, viewport);
      await gz.goto(`${ctx.ui.url}/#/tasks`);
      const search = gz.getByPlaceholder('搜索案件、单位或环节');
      await search.fill(data.orgName);
      const rows = viewport
        ? gz.getByTestId('card-list').locator('.MuiCard-root')
        : gz.getByTestId('task-list').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
      expect(await rows.first().textContent()).toContain(data.orgName);
      await search.fill('地市推荐');
      await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('地市推荐'))).toBe(true);
      expect(await rows.count()).toBeGreaterThan(0);
      if (viewport) expect(await noSideways(gz)).toBeLessThanOrEqual(PHONE.width);
      await ctx.ui.screenshot(gz, `inbox-search-${viewport ? 'phone' : 'desk'}`);
    }
  });

  it('decides several tasks of one step together (批量审批), at a desk and on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      const tag = `批量-${Math.random().toString(36).slice(2, 8)}`;
      const ids: string[] = [];
      for (let i = 1; i <= 3; i++)
        ids.push((await ctx.api.submittedCase(buildApplication({ orgName: `${tag}-机构${i}` }))).id);
      const gz = await ctx.ui.as('gz_reviewer', undefined, viewport);
      await gz.goto(`${ctx.ui.url}/#/tasks`);
      await gz.getByPlaceholder('搜索案件、单位或环节').fill(tag);
      if (viewport) {
        const cards = gz.getByTestId('card-list').locator('.MuiCard-root');
        await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(3);
        for (let i = 0; i < 3; i++) await cards.nth(i).getByRole('checkbox').check();
      } else {
        const rows = gz.getByTestId('task-list').locator('tbody tr');
        await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
        await gz.getByTestId('task-list').locator('thead').getByRole('checkbox').check();
      }
      await gz.getByTestId('batch-decide').click();
      const dialog = gz.getByRole('dialog');
      await dialog.getByText('批量审批（3 件）').waitFor();
      await dialog.getByRole('textbox', { name: '审批意见' }).fill('材料齐全，同意推荐');
      await expect.poll(() => dialog.getByRole('button', { name: '提交' }).isEnabled()).toBe(true);
      await ctx.ui.screenshot(gz, `batch-1-dialog-${viewport ? 'phone' : 'desk'}`);
      await dialog.getByRole('button', { name: '提交' }).click();
      await expect.poll(() => dialog.getByTestId('batch-result').textContent()).toBe('已处理 3 件，未处理 0 件');
      if (viewport) expect(await noSideways(gz)).toBeLessThanOrEqual(PHONE.width);
      await ctx.ui.screenshot(gz, `batch-2-result-${viewport ? 'phone' : 'desk'}`);
      await dialog.getByRole('button', { name: '完成' }).click();
      for (const id of ids)
        expect((await ctx.api.as('admin').get(`/api/applications/${id}`)).body.status).toBe('provincial_review');
    }
  });

  it('exports a list as filtered to Excel: Chinese headers, words, Shanghai dates, ¥ amounts, no formula', async () => {
    const tag = `导出${Math.random().toString(36).slice(2, 8)}`;
    const { id } = await ctx.api.submittedCase(buildApplication({ orgName: `=${tag}机构` }));
    const task = buildCompetitionTask(Date.now(), { title: `${tag}任务`, budget: 1_234_567 });
    expect((await ctx.api.as('province_reviewer').post('/api/competition-tasks', task)).status).toBe(201);
    const page = await ctx.ui.as('province_reviewer');
    const download = async (path: string, rows?: number) => {
      await page.goto(`${ctx.ui.url}/#/${path}`);
      const shown = () => page.locator('tbody tr').count();
      if (rows) await expect.poll(shown, { timeout: 10_000 }).toBe(rows);
      else await expect.poll(shown, { timeout: 10_000 }).toBeGreaterThan(0);
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出' }).click(),
      ]);
      expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await file.path())!);
      return book.worksheets[0]!;
    };
    const filter = encodeURIComponent(JSON.stringify({ q: tag }));
    const apps = await download(`applications?filter=${filter}`, 1);
    expect(apps.getRow(1).values).toEqual([
      undefined,
      '申报单位',
      '统一社会信用代码',
      '体系',
      '类型',
      '地市',
      '状态',
      '提交时间',
    ]);
    const row = apps.getRow(2);
    expect(row.getCell(1).value).toBe(`'=${tag}机构`);
    for (const c of [3, 4, 6]) expect(String(row.getCell(c).value)).toMatch(/^[\u4e00-\u9fff（）·]+$/);
    const submitted = (await ctx.api.as('admin').get(`/api/applications/${id}`)).body.submittedAt as string;
    const cell = row.getCell(7);
    expect(cell.value).toBeInstanceOf(Date);
    // the Shanghai wall time of the submission, to the minute, as Excel shows it
    expect((cell.value as Date).toISOString().slice(0, 16)).toBe(
      new Date(Date.parse(submitted) + 8 * 3_600_000).toISOString().slice(0, 16),
    );
    expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm');
    const tasks = await download('competition-tasks');
    const mine = tasks.getRows(2, tasks.rowCount - 1)!.find((r) => r.getCell(2).value === `${tag}任务`)!;
    expect(mine.getCell(3).value).toBe(1_234_567);
    expect(mine.getCell(3).numFmt).toBe('"¥"#,##0.00');
    // both exports are in the operation log, by list and size
    const log = (
      await ctx.api
        .as('auditor')
        .get(
          `/api/operation-log?filter=${encodeURIComponent(JSON.stringify({ username: 'province_reviewer', action: 'list.exported' }))}`,
        )
    ).body as { what: { zh: string } }[];
    expect(log.map((e) => e.what.zh)).toEqual(expect.arrayContaining(['导出申报（1 行，Excel）']));
    expect(log.some((e) => /^导出揭榜任务（\d+ 行，Excel）$/.test(e.what.zh))).toBe(true);
  });

  it("shows the office's figures as charts beside their tables, and exports the same rows, at a desk and on a phone", async () => {
    const data = await submitted();
    const [task] = (
      await ctx.api
        .as('gz_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: data.id, status: 'open' }))}`)
    ).body;
    await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const figures = (await ctx.api.as('province_reviewer').get(`/api/stats/office?year=${year}`)).body;
    for (const viewport of [undefined, PHONE]) {
      const page = await ctx.ui.as('province_reviewer', undefined, viewport);
      await page.goto(`${ctx.ui.url}/#/statistics`);
      const section = page.locator('[data-section="stepTimes"]');
      await section.locator('tbody tr').first().waitFor();
      // the table holds the API's rows, and the chart one bar group per row
      expect(await section.locator('tbody tr').count()).toBe(figures.stepTimes.length);
      const municipal = figures.stepTimes.find((r: { step: string }) => r.step === 'municipal_review');
      const row = section.locator('tbody tr').filter({ hasText: '地市推荐' }).first();
      expect(await row.locator('[data-column="tasks"]').textContent()).toBe(String(municipal.tasks));
      expect(await row.locator('[data-column="medianDays"]').textContent()).toBe(String(municipal.medianDays));
      await expect
        .poll(() => section.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count())
        .toBe(figures.stepTimes.length);
      if (viewport) expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);
      await ctx.ui.screenshot(page, `statistics-${viewport ? 'phone' : 'desk'}`);
      if (viewport) continue;
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        section.getByRole('button', { name: '导出 Excel' }).click(),
      ]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await file.path())!);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        '事项',
        '环节',
        '任务数',
        '用时中位数（天）',
        '用时 90 分位（天）',
      ]);
      const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === '地市推荐')!;
      expect([line.getCell(1).value, line.getCell(3).value, line.getCell(4).value, line.getCell(5).value]).toEqual([
        '分中心申报',
        municipal.tasks,
        municipal.medianDays,
        municipal.p90Days,
      ]);
    }
  });

  it('saves the inbox as a view shared with the colleagues of a role, who open it, at a desk and on a phone', async () => {
    const name = `未认领-${Math.random().toString(36).slice(2, 6)}`;
    await submitted(); // an inbox with a task in it (an empty inbox shows its empty page, not the list)
    const gz = await ctx.ui.as('gz_reviewer');
    const unclaimed = encodeURIComponent(JSON.stringify({ status: 'open', assignee: 'none' }));
    await gz.goto(`${ctx.ui.url}/#/tasks?filter=${unclaimed}&sort=dueAt&order=ASC&perPage=25`);
    await gz.getByTestId('saved-views').click();
    await gz.getByRole('menuitem', { name: '保存当前视图…' }).click();
    await gz.getByRole('dialog').getByLabel('视图名称').fill(name);
    await gz.getByRole('dialog').getByLabel('共享给地市审核员同事').check();
    await ctx.ui.screenshot(gz, 'views-1-save');
    await gz.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => gz.getByRole('dialog').count()).toBe(0);
    for (const viewport of [undefined, PHONE]) {
      const colleague = await ctx.ui.as('gz_reviewer2', undefined, viewport);
      await colleague.goto(`${ctx.ui.url}/#/tasks`);
      await colleague.getByTestId('saved-views').click();
      const item = colleague.locator(`[data-view="${name}"]`);
      expect(await item.textContent()).toContain('共享');
      await item.click();
      await expect.poll(() => decodeURIComponent(colleague.url())).toContain('"assignee":"none"');
      if (viewport) expect(await noSideways(colleague)).toBeLessThanOrEqual(PHONE.width);
      await ctx.ui.screenshot(colleague, `views-2-opened-${viewport ? 'phone' : 'desk'}`);
    }
  });

  it('counts 待办 / 已办 / 抄送我的 on their tabs, and each list opens its case', async () => {
    const data = await submitted();
    const task = (
      await ctx.api
        .as('gz_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: data.id, status: 'open' }))}`)
    ).body[0];
    await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task.id}/cc`, { usernames: ['province_reviewer'], comment: '请关注' });
    await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    const summary = (await ctx.api.as('gz_reviewer').get('/api/users/me/summary')).body;
    const page = await ctx.ui.as('gz_reviewer');
    await page.goto(`${ctx.ui.url}/#/tasks/done`);
    await expect.poll(() => page.locator('[data-tab="done"]').textContent()).toBe(`已办 ${summary.done}`);
    await page.getByRole('row').filter({ hasText: data.orgName }).getByRole('cell').first().click();
    await page.waitForURL(new RegExp(`#/applications/${data.id}/show$`));

    const province = await ctx.ui.as('province_reviewer');
    await province.goto(`${ctx.ui.url}/#/tasks/cc`);
    await province.getByRole('row').filter({ hasText: data.orgName }).getByRole('cell').first().click();
    await province.waitForURL(new RegExp(`#/applications/${data.id}/show$`));
    // the case reached 省级审核: the provincial reviewer decides here, with the checklist in view
    await province.getByTestId('task-bar').getByRole('button', { name: '审批' }).waitFor();
    expect(await province.getByTestId('checklist').locator('[data-item]').count()).toBe(5);
  });

  it('lets an expert step aside (回避) from the decision dialog, with a reason, and the case leaves their queue', async () => {
    const data = buildApplication({ applicantKind: 'provincial_unit' });
    const { id } = await ctx.api.submittedCase(data);
    const [review] = (
      await ctx.api
        .as('province_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: id, status: 'open' }))}`)
    ).body;
    await ctx.api
      .as('province_reviewer')
      .post(`/api/tasks/${review.id}/complete`, { decision: 'expert_review', comment: '请专家评审' });
    const username = await ctx.api.freshUser(['expert'], null, '回避专家');
    const expert = await ctx.ui.as(username, 'Fresh-passw0rd-1');
    await expert.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    await expert.getByTestId('task-bar').getByRole('button', { name: '审批' }).click();
    await expert.getByRole('radio', { name: '本人需回避（不评分，说明理由）' }).check();
    // no score asked of one who steps aside; a reason is
    expect(await expert.getByLabel('创新性与区域特色（0–30 分）').count()).toBe(0);
    await expert.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => expert.getByText('请说明回避理由').count()).toBeGreaterThan(0);
    await expert.getByLabel('审批意见').fill('本人近两年在该单位兼职');
    await expert.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => expert.getByTestId('task-bar').count(), { timeout: 10_000 }).toBe(0);
    expect(
      (await ctx.api.as('admin').get(`/api/applications/${id}/history`)).body.audit.find(
        (e: { action: string }) => e.action === 'task.recused',
      ),
    ).toMatchObject({ comment: '本人近两年在该单位兼职' });
  });

  it('lets an expert score from the case page, and an administrator read a sub-center across the years', async () => {
    const data = buildApplication({ applicantKind: 'provincial_unit' }); // straight to the Provincial Center
    const { id } = await ctx.api.submittedCase(data);
    const province = await ctx.ui.as('province_reviewer');
    await province.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    await province.getByTestId('task-bar').getByRole('button', { name: '审批' }).click();
    await province.getByRole('radio', { name: '提交专家评审' }).check();
    await province.getByLabel('审批意见').fill('请专家评审');
    await province.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => province.getByText('已提交审批意见').count()).toBeGreaterThan(0);

    const expert = await ctx.ui.as('expert1');
    await expert.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    await expert.getByTestId('task-bar').getByRole('button', { name: '审批' }).click();
    // the rule set's criteria, offered by the engine, each with its points
    await expert.getByLabel('创新性与区域特色（0–30 分）').fill('26');
    await expert.getByLabel('服务能力与团队（0–40 分）').fill('34');
    await expert.getByLabel('服务成效与带动作用（0–30 分）').fill('26');
    await expert.getByLabel('审批意见').fill('服务模式清晰');
    await expert.getByRole('button', { name: '确认' }).click();
    // the conflict-of-interest declaration is asked for on its field
    await expect.poll(() => expert.getByText(/回避|利益冲突|noConflict|必填/).count()).toBeGreaterThan(0);
    await expert.getByLabel('本人声明与申报单位无利益冲突').check();
    await expert.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => expert.getByText('已提交审批意见').count()).toBeGreaterThan(0);
    await expect
      .poll(() => province.getByTestId('approval-timeline').getByText('“服务模式清晰”').count(), { timeout: 5_000 })
      .toBe(1);
    expect((await ctx.api.as('province_reviewer').get(`/api/applications/${id}`)).body.expertScores).toEqual([
      expect.objectContaining({ score: 86 }),
    ]);

    const name = `分中心时间线测试-${Date.now()}`;
    const sc = await insertSubCenter(ctx.stack.db, { name, admittedAt: '2024-05-01T00:00:00+08:00' });
    const { workflowId, input } = buildPayout(sc, name, { amount: 200_000, year: 2025 });
    await ctx.stack.client.workflow.start(payout, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    const admin = await ctx.ui.as('admin');
    await admin.goto(`${ctx.ui.url}/#/sub-centers?filter=${encodeURIComponent(JSON.stringify({ q: name }))}`);
    await admin.locator('tbody tr').filter({ hasText: name }).locator('td').first().click();
    const timeline = admin.getByTestId('sub-center-timeline');
    await expect.poll(() => timeline.getByText('纳入分中心管理序列').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => timeline.getByText('后补助').count(), { timeout: 10_000 }).toBe(1);
    expect(await timeline.getByText('¥200,000').count()).toBe(1);
    expect(await timeline.locator('h3').allTextContents()).toEqual(['2025', '2024']);
  });

  it('lets a sub-center fill its self-report on a phone, from the form the engine offers, every missing field named at once', async () => {
    const name = `自评填报中心-${Date.now()}`;
    const sc = await insertSubCenter(ctx.stack.db, { name, admittedAt: '2024-03-01T00:00:00+08:00' });
    const id = evaluationWorkflowId(sc.id, 2024);
    const subCenter = { ...sc, name, city: '广州', system: 'tech_service' as const, category: 'comprehensive' };
    await ctx.stack.client.workflow.start(evaluation, {
      workflowId: id,
      taskQueue: TASK_QUEUE,
      args: [
        {
          roundId: 'round-e2e-form',
          year: 2024,
          subCenter: { ...subCenter, admittedAt: '2024-03-01T00:00:00+08:00' },
          rules: DEFAULT_EVALUATION_RULES,
          ruleVersion: 0,
        },
      ],
    });
    const phone = await ctx.ui.as(sc.user.username, 'A-long-passw0rd', PHONE);
    await phone.goto(`${ctx.ui.url}/#/evaluations/${id}/show`);
    await phone.getByTestId('task-bar').getByRole('button', { name: '填报' }).click({ timeout: 15_000 });
    const dialog = phone.getByRole('dialog');
    // the Annex A groups as headings, each indicator with its unit
    for (const heading of ['科技信贷', '创投融资', '上市辅导', '附录B 定性说明'])
      expect(await dialog.getByText(heading, { exact: true }).count()).toBe(1);
    await dialog.getByLabel('入驻银行数（家）').fill('6');
    await dialog.getByLabel('对接贷款金额（万元）').fill('52000');
    await dialog.getByLabel('审批意见').fill('本年度自评');
    await dialog.getByRole('button', { name: '确认' }).click();
    // the three narratives are asked for together, each on its own field
    await expect.poll(() => dialog.getByText('必填').count()).toBe(3);
    await ctx.ui.screenshot(phone, 'self-report-form-phone');
    expect(await noSideways(phone)).toBeLessThanOrEqual(PHONE.width);
    await dialog.getByLabel('运营管理').fill('团队稳定，制度健全');
    await dialog.getByLabel('服务能力').fill('服务模式创新');
    await dialog.getByLabel('服务成效').fill('服务企业满意度高');
    await dialog.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(async () => (await ctx.api.as('province_reviewer').get(`/api/evaluations/${id}`)).body.report?.figures, {
        timeout: 10_000,
      })
      .toEqual({ banksOnSite: 6, matchedLoanAmount: 52_000 });
  });

  it('lets the applicant urge and recall from the case page, and a reviewer print the approval sheet', async () => {
    const data = await submitted();
    const applicant = await ctx.ui.as(data.applicant);
    await applicant.goto(`${ctx.ui.url}/#/applications/${data.id}/show`);
    await applicant.getByRole('button', { name: '催办' }).click();
    await applicant.locator('textarea[name="comment"]').fill('请尽快审核');
    await applicant.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => applicant.getByText('已催办').count()).toBeGreaterThan(0);
    // the two 撤回 are named apart, each confirmation saying what it does
    expect(await applicant.getByRole('button', { name: '终止申请' }).count()).toBe(1);
    await applicant.getByRole('button', { name: '撤回修改' }).click();
    expect(await applicant.getByRole('dialog').textContent()).toContain('撤回到草稿');
    await applicant.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => applicant.locator('[data-status="draft"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const other = await submitted();
    const gz = await ctx.ui.as('gz_reviewer');
    await gz.goto(`${ctx.ui.url}/#/applications/${other.id}/show`);
    const popup = gz.waitForEvent('popup');
    await gz.getByRole('button', { name: '打印审批单' }).click();
    await (await popup).waitForLoadState();
    await expect
      .poll(async () =>
        (await ctx.api.as('admin').get(`/api/applications/${other.id}/history`)).body.audit.map(
          (e: { action: string }) => e.action,
        ),
      )
      .toContain('case.sheet_printed');
    // recorded in the trail, not drawn as a step of the approval flow
    await gz.reload();
    const timeline = gz.getByTestId('approval-timeline');
    await timeline.getByText('提交申报').first().waitFor();
    expect(await timeline.locator('li:not(:has(button))').filter({ hasText: '打印审批单' }).count()).toBe(0);
  });

  it('opens the record from a row of every list it can fill itself', async () => {
    const data = await submitted();
    const name = `行点击测试中心-${Date.now()}`;
    const sc = await insertSubCenter(ctx.stack.db, { name, admittedAt: '2025-03-01T00:00:00+08:00' });
    const title = `行点击揭榜任务-${Date.now()}`;
    await ctx.api.as('province_reviewer').post('/api/competition-tasks', {
      year: 2026,
      title,
      goal: '目标',
      deliverables: '成果',
      eligibility: { systems: ['tech_service'], categories: [] },
      bidDeadline: new Date(Date.now() + 3_600_000).toISOString(),
      winners: 1,
      budget: 100_000,
      milestones: [{ title: '中期', workingDays: 20 }],
    });
    await ctx.api.as('province_reviewer').post('/api/revocations', { subCenterId: sc.id, reason: '行点击测试：违规' });
    const { workflowId, input } = buildPayout(sc, name, { amount: 100_000 });
    await ctx.stack.client.workflow.start(payout, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    const admin = await ctx.ui.as('admin');
    for (const [resource, text] of [
      ['applications', data.orgName],
      ['sub-centers', name],
      ['competition-tasks', title],
      ['revocations', name],
      ['payouts', name],
    ] as const) {
      await admin.goto(`${ctx.ui.url}/#/${resource}?perPage=50`);
      const row = admin.locator('tbody tr').filter({ hasText: text });
      await row.first().waitFor({ timeout: 10_000 });
      await row.first().locator('td').first().click();
      await admin.waitForURL(new RegExp(`#/${resource}/[^/]+/show$`), { timeout: 5_000 });
      await expect.poll(() => admin.getByText(text).count(), { timeout: 5_000 }).toBeGreaterThan(0);
      expect(await admin.getByText('出现错误').count()).toBe(0);
    }
  });

  it('lets an applicant submit and a reviewer decide on a phone, without sideways scrolling', async () => {
    const data = buildApplication();
    const owner = await ctx.api.applicantOf(data);
    const created = await owner.post('/api/applications', data);
    const applicant = await ctx.ui.as(owner.username, undefined, PHONE);
    await applicant.goto(`${ctx.ui.url}/#/applications/${created.body.id}/show`);
    await applicant.getByRole('button', { name: '提交申报' }).click();
    await applicant.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => applicant.locator('[data-status="municipal_review"]').count()).toBeGreaterThan(0);
    expect(await noSideways(applicant)).toBeLessThanOrEqual(PHONE.width);
    await ctx.ui.screenshot(applicant, 'phone-1-applicant-submitted');

    const gz = await ctx.ui.as('gz_reviewer', undefined, PHONE);
    await gz.goto(inbox());
    const card = gz.getByTestId('card-list').locator('.MuiCard-root').filter({ hasText: data.orgName });
    await card.waitFor();
    expect(await noSideways(gz)).toBeLessThanOrEqual(PHONE.width);
    await ctx.ui.screenshot(gz, 'phone-2-inbox');
    await card.getByText(data.orgName).click();
    await gz.waitForURL(/\/show$/);
    // the case's name in the app bar is read whole (two smaller lines on a phone), not cut short
    const title = gz.locator('#react-admin-title');
    await expect.poll(() => title.textContent()).toContain(data.orgName);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(
      true,
    );
    const decideButton = gz.getByTestId('task-bar').getByRole('button', { name: '审批' });
    await decideButton.waitFor();
    // the decision bar is pinned in reach on a page taller than the screen, without scrolling
    expect(await gz.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
    expect(await decideButton.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await noSideways(gz)).toBeLessThanOrEqual(PHONE.width);
    await decideButton.click();
    await gz.getByRole('radio', { name: '同意推荐' }).check();
    await gz.getByLabel('审批意见').fill('手机上审批');
    await gz.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => gz.getByText('已提交审批意见').count()).toBeGreaterThan(0);
    await ctx.ui.screenshot(gz, 'phone-3-decided');
  });

  it('starts a revocation from the sub-center page; the security officer unlocks a locked user', async () => {
    const name = `撤销表单测试中心-${Date.now()}`;
    const sc = await insertSubCenter(ctx.stack.db, { name, admittedAt: '2025-03-01T00:00:00+08:00' });
    const province = await ctx.ui.as('province_reviewer');
    await province.goto(`${ctx.ui.url}/#/sub-centers/${sc.id}/show`);
    await province.getByRole('button', { name: '启动撤销' }).click();
    await province.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => province.getByText('请说明撤销理由', { exact: false }).count()).toBeGreaterThan(0);
    await province.locator('textarea[name="reason"]').fill('连续两个季度未开展服务');
    await province.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(() => province.getByTestId('sub-center-timeline').getByText('撤销程序').count(), { timeout: 10_000 })
      .toBe(1);

    const username = `unlock_${Date.now()}`;
    const _created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '解锁测试', roles: ['expert'] });
    for (let i = 0; i < 5; i++)
      await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'wrong' } });
    const security = await ctx.ui.as('security');
    await security.goto(`${ctx.ui.url}/#/users?filter=${encodeURIComponent(JSON.stringify({ q: username }))}`);
    await security.getByText(username).click();
    await security.getByRole('button', { name: '解除锁定' }).click();
    await expect.poll(() => security.getByText('已解除锁定').count()).toBeGreaterThan(0);
    await security.getByRole('button', { name: '强制下线' }).click();
    await expect.poll(() => security.getByText('已结束', { exact: false }).count()).toBeGreaterThan(0);
    expect(
      (await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'A-long-passw0rd' } })).status,
    ).toBe(200);
  });

  it('lets a sub-center urge the decision on its revocation and take back its statement, on a phone', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: `撤回陈述页面中心-${Date.now()}`,
      admittedAt: '2025-03-01T00:00:00+08:00',
    });
    const started = await ctx.api
      .as('province_reviewer')
      .post('/api/revocations', { subCenterId: sc.id, reason: '服务记录不全' });
    ctx.api.usePassword(sc.user.username, 'A-long-passw0rd');
    const own = ctx.api.as(sc.user.username);
    const statementTask = async () =>
      (await own.get(`/api/revocations/${started.body.id}`)).body.openTasks?.find(
        (t: { step: string }) => t.step === 'statement',
      );
    await expect.poll(statementTask, { timeout: 10_000 }).toBeDefined();
    await own.post(`/api/tasks/${(await statementTask()).id}/complete`, {
      decision: 'approve',
      comment: '陈述',
      payload: { statement: '服务记录已补齐' },
    });
    const page = await ctx.ui.as(sc.user.username, 'A-long-passw0rd', PHONE);
    await page.goto(`${ctx.ui.url}/#/revocations/${started.body.id}/show`);
    const waiting = page.getByTestId('party-waiting');
    await expect.poll(() => waiting.textContent(), { timeout: 10_000 }).toContain('撤销决定');
    expect(await waiting.getByRole('button', { name: '催办' }).count()).toBe(1);
    await waiting.getByRole('button', { name: '撤回修改' }).click();
    expect(await page.getByRole('dialog').textContent()).toContain('期限不变');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('已撤回，可修改后重新提交').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-status="statement_period"]').count()).toBeGreaterThan(0);
    expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);
    await ctx.ui.screenshot(page, 'phone-4-statement-recalled');
  });

  it("lets a bidder urge the scoring of its own bid from the competition page, on a phone, and shows it no other bid's step", async () => {
    const names = ['甲', '乙'].map((n) => `催办揭榜中心${n}-${Date.now()}`);
    const bidders = await Promise.all(
      names.map((name) =>
        insertSubCenter(ctx.stack.db, {
          name,
          city: '佛山',
          admittedAt: '2025-01-01T00:00:00+08:00',
        }),
      ),
    );
    const created = await ctx.api.as('province_reviewer').post('/api/competition-tasks', {
      year: 2026,
      title: `催办揭榜任务-${Date.now()}`,
      goal: '目标',
      deliverables: '成果',
      eligibility: { systems: ['tech_service'], categories: [] },
      bidDeadline: new Date(Date.now() + 4_000).toISOString(),
      winners: 1,
      budget: 500_000,
      milestones: [{ title: '中期', workingDays: 20 }],
    });
    const id = created.body.id;
    await ctx.api.as('province_reviewer').post(`/api/competition-tasks/${id}/publish`);
    for (const b of bidders) {
      ctx.api.usePassword(b.user.username, 'A-long-passw0rd');
      await ctx.api.as(b.user.username).post(`/api/competition-tasks/${id}/bids`, {
        plan: '专项服务方案',
        team: '5人',
        requestedAmount: 200_000,
      });
    }
    const own = ctx.api.as(bidders[0]!.user.username);
    await expect
      .poll(async () => (await own.get(`/api/competition-tasks/${id}`)).body.openTasks?.length, { timeout: 15_000 })
      .toBe(2);
    const page = await ctx.ui.as(bidders[0]!.user.username, 'A-long-passw0rd', PHONE);
    await page.goto(`${ctx.ui.url}/#/competition-tasks/${encodeURIComponent(id)}/show`);
    const waiting = page.getByTestId('party-waiting');
    // its bid's two experts are one step to the bidder; the other bid's seats never show
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.textContent()).toContain('揭榜评审');
    await waiting.getByRole('button', { name: '催办' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('已催办').count()).toBeGreaterThan(0);
    // its own bid in the approval flow, the other bidder nowhere on the page
    await expect.poll(() => page.getByText(names[0]!).count()).toBeGreaterThan(0);
    expect(await page.getByText(names[1]!).count()).toBe(0);
    await ctx.ui.screenshot(page, 'phone-5-bid-urged');
    expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);
  });

  it('edits a rule set as a form, refuses a bad value on its field, and publishes after showing the change', async () => {
    const admin = await ctx.ui.as('admin');
    await admin.goto(`${ctx.ui.url}/#/rule-sets/create`);
    const editor = admin.getByTestId('rule-editor');
    const days = editor.locator('input[name="supplementWorkingDays"]');
    await days.waitFor();
    const keep = await days.inputValue();
    await days.fill('0');
    await admin.getByRole('button', { name: '检查并查看变更' }).click();
    await expect.poll(() => editor.getByText('不能小于 1', { exact: true }).count()).toBeGreaterThan(0);
    await days.fill(keep);
    const fee = editor.locator('input[name="thresholds.guarantee.2.value"]');
    const before = Number(await fee.inputValue());
    await fee.fill(String(before + 100));
    // meanwhile another administrator publishes a version, and the console re-reads (a live event):
    // the edit stays, and the editor says what happened
    const inForce = (
      await ctx.api.as('province_reviewer').get(`/api/rule-sets?filter=${encodeURIComponent('{"kind":"admission"}')}`)
    ).body[0];
    const other = { ...inForce.body, supplementWorkingDays: inForce.body.supplementWorkingDays + 1 };
    const published = await ctx.api
      .as('admin')
      .post('/api/rule-sets', { kind: 'admission', body: other, comment: '补正期限延长一天' });
    expect(published.status).toBe(201);
    await submitted();
    await expect.poll(() => admin.getByTestId('rule-newer').count(), { timeout: 10_000 }).toBe(1);
    expect(Number(await fee.inputValue())).toBe(before + 100);
    // publishing over the other version would undo it: the server refuses (409)
    await admin.getByRole('button', { name: '检查并查看变更' }).click();
    await admin.getByLabel('修改说明').fill('担保类科技担保费收入门槛上调');
    await admin.getByRole('button', { name: '发布新版本' }).click();
    await expect.poll(() => admin.getByText(/编辑期间第 \d+ 版已发布/).count()).toBeGreaterThan(0);
    // carried over onto the new version: my value kept, theirs too
    await admin.getByTestId('rule-newer').getByRole('button').click();
    await expect.poll(() => admin.getByTestId('rule-newer').count()).toBe(0);
    expect(Number(await fee.inputValue())).toBe(before + 100);
    expect(Number(await days.inputValue())).toBe(other.supplementWorkingDays);
    await admin.getByRole('button', { name: '检查并查看变更' }).click();
    const diff = admin.getByTestId('rule-diff');
    await expect.poll(() => diff.textContent()).toContain(`准入门槛 › 担保 › #3 › 数值：${before} → ${before + 100}`);
    expect(await diff.locator('[data-change]').count()).toBe(1);
    await admin.getByRole('button', { name: '发布新版本' }).click();
    await admin.waitForURL(/#\/rule-sets$/);
    const current = (
      await ctx.api.as('province_reviewer').get(`/api/rule-sets?filter=${encodeURIComponent('{"kind":"admission"}')}`)
    ).body[0];
    expect(current).toMatchObject({ comment: '担保类科技担保费收入门槛上调', createdBy: 'admin' });
    expect(current.body.thresholds.guarantee[2].value).toBe(before + 100);
    expect(current.body.supplementWorkingDays).toBe(other.supplementWorkingDays);
    // on a phone the nested groups fit the screen (a fieldset is never narrower than its content unless told)
    const phone = await ctx.ui.as('admin', undefined, PHONE);
    await phone.goto(`${ctx.ui.url}/#/rule-sets/create`);
    await phone.getByTestId('rule-editor').locator('input[name="thresholds.guarantee.2.value"]').waitFor();
    expect(await noSideways(phone)).toBeLessThanOrEqual(PHONE.width);
  });

  it('shows no Chinese column headers in English', async () => {
    await submitted();
    const name = `英文表头测试中心-${Date.now()}`;
    const sc = await insertSubCenter(ctx.stack.db, { name, admittedAt: '2025-03-01T00:00:00+08:00' });
    const { workflowId, input } = buildPayout(sc, name, { amount: 100_000 });
    await ctx.stack.client.workflow.start(payout, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    for (const [user, paths] of [
      ['gz_reviewer', ['tasks']],
      ['admin', ['applications', 'sub-centers', 'payouts']],
    ] as const) {
      const page = await ctx.ui.as(user);
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      for (const path of paths) {
        await page.goto(`${ctx.ui.url}/#/${path}`);
        await page.locator('tbody tr').first().waitFor();
        const headers = await page.locator('thead th').allTextContents();
        expect(headers.filter((h) => h.trim()).length, path).toBeGreaterThan(2);
        expect(
          headers.filter((h) => /[\u4e00-\u9fff]/.test(h)),
          path,
        ).toEqual([]);
      }
    }
  });

  it('has no serious or critical axe-core findings on the login page, the task center, the case page and its people picker', async () => {
    const data = await submitted();
    const visitor = await (await ctx.ui.browser.newContext({ locale: 'zh-CN' })).newPage();
    await visitor.goto(`${ctx.ui.url}/#/login`);
    await visitor.locator('input[name="password"]').waitFor();
    expect(await axeFindings(visitor), 'login').toEqual([]);
    // the inbox with its chips: a task marked 优先 (the warning colour) and one 紧急
    const marked = [await submitted(), await submitted()];
    for (const [i, c] of marked.entries()) {
      const [task] = (
        await ctx.api
          .as('gz_reviewer')
          .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: c.id, status: 'open' }))}`)
      ).body;
      expect(
        (await ctx.api.as('province_reviewer').post(`/api/tasks/${task.id}/prioritize`, { priority: i + 1 })).status,
      ).toBe(200);
    }
    const gz = await ctx.ui.as('gz_reviewer');
    await gz.goto(`${ctx.ui.url}/#/tasks`);
    await gz.locator('tbody tr').first().waitFor();
    await gz.getByText('优先').first().waitFor();
    expect(await axeFindings(gz), 'task center').toEqual([]);
    await gz.goto(`${ctx.ui.url}/#/applications/${data.id}/show`);
    await gz.getByTestId('task-bar').waitFor();
    expect(await axeFindings(gz), 'case page').toEqual([]);
    // the people picker of 转办, open on the person found
    await gz.getByTestId('task-bar').getByRole('button', { name: '更多操作' }).click();
    await gz.getByRole('menuitem', { name: '转办' }).click();
    await gz.getByLabel('接收人（输入姓名查找）').fill('复核');
    await gz.getByRole('option', { name: '广州市科技局 复核员（广州）' }).waitFor();
    expect(await axeFindings(gz), 'people picker').toEqual([]);
  });
});
