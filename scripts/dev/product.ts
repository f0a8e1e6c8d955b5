/**
 * The whole product on one machine: embedded PostgreSQL, Temporal (the dev server persisted under
 * DATA_DIR, or in the cluster topology the real server on that PostgreSQL), the local SMTP
 * server, and the APIs and the workers as supervised processes (one of each; two of each in the
 * cluster topology). Used by `npm start`, `npm run start:cluster`, the benchmarks and the
 * deploy tests; `stop()` stops everything in reverse order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../../activities/payloadCodec.js';
import { createDb, type Db } from '../../db/index.js';
import { seedDemoUsers } from '../demo/demoUsers.js';
import { type Config, loadConfig } from '../prod/config.js';
import { EMBEDDED_ROLE_PASSWORDS, setUpDatabase } from '../prod/database.js';
import { ensureSchedules, startNotificationDispatcher } from '../prod/schedules.js';
import { registerSearchAttributes } from '../prod/temporal.js';
import { startMailServer } from './mailServer.js';
import { clearRecords, recordPid, stopOrphans } from './orphans.js';
import { EMBEDDED_SUPERUSER, freePort, privateProductEnv, startPostgres, startTemporalDevServer } from './stack.js';
import { type Service, superviseService, WORKER_ENV, WORKER_NODE_ARGS, waitForHttp } from './supervisor.js';
import { startTemporalServer } from './temporalServer.js';

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
  /** Every API process, with its URL (the first is `api`, `apiUrl`). */
  apis: { service: Service; url: string }[];
  /** Every worker process, with its health port (`WORKER_PORT`) where it has one. */
  workers: { service: Service; port?: number }[];
  /** The real Temporal server of the cluster topology: killed and restarted by its test. */
  temporalServer?: { kill(): void; restart(): Promise<void>; pid(): number | undefined };
  /** The embedded PostgreSQL (absent with DATABASE_URL): stopped and started again by the fault tests. */
  postgres?: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

/** How many of each service, and which Temporal: the dev server (SQLite) or the real server on PostgreSQL. */
export interface Topology {
  apis: number;
  workers: number;
  temporal: 'dev' | 'server';
}
const ONE_MACHINE: Topology = { apis: 1, workers: 1, temporal: 'dev' };
export const CLUSTER: Topology = { apis: 2, workers: 2, temporal: 'server' };

export async function startProduct(
  config: Config,
  log: (message: string) => void,
  topology: Topology = ONE_MACHINE,
): Promise<Product> {
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
    let temporalServer: Product['temporalServer'];
    if (!address && topology.temporal === 'server') {
      if (!postgres)
        throw new Error('the cluster topology runs Temporal on its own PostgreSQL: leave DATABASE_URL unset');
      log(`starting the Temporal server on PostgreSQL (${join(config.DATA_DIR, 'temporal-server')})`);
      const server = await startTemporalServer({
        dir: join(config.DATA_DIR, 'temporal-server'),
        pg: { host: '127.0.0.1', port: config.PG_PORT, ...EMBEDDED_SUPERUSER },
        log,
      });
      recordPid(config.DATA_DIR, 'temporal', server.pid(), 'temporal-server.yaml');
      stoppers.unshift(server.stop);
      address = server.address;
      temporalServer = server;
    }
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
      REQUEST_LOG: config.REQUEST_LOG,
      KEJIN_DEMO: config.KEJIN_DEMO,
    };
    log(`starting ${topology.workers} worker(s) and ${topology.apis} API process(es)`);
    // the first of each is named plainly (its record, its port); the others by their number
    const nth = (name: string, i: number) => (i === 0 ? name : `${name}-${i + 1}`);
    const workers: Product['workers'] = [];
    for (let i = 0; i < topology.workers; i++) {
      const port = i === 0 ? config.WORKER_PORT : config.WORKER_PORT && (await freePort());
      const service = superviseService({
        name: nth('worker', i),
        entry: 'worker',
        nodeArgs: WORKER_NODE_ARGS,
        env: { ...env, ...WORKER_ENV, WORKER_PORT: port === undefined ? undefined : String(port) },
        log,
        onSpawn: (pid) => recordPid(config.DATA_DIR, nth('worker', i), pid, 'scripts/prod/worker.ts'),
      });
      stoppers.unshift(service.stop);
      workers.push({ service, port });
    }
    const apis: Product['apis'] = [];
    for (let i = 0; i < topology.apis; i++) {
      const port = i === 0 ? config.PORT : await freePort();
      const service = superviseService({
        name: nth('api', i),
        entry: 'api',
        env: { ...env, PORT: String(port), API_INSTANCE: nth('api', i), TEMPORAL_UI_URL: temporalUiUrl },
        log,
        onSpawn: (pid) => recordPid(config.DATA_DIR, nth('api', i), pid, 'scripts/prod/api.ts'),
      });
      // the APIs stop first (they drain the requests in flight), then the workers
      stoppers.unshift(service.stop);
      apis.push({ service, url: `http://127.0.0.1:${port}` });
    }
    for (const a of apis) await waitForHttp(`${a.url}/api/health`);
    const apiUrl = apis[0]!.url;
    return {
      db,
      client,
      apiUrl,
      databaseUrl,
      ownerUrl: urls.ownerUrl,
      temporalAddress: address,
      temporalUiUrl,
      api: apis[0]!.service,
      worker: workers[0]!.service,
      apis,
      workers,
      temporalServer,
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
  topology: Topology = ONE_MACHINE,
): Promise<PrivateProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), `kejin-${name}-`));
  const full = { ...(await privateProductEnv(dataDir)), ...env };
  const product = await startProduct(loadConfig({ ...process.env, ...full }), log, topology);
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
