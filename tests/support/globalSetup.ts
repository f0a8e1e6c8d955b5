/**
 * One real stack for the whole run: embedded PostgreSQL and a Temporal dev server on free ports,
 * in their own data directory (so `npm test` passes while `npm start` runs), plus one worker.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { dataConverter } from '../../activities/payloadCodec.js';
import { createDb } from '../../db/index.js';
import { seedDemoUsers } from '../../scripts/demo/demoUsers.js';
import { startMailServer } from '../../scripts/dev/mailServer.js';
import { freePort, startPostgres, startTemporalDevServer } from '../../scripts/dev/stack.js';
import { EMBEDDED_ROLE_PASSWORDS, setUpDatabase } from '../../scripts/prod/database.js';
import { startNotificationDispatcher } from '../../scripts/prod/schedules.js';
import { bundleWorkflows, createWorker } from '../../scripts/prod/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The owner role: tests arrange and inspect data (and tamper, as an owner could). */
    databaseUrl: string;
    /** The application role the worker and the API use. */
    appDatabaseUrl: string;
    temporalAddress: string;
    smtpUrl: string;
  }
}

/**
 * Data directories of earlier runs that were killed before their teardown: older than an hour and
 * their PostgreSQL not running (a run going on beside this one keeps its own).
 */
function sweepAbandonedRuns(dataDir: string) {
  for (const name of readdirSync(dataDir).filter((n) => n.startsWith('test-'))) {
    const dir = join(dataDir, name);
    if (Date.now() - statSync(dir).mtimeMs < 3_600_000) continue;
    const pidFile = join(dir, 'pg', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    let running = false;
    try {
      running = pid > 0 && process.kill(pid, 0);
    } catch {}
    if (!running) rmSync(dir, { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '..', '..');
  mkdirSync(join(root, '.data'), { recursive: true });
  sweepAbandonedRuns(join(root, '.data'));
  const dir = mkdtempSync(join(root, '.data', 'test-'));
  chmodSync(dir, 0o755); // the postgres system user must reach its data directory
  const bin = process.env.TEMPORAL_BIN;
  if (!bin) throw new Error('TEMPORAL_BIN is not set: run the tests with `npm test`');

  const [pg, temporal] = await Promise.all([
    startPostgres(join(dir, 'pg'), await freePort()),
    startTemporalDevServer({ bin, port: await freePort() }),
  ]);
  // as in production: the owner migrates, the worker and the API connect as the application role
  const urls = process.env.TEST_DATABASE_URL
    ? await setUpDatabase({ url: process.env.TEST_DATABASE_URL })
    : await setUpDatabase({ superUrl: pg.url, passwords: EMBEDDED_ROLE_PASSWORDS });
  const db = createDb(urls.appUrl);
  await seedDemoUsers(db);

  // a real SMTP server of the harness: notifications of the demo users land in its mailbox table
  const mail = await startMailServer(db, await freePort());
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const worker = await createWorker({
    address: temporal.address,
    db,
    bundle: await bundleWorkflows(),
    smtpUrl: mail.url,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporal.address });
  await startNotificationDispatcher(new Client({ connection, dataConverter: dataConverter() }), 1);
  await connection.close();

  project.provide('databaseUrl', urls.ownerUrl);
  project.provide('appDatabaseUrl', urls.appUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('smtpUrl', mail.url);

  return async () => {
    worker.shutdown();
    await running.catch(() => {});
    await mail.stop();
    await db.destroy();
    await temporal.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
