/** Production entry of a worker; run as many as the load needs (`--scale worker=N`). */
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { dataConverter } from '../../activities/payloadCodec.js';
import { trailRuntimeLogger } from '../../activities/requestTrail.js';
import { createDb } from '../../db/index.js';
import { freePort } from '../dev/stack.js';
import { loadConfig } from './config.js';
import { ensureSchedules, startNotificationDispatcher } from './schedules.js';
import { launchWorker } from './services.js';
import { registerSearchAttributes } from './temporal.js';
import { serveWorkerHealth } from './workerHealth.js';

const config = loadConfig();
// with WORKER_PORT, the SDK's metrics go to a loopback exporter that the worker's /metrics reads
const sdkMetricsPort = config.WORKER_PORT ? await freePort() : null;
Runtime.install({
  logger: trailRuntimeLogger(config.REQUEST_LOG === '1' ? undefined : () => {}),
  ...(sdkMetricsPort && {
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } },
  }),
});
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
const db = createDb(config.DATABASE_URL);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
const client = new Client({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  dataConverter: dataConverter(config.PAYLOAD_KEYS),
});
await ensureSchedules(client);
// notifications are mailed where an SMTP server is configured (SMTP_URL); in-app only otherwise
if (config.SMTP_URL) await startNotificationDispatcher(client, 30);
await connection.close();
const worker = await launchWorker({ config, db, address: config.TEMPORAL_ADDRESS });
console.log(`[kejin] worker running against ${config.TEMPORAL_ADDRESS}`);
const health = config.WORKER_PORT
  ? serveWorkerHealth({
      port: config.WORKER_PORT,
      worker: worker.worker,
      db,
      sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
    })
  : null;
if (health) console.log(`[kejin] worker health and metrics on port ${config.WORKER_PORT} (/healthz /readyz /metrics)`);
await worker.running;
await health?.close();
await db.destroy();
