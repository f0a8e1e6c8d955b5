import { readFileSync } from 'node:fs';
/** The two long-running services: the production entries scripts/prod/api.ts and scripts/prod/worker.ts (also `npm start`'s processes). */
import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import { Client, type Connection } from '@temporalio/client';
import { dataConverter } from '../../activities/payloadCodec.js';
import { jsonLog, trailClientInterceptor } from '../../activities/requestTrail.js';
import { createApp } from '../../api/app.js';
import { serveConsole } from '../../api/console.js';
import type { Db } from '../../db/index.js';
import { releaseLeasesOf } from '../../db/queries/idempotency.js';
import type { Config } from './config.js';
import { createWorker } from './temporal.js';

export async function launchApi(opts: { config: Config; db: Db; connection: Connection; temporalUiUrl?: string }) {
  const { config, db, connection } = opts;
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(config.PAYLOAD_KEYS),
    interceptors: { workflow: [trailClientInterceptor] },
  });
  const instance = config.API_INSTANCE ?? `${hostname()}:${config.PORT}`;
  // requests a dead predecessor of this name left in progress are taken over by their retries now
  const released = await releaseLeasesOf(db, instance);
  if (released) console.log(`[kejin] ${released} requests of a previous API process may be retried at once`);
  const app = createApp({
    db,
    temporal,
    jwtSecret: config.JWT_SECRET,
    temporalUiUrl: opts.temporalUiUrl,
    namespace: config.TEMPORAL_NAMESPACE,
    instance,
    trustedProxies: config.TRUSTED_PROXIES,
    signer: signerOf(config),
    log: config.REQUEST_LOG === '1' ? jsonLog : undefined,
  });
  serveConsole(app);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: '0.0.0.0' });
  return {
    app,
    close: async () => {
      await app.live.close(); // live streams end, so the server's connections can drain
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function launchWorker(opts: { config: Config; db: Db; address: string }) {
  const worker = await createWorker({
    address: opts.address,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    db: opts.db,
    smtpUrl: opts.config.SMTP_URL,
    payloadKeys: opts.config.PAYLOAD_KEYS,
    log: opts.config.REQUEST_LOG === '1' ? jsonLog : () => {},
  });
  const running = worker.run();
  // The worker drains by itself on SIGINT/SIGTERM (its default shutdownSignals).
  return {
    worker,
    running,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/** The 审批单's certificate: the operator's SIGNING_P12; in demo mode a demo one; else unsigned (and said so). */
function signerOf(config: {
  SIGNING_P12?: string;
  SIGNING_PASSPHRASE: string;
  SIGNING_NAME: string;
  KEJIN_DEMO: string;
}) {
  if (config.SIGNING_P12)
    return { p12: readFileSync(config.SIGNING_P12), passphrase: config.SIGNING_PASSPHRASE, name: config.SIGNING_NAME };
  if (config.KEJIN_DEMO === '1') return undefined;
  console.warn('[kejin] SIGNING_P12 is not set: approval sheets are printed unsigned');
  return null;
}
