/**
 * The working-day calendar page (DOMAIN §8) in a real browser, at a desk and on a 390 px phone:
 * an administrator sees 2026 as published and 2027 as provisional with the warning that it is not
 * entered, and a schedule lacking a statutory festival is refused in words; other roles read it
 * without the buttons, and an applicant has no such page.
 */
import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/browser.js';

const ctx = setupConsole();
const PHONE = { width: 390, height: 844 };

describe('the working-day calendar page', () => {
  for (const [width, viewport] of [
    ['desk', undefined],
    ['phone', PHONE],
  ] as const) {
    it(`shows an administrator next year as provisional and refuses a schedule without 春节 (${width})`, async () => {
      const admin = await ctx.ui.as('admin', undefined, viewport);
      await admin.goto(`${ctx.ui.url}/#/`);
      await admin.getByTestId('calendar-due').waitFor();
      await admin.goto(`${ctx.ui.url}/#/calendar`);
      const next = admin.locator('[data-status="provisional"]').first();
      await next.waitFor();
      const year = Number(await next.getAttribute('data-year'));
      expect(await admin.getByTestId('calendar-due').textContent()).toContain(`${year} 年的放假安排尚未录入`);
      expect(await next.textContent()).toMatch(/暂定.*春节/);
      expect(await admin.locator('[data-year="2026"]').textContent()).toMatch(/正式 · 第 \d+ 版.*国务院办公厅/);
      if (viewport)
        expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await next.getByRole('button', { name: '录入正式安排' }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.locator('input[name="spring_festival-from"]').fill('');
      await dialog.locator('input[name="spring_festival-to"]').fill('');
      await dialog.getByLabel('依据（通知名称及日期）').fill('国务院办公厅关于部分节假日安排的通知（测试）');
      await dialog.getByLabel('修改说明').fill('录入测试');
      await ctx.ui.screenshot(admin, `calendar-enter-${width}`);
      await dialog.getByRole('button', { name: '保存为新版本' }).click();
      await expect.poll(() => dialog.getByRole('alert').first().textContent()).toMatch(/^未包含法定节假日：春节/);
      await dialog.getByRole('button', { name: '取消' }).click();
      await ctx.ui.screenshot(admin, `calendar-${width}`);
      await admin.context().close();
    });
  }

  it('lets an auditor read the versions without entering, and gives an applicant no calendar page', async () => {
    const auditor = await ctx.ui.as('auditor');
    await auditor.goto(`${ctx.ui.url}/#/calendar`);
    const official = auditor.locator('[data-year="2026"]');
    await official.waitFor();
    expect(await auditor.getByRole('button', { name: '录入正式安排' }).count()).toBe(0);
    await official.getByRole('button', { name: '历史版本' }).click();
    await expect.poll(() => auditor.getByTestId('calendar-versions').textContent()).toMatch(/第 1 版.*初始版本/);
    await auditor.context().close();
    const applicant = await ctx.ui.as('applicant1');
    await applicant.goto(`${ctx.ui.url}/#/`);
    await applicant.getByRole('heading', { name: /欢迎/ }).waitFor();
    expect(await applicant.getByRole('menuitem', { name: '工作日历' }).count()).toBe(0);
    await applicant.context().close();
  });
});
