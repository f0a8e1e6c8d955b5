/**
 * A worker's own answers to its operator, on WORKER_PORT: `/healthz` (the process answers),
 * `/readyz` (polling Temporal and PostgreSQL reachable: 503 naming what is not) and `/metrics` —
 * the Temporal SDK's (workflow and activity task latencies, schedule-to-start, sticky cache,
 * polls; the SDK's exporter on a loopback port) followed by the process's own (prom-client).
 */
import { createServer } from 'node:http';
import type { Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Db } from '../../db/index.js';

export function serveWorkerHealth(opts: { port: number; worker: Worker; db: Db; sdkMetricsUrl?: string }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kejin_worker_' });
  new Gauge({
    name: 'kejin_worker_running',
    help: '1 while the worker polls its task queue',
    registers: [registry],
    collect() {
      this.set(opts.worker.getState() === 'RUNNING' ? 1 : 0);
    },
  });
  const ready = async () => {
    const state = opts.worker.getState();
    const database = await sql`select 1`.execute(opts.db).then(
      () => ({ ok: true }),
      (e: Error) => ({ ok: false, error: e.message }),
    );
    const worker = state === 'RUNNING' ? { ok: true } : { ok: false, error: `worker ${state.toLowerCase()}` };
    return { ready: database.ok && worker.ok, checks: { worker, database } };
  };
  const server = createServer(async (req, res) => {
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (req.url === '/healthz') return answer(200, 'application/json', JSON.stringify({ ok: true }));
    if (req.url === '/readyz') {
      const r = await ready();
      return answer(r.ready ? 200 : 503, 'application/json', JSON.stringify(r));
    }
    if (req.url === '/metrics') {
      const sdk = opts.sdkMetricsUrl
        ? await fetch(opts.sdkMetricsUrl).then(
            (r) => r.text(),
            () => '',
          )
        : '';
      return answer(200, registry.contentType, `${sdk.trimEnd()}\n${await registry.metrics()}`);
    }
    answer(404, 'text/plain', 'not found');
  });
  server.listen(opts.port, '0.0.0.0');
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
