/** The real API serving the built console on a free port, and Debian's Chromium driven by playwright-core. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../api/app.js';
import { serveConsole } from '../../api/console.js';
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { freePort } from '../../scripts/dev/stack.js';
import { apiClient, TEST_JWT_SECRET } from './api.js';
import { connectStack, type TestStack } from './stack.js';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.test-results', 'screenshots');

export async function startConsole(stack: TestStack) {
  const app = createApp({
    db: stack.appDb,
    temporal: stack.client,
    jwtSecret: TEST_JWT_SECRET,
    temporalUiUrl: 'http://localhost:8233',
  });
  serveConsole(app);
  const port = await freePort();
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath}: run the tests with \`npm test\`, which installs it`);
  const browser: Browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${port}`,
    browser,
    /** A fresh browser session signed in as a demo user, on the dashboard. */
    async as(username: string, password = DEMO_PASSWORD, viewport = { width: 1400, height: 900 }): Promise<Page> {
      const context = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`http://127.0.0.1:${port}/#/login`);
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      const otp = demoOtp(username);
      if (otp) {
        // the server asks for the second factor; the form shows its field
        await page.fill('input[name="otp"]', otp);
        await page.click('button[type="submit"]');
      }
      await page.waitForURL(/#\/$/);
      return page;
    },
    screenshot: (page: Page, name: string) =>
      page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** For a browser test file: the test stack, an API client and the console, started before its tests and closed after. */
export function setupConsole() {
  const ctx = {} as {
    stack: TestStack;
    api: ReturnType<typeof apiClient>;
    ui: Awaited<ReturnType<typeof startConsole>>;
  };
  beforeAll(async () => {
    ctx.stack = await connectStack();
    ctx.api = apiClient(ctx.stack);
    ctx.ui = await startConsole(ctx.stack);
  });
  afterAll(async () => {
    await ctx.ui?.close();
    await ctx.stack?.close();
  });
  return ctx;
}
