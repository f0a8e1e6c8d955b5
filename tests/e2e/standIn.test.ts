/**
 * The 代理 page in a real browser, at a desk and on a 390 px phone: a provincial reviewer finds a
 * colleague by name from the user menu and asks them to stand in; a window over 30 days is refused
 * on its field; the colleague accepts from the page their notification opens.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/browser.js';
import { buildApplication } from '../support/builders.js';

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

describe('the signature image', () => {
  it('is kept on the settings page and carried by a decision its owner signs', async () => {
    const { username } = await reviewer('签名审核员');
    const page = await ctx.ui.as(username, PASSWORD);
    await page.goto(`${ctx.ui.url}/#/stand-in`);
    const card = page.getByTestId('signature');
    await card.getByText('尚未设置签名图片').waitFor();
    // a 1 × 1 PNG, as a scanned signature would be
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await card
      .locator('input[name="signature"]')
      .setInputFiles({ name: '签名.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => card.locator('img').count(), { timeout: 10_000 }).toBe(1);

    // a provincial-unit case reaches this reviewer's queue; the decision carries the signature
    const { id } = await ctx.api.submittedCase(buildApplication({ applicantKind: 'provincial_unit' }));
    await page.goto(`${ctx.ui.url}/#/applications/${id}/show`);
    const bar = page.getByTestId('task-bar');
    await bar.getByRole('button', { name: '认领' }).click();
    await bar.getByRole('button', { name: '审批' }).click();
    await page.getByRole('radio', { name: '不予通过' }).check();
    await page.getByLabel('附上我的签名').check();
    await page.getByLabel('审批意见').fill('材料不符，不予通过');
    await page.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(
        async () =>
          (await ctx.stack.db
            .selectFrom('tasks')
            .select(['signed', 'completed_by'])
            .where('case_id', '=', id)
            .where('status', '=', 'done')
            .executeTakeFirst()) ?? null,
        { timeout: 10_000 },
      )
      .toEqual({ signed: true, completed_by: username });
  });
});
