/**
 * The 代理 page in a real browser, at a desk and on a 390 px phone: a provincial reviewer finds a
 * colleague by name from the user menu and asks them to stand in; a window over 30 days is refused
 * on its field; the colleague accepts from the page their notification opens.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/browser.js';

const ctx = setupConsole();
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Stand-in-passw0rd';

async function reviewer(name: string) {
  const username = `e2e_${randomUUID().slice(0, 8)}`;
  const res = await ctx.api.as('admin').post('/api/users', {
    username,
    password: PASSWORD,
    displayName: `${name}${username.slice(-4)}`,
    roles: ['provincial_reviewer'],
  });
  expect(res.status).toBe(201);
  return { username, displayName: res.body.displayName as string };
}

describe('the 代理 page', () => {
  for (const [width, viewport] of [
    ['desk', undefined],
    ['phone', PHONE],
  ] as const) {
    it(`asks a colleague found by name to stand in, who accepts (${width})`, async () => {
      const absent = await reviewer('外出审核员');
      const colleague = await reviewer('代理审核员');
      const page = await ctx.ui.as(absent.username, PASSWORD, viewport);
      // the user menu: named by the user at a desk, 设置 on a phone (an icon)
      await page.getByRole('button', { name: viewport ? '设置' : absent.displayName }).click();
      await page.getByRole('menuitem', { name: '代理' }).click();
      await page.getByTestId('my-stand-in').waitFor();
      await page.getByLabel('代理人').fill(colleague.displayName);
      await page.getByRole('option', { name: new RegExp(colleague.displayName) }).click();
      // a window over 30 days is refused on its field
      await page.locator('input[name="to"]').fill('2099-01-01T12:00');
      await page.getByRole('button', { name: '请其代理' }).click();
      await expect.poll(() => page.getByText(/代理期限最长 30 天/).count()).toBeGreaterThan(0);
      const week = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
      await page.locator('input[name="to"]').fill(week);
      await page.getByRole('button', { name: '请其代理' }).click();
      await expect.poll(() => page.getByTestId('my-stand-in').textContent()).toMatch(/待对方接受/);
      if (viewport)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await ctx.ui.screenshot(page, `stand-in-asked-${width}`);

      const other = await ctx.ui.as(colleague.username, PASSWORD, viewport);
      await other.goto(`${ctx.ui.url}/#/stand-in`);
      const offer = other.locator(`[data-offer="${absent.username}"]`);
      await offer.getByRole('button', { name: '接受' }).click();
      await expect.poll(() => offer.textContent()).toMatch(/已接受/);
      await ctx.ui.screenshot(other, `stand-in-accepted-${width}`);
      await page.reload();
      await expect.poll(() => page.getByTestId('my-stand-in').textContent()).toMatch(/已接受/);
      await page.context().close();
      await other.context().close();
    });
  }
});
