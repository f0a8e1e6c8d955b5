/**
 * The whole product on one machine: embedded PostgreSQL, the Temporal dev server (persisted under
 * DATA_DIR), the local SMTP server, and the API and the worker as two supervised processes.
 * Used by `npm start` and by the benchmarks; `stop()` stops everything in reverse order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../activities/payloadCodec.js';
import { createDb, type Db } from '../db/index.js';
import { type Config, loadConfig } from './config.js';
import { EMBEDDED_ROLE_PASSWORDS, setUpDatabase } from './database.js';
import { seedDemoUsers } from './demoUsers.js';
import { startMailServer } from './mailServer.js';
import { clearRecords, recordPid, stopOrphans } from './orphans.js';
import { ensureSchedules, startNotificationDispatcher } from './schedules.js';
import { privateProductEnv, startPostgres, startTemporalDevServer } from './stack.js';
import { type Service, superviseService, WORKER_ENV, WORKER_NODE_ARGS, waitForHttp } from './supervisor.js';
import { registerSearchAttributes } from './temporal.js';

export interface Product {
  db: Db;
  client: Client;
  apiUrl: string;
  /** The application role's connection (no DDL, append-only audit trail). */
  databaseUrl: string;
  /** The owner role's connection (migrations; the fault tests' table locks). */
  ownerUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  api: Service;
  worker: Service;
  /** The embedded PostgreSQL (absent with DATABASE_URL): stopped and started again by the fault tests. */
  postgres?: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export async function startProduct(config: Config, log: (message: string) => void): Promise<Product> {
  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stoppers.splice(0)) await s().catch((e) => console.error(e));
  };
  try {
    await stopOrphans(config.DATA_DIR, log);
    recordPid(config.DATA_DIR, 'product', process.pid, basename(process.argv[1] ?? 'node'));
    // stopped in reverse order: the records go last, once everything they name has stopped
    stoppers.unshift(async () => clearRecords(config.DATA_DIR));
    let postgres: Product['postgres'];
    let urls: { appUrl: string; ownerUrl: string };
    if (config.DATABASE_URL) {
      urls = await setUpDatabase({ url: config.DATABASE_URL, ownerUrl: config.DATABASE_OWNER_URL });
    } else {
      log(`starting embedded PostgreSQL on port ${config.PG_PORT} (${join(config.DATA_DIR, 'pg')})`);
      const pg = await startPostgres(join(config.DATA_DIR, 'pg'), config.PG_PORT);
      stoppers.unshift(() => pg.stop());
      postgres = pg;
      urls = await setUpDatabase({ superUrl: pg.url, passwords: EMBEDDED_ROLE_PASSWORDS });
    }
    // the product, its API and its workers connect as the application role from here on
    const databaseUrl = urls.appUrl;
    const db = createDb(databaseUrl);
    stoppers.unshift(() => db.destroy());

    let address = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined;
    if (!address) {
      if (!config.TEMPORAL_BIN)
        throw new Error('no Temporal CLI: run through `npm start`, or set TEMPORAL_BIN or TEMPORAL_ADDRESS');
      log(`starting Temporal dev server on port ${config.TEMPORAL_PORT} (${join(config.DATA_DIR, 'temporal')})`);
      // a dev server that dies is started again on the same file (the cases live on in it)
      let stopped = false;
      let current: Awaited<ReturnType<typeof startTemporalDevServer>> | undefined;
      const launch = async (): Promise<string> => {
        current = await startTemporalDevServer({
          bin: config.TEMPORAL_BIN!,
          port: config.TEMPORAL_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          dbFile: join(config.DATA_DIR, 'temporal', 'temporal.db'),
        });
        recordPid(config.DATA_DIR, 'temporal', current.pid, join(config.DATA_DIR, 'temporal'));
        void current.exited.then(async () => {
          if (stopped) return;
          log('the Temporal dev server exited; starting it again');
          await new Promise((r) => setTimeout(r, 1_000));
          if (!stopped) await launch().catch((e) => log(`the Temporal dev server did not start again: ${e}`));
        });
        return current.address;
      };
      const serverAddress = await launch();
      stoppers.unshift(async () => {
        stopped = true;
        await current?.stop();
      });
      address = serverAddress;
      temporalUiUrl = `http://localhost:${config.TEMPORAL_UI_PORT}`;
    }
    const connection = await Connection.connect({ address });
    stoppers.unshift(() => connection.close());
    const client = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverter(config.PAYLOAD_KEYS),
    });
    await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    await ensureSchedules(client);

    let smtpUrl = config.SMTP_URL;
    if (!smtpUrl) {
      const mail = await startMailServer(db, config.SMTP_PORT);
      stoppers.unshift(mail.stop);
      smtpUrl = mail.url;
      log(`no SMTP_URL: mail goes to the local SMTP server at ${smtpUrl} (发件箱 in the console)`);
    }
    await startNotificationDispatcher(client, 5);

    // the services get this configuration, also when it was not read from the environment (a
    // benchmark's or a test's private product): its secrets above all
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      SMTP_URL: smtpUrl,
      JWT_SECRET: config.JWT_SECRET,
      AUDIT_KEY: config.AUDIT_KEY,
      PAYLOAD_KEYS: config.PAYLOAD_KEYS,
      TRUSTED_PROXIES: config.TRUSTED_PROXIES,
      WORKER_PORT: config.WORKER_PORT === undefined ? undefined : String(config.WORKER_PORT),
      KEJIN_DEMO: config.KEJIN_DEMO,
    };
    log('starting the worker and the API (two processes)');
    const worker = superviseService({
      name: 'worker',
      entry: 'worker',
      nodeArgs: WORKER_NODE_ARGS,
      env: { ...env, ...WORKER_ENV },
      log,
      onSpawn: (pid) => recordPid(config.DATA_DIR, 'worker', pid, 'scripts/worker.ts'),
    });
    stoppers.unshift(worker.stop);
    const api = superviseService({
      name: 'api',
      entry: 'api',
      env: { ...env, PORT: String(config.PORT), TEMPORAL_UI_URL: temporalUiUrl },
      log,
      onSpawn: (pid) => recordPid(config.DATA_DIR, 'api', pid, 'scripts/api.ts'),
    });
    // the API stops first (it drains the requests in flight), then the worker
    stoppers.unshift(api.stop);
    const apiUrl = `http://127.0.0.1:${config.PORT}`;
    await waitForHttp(`${apiUrl}/api/health`);
    return {
      db,
      client,
      apiUrl,
      databaseUrl,
      ownerUrl: urls.ownerUrl,
      temporalAddress: address,
      temporalUiUrl,
      api,
      worker,
      postgres,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The API over HTTP in the shape the demo seeding uses (`app.request`). */
export const httpApp = (apiUrl: string) => ({
  request: (path: string, init?: RequestInit) => fetch(apiUrl + path, init),
});

export type PrivateProduct = Product & { dataDir: string; env: Record<string, string>; dispose(): Promise<void> };

/**
 * A whole product of its own (benchmarks, fault, backup and fuzz tests) in a throw-away data
 * directory on free ports, with the demo users; `env` overrides its environment.
 */
export async function startPrivateProduct(
  name: string,
  log: (m: string) => void = () => {},
  env: Record<string, string> = {},
): Promise<PrivateProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), `kejin-${name}-`));
  const full = { ...(await privateProductEnv(dataDir)), ...env };
  const product = await startProduct(loadConfig({ ...process.env, ...full }), log);
  await seedDemoUsers(product.db, full.AUDIT_KEY);
  return {
    ...product,
    dataDir,
    env: full,
    dispose: async () => {
      await product.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
