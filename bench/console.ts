/**
 * How fast the console reaches a person: transferred bytes (JavaScript apart) and the time to the
 * login form and, after signing in, to the inbox — unthrottled and on a "3G" phone link
 * (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, Chrome DevTools' Fast 3G), in Debian's
 * Chromium on a private stack. Prints numbers; the goal (issue 10) is at most 350 KB of gzipped
 * JavaScript for the login page.
 *
 *   npm run bench:console
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../scripts/demo/demoUsers.js';
import { privateProduct, say } from './common.js';

const PROFILES = {
  unthrottled: null,
  'fast 3G': { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
} as const;

async function measure(url: string, page: Page, profile: keyof typeof PROFILES) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const conditions = PROFILES[profile];
  if (conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
  const types = new Map<string, string>();
  const scripts = new Map<string, string>();
  let bytes = 0;
  let js = 0;
  cdp.on('Network.responseReceived', (e) => {
    types.set(e.requestId, e.type);
    if (e.type === 'Script') scripts.set(e.requestId, new URL(e.response.url).pathname);
  });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') js += e.encodedDataLength;
  });
  const t0 = performance.now();
  await page.goto(`${url}/#/login`);
  await page.locator('input[name="password"]').waitFor();
  const login = { ms: performance.now() - t0, bytes, js, scripts: [...scripts.values()] };
  await page.fill('input[name="username"]', 'gz_reviewer');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  const t1 = performance.now();
  await page.click('button[type="submit"]');
  await page.waitForURL(/#\/$/);
  await page.goto(`${url}/#/tasks`);
  await page.getByTestId('task-list').waitFor();
  const inbox = { ms: performance.now() - t1, bytes: bytes - login.bytes, js: js - login.js };
  await cdp.detach();
  return { login, inbox };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
/** The gzip size of the scripts a page loaded (the build writes a .gz beside each; browsers get brotli). */
const gzipped = (paths: string[]) =>
  paths.reduce((sum, p) => sum + statSync(join(import.meta.dirname, '..', 'admin', 'dist', `${p}.gz`)).size, 0);
let loginScripts: string[] = [];
const product = await privateProduct();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  say('profile       | login form: time, bytes (JS) | then inbox: time, bytes (JS)');
  for (const profile of Object.keys(PROFILES) as (keyof typeof PROFILES)[]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const { login, inbox } = await measure(product.apiUrl, await context.newPage(), profile);
    loginScripts = login.scripts;
    say(
      `${profile.padEnd(13)} | ${(login.ms / 1000).toFixed(2)} s, ${kb(login.bytes)} (${kb(login.js)}) | ${(inbox.ms / 1000).toFixed(2)} s, ${kb(inbox.bytes)} (${kb(inbox.js)})`,
    );
    await context.close();
  }
  say(`login page JavaScript: ${loginScripts.length} files, ${kb(gzipped(loginScripts))} gzipped (goal ≤ 350 KB)`);
} finally {
  await browser.close();
  await product.dispose();
}
