/**
 * No screen of the console shows English or an internal name in Chinese mode: a browser walks
 * every page each role reaches (lists, a record of each, forms, the task center, the dashboard)
 * and reads what the console itself writes — headings, column headers, labels, buttons, tabs,
 * menus, chips, hints and empty states — leaving the data people entered aside.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/browser.js';

const ctx = setupConsole();

/** What the console writes itself (not data): where English or an internal name must not appear. */
const CHROME =
  'h1, h2, h3, h4, h5, h6, th, label, legend, button, [role="tab"], [role="menuitem"], .MuiChip-label, .MuiAlert-message, .RaEmpty-message, .MuiTablePagination-displayedRows, .MuiFormHelperText-root, #react-admin-title, p.MuiTypography-root';
/** Words a Chinese page may carry as they are. */
const ALLOWED = /^(PDF|PNG|JPEG|Excel|CNY|Kejin|SHA-256|ID|OK|Temporal|UI|CSV|English)$/; // English: the language switch

async function englishOn(page: Page): Promise<string[]> {
  // the text of each, without the data inside it (a table cell, or what is marked `data-data`)
  const texts = await page.locator(CHROME).evaluateAll((els) =>
    els
      .filter((e) => !e.closest('td, [data-data]'))
      .map((e) => {
        const copy = e.cloneNode(true) as HTMLElement;
        for (const d of Array.from(copy.querySelectorAll('[data-data]'))) d.remove();
        return copy.textContent?.trim() ?? '';
      })
      .filter(Boolean),
  );
  // words of letters standing on their own: a code with digits (a credit code) or letters written
  // into a Chinese name (API评价中心) is data
  const CJK = /[\u4e00-\u9fff]/;
  return texts.filter((t) =>
    [...t.matchAll(/[A-Za-z0-9_-]+/g)].some(({ 0: w, index }) => {
      if (!/^[A-Za-z][A-Za-z_-]{2,}$/.test(w) || ALLOWED.test(w)) return false;
      return !CJK.test(t[index - 1] ?? '') && !CJK.test(t[index + w.length] ?? '');
    }),
  );
}

/** The page has drawn what it loads (the live feed keeps a connection open: no network idle). */
async function settled(page: Page) {
  await page.waitForTimeout(600);
  await page
    .locator('.MuiLinearProgress-root, .MuiCircularProgress-root')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
}

const PAGES: Record<string, string[]> = {
  admin: [
    '/',
    '/applications',
    '/tasks',
    '/tasks/done',
    '/tasks/cc',
    '/sub-centers',
    '/competition-tasks',
    '/bids',
    '/evaluation-rounds',
    '/evaluations',
    '/revocations',
    '/payouts',
    '/users',
    '/users/create',
    '/organizations',
    '/incidents',
    '/rule-sets',
    '/rule-sets/create',
    '/calendar',
    '/notifications',
    '/mailbox',
    '/objections',
    '/stand-in',
  ],
  auditor: ['/operation-log'],
  province_reviewer: ['/', '/tasks', '/competition-tasks/create'],
  applicant1: ['/', '/applications', '/applications/create', '/tasks/started', '/bids', '/evaluations'],
  finance1: ['/', '/payouts'],
  expert1: ['/', '/tasks'],
};

describe('the console in Chinese', () => {
  it('shows no English and no internal name on any page a role reaches, nor on a record of each list', async () => {
    const found: string[] = [];
    for (const [username, paths] of Object.entries(PAGES)) {
      const page = await ctx.ui.as(username);
      for (const path of paths) {
        await page.goto(`${ctx.ui.url}/#${path}`);
        await settled(page);
        for (const t of await englishOn(page)) found.push(`${username} ${path}: ${t}`);
        // a record of the list, where it has one
        const row = page.locator('tbody tr.RaDatagrid-clickableRow:visible').first();
        if (!path.endsWith('create') && path !== '/' && (await row.count())) {
          await row.click();
          await settled(page);
          for (const t of await englishOn(page)) found.push(`${username} ${path} → ${page.url().split('#')[1]}: ${t}`);
        }
      }
      await page.context().close();
    }
    expect([...new Set(found)]).toEqual([]);
  }, 300_000);
});
