/**
 * `npm start`: the whole product on one machine — embedded PostgreSQL, the Temporal dev server
 * (persisted under .data/), a worker, the API and the console, with demo data. Ctrl-C stops all.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDb, migrateToLatest } from '../db/index.js';
import { seedReferenceData } from '../db/seed.js';
import { loadConfig } from './config.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from './demoUsers.js';
import { startMailServer } from './mailServer.js';
import { ensureSchedules, startNotificationDispatcher } from './schedules.js';
import { seedDemoCases, seedDemoCompetition, seedDemoEvaluation } from './seedDemo.js';
import { launchApi, launchWorker } from './services.js';
import { registerSearchAttributes, type Stoppable, startPostgres, startTemporalDevServer } from './stack.js';

const config = loadConfig();
const log = (message: string) => console.log(`[kejin] ${message}`);
const stoppers: (() => Promise<unknown>)[] = [];

async function main() {
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    log(`starting embedded PostgreSQL on port ${config.PG_PORT} (${join(config.DATA_DIR, 'pg')})`);
    const pg = await startPostgres(join(config.DATA_DIR, 'pg'), config.PG_PORT);
    stoppers.unshift(() => pg.stop());
    databaseUrl = pg.url;
  }
  const db = createDb(databaseUrl);
  stoppers.unshift(() => db.destroy());
  await migrateToLatest(db);
  await seedReferenceData(db);

  let address = config.TEMPORAL_ADDRESS;
  let temporalUiUrl: string | undefined;
  if (!address) {
    if (!config.TEMPORAL_BIN)
      throw new Error('no Temporal CLI: run through `npm start`, or set TEMPORAL_BIN or TEMPORAL_ADDRESS');
    log(`starting Temporal dev server on port ${config.TEMPORAL_PORT} (${join(config.DATA_DIR, 'temporal')})`);
    const server: Stoppable & { address: string } = await startTemporalDevServer({
      bin: config.TEMPORAL_BIN,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: join(config.DATA_DIR, 'temporal', 'temporal.db'),
    });
    stoppers.unshift(() => server.stop());
    address = server.address;
    temporalUiUrl = `http://localhost:${config.TEMPORAL_UI_PORT}`;
  }
  const connection = await Connection.connect({ address });
  stoppers.unshift(() => connection.close());
  await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  await ensureSchedules(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }));

  Runtime.install({ logger: new DefaultLogger('WARN') });
  log('bundling workflows and starting the worker');
  let smtpUrl = config.SMTP_URL;
  if (!smtpUrl) {
    const mail = await startMailServer(db, config.SMTP_PORT);
    stoppers.unshift(mail.stop);
    smtpUrl = mail.url;
    log(`no SMTP_URL: mail goes to the local SMTP server at ${smtpUrl} (发件箱 in the console)`);
  }
  const worker = await launchWorker({ config, db, address, smtpUrl });
  await startNotificationDispatcher(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), 5);
  stoppers.unshift(worker.stop);
  const { app, close } = launchApi({ config, db, connection, temporalUiUrl });
  stoppers.unshift(close);

  if (config.KEJIN_DEMO === '1') {
    await seedDemoUsers(db);
    const existing = await db.selectFrom('applications').select('id').limit(1).execute();
    if (existing.length === 0) {
      log('creating demo cases through the API…');
      log(`${await seedDemoCases(app)} demo applications created`);
      log('running the 2025 evaluation round for the demo…');
      await seedDemoEvaluation(app, db, new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }));
      log("publishing this year's open-competition task list…");
      await seedDemoCompetition(app);
    }
  }

  const base = `http://localhost:${config.PORT}`;
  console.log(`
  科金 Kejin is running
    Console      ${base}/${existsSync(join(import.meta.dirname, '..', 'admin', 'dist', 'index.html')) ? '' : '   (not built yet)'}
    API          ${base}/api        OpenAPI ${base}/openapi.json   Swagger UI ${base}/docs
    Temporal UI  ${temporalUiUrl ?? `(external Temporal at ${address})`}
    Data         ${config.DATABASE_URL ? 'DATABASE_URL' : join(config.DATA_DIR, 'pg')}
${config.KEJIN_DEMO === '1' ? `  Demo logins (password ${DEMO_PASSWORD}):\n${DEMO_USERS.map((u) => `    ${u.username.padEnd(18)} ${u.roles.join(', ')}${u.city ? ` · ${u.city}` : ''}`).join('\n')}\n` : ''}
  Ctrl-C stops everything.
`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const stop of stoppers) await stop().catch((e) => console.error(e));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err) => {
  console.error('[kejin] failed to start:', err);
  void shutdown(1);
});
