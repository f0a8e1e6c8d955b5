/**
 * What an operator watches: `GET /healthz` (the process answers), `GET /readyz` (PostgreSQL and
 * Temporal reachable, the schema's migrations all applied: take traffic) and `GET /metrics`
 * (Prometheus text, prom-client): requests by route template and status with their latency, open
 * and overdue tasks by step, the mail outbox's backlog and failures, open incidents, and the
 * process's own figures. The work queue's figures are read from PostgreSQL when scraped.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Log, requestContext } from '../activities/requestTrail.js';
import { pendingMigrations } from '../db/index.js';
import { outboxFigures, taskFigures } from '../db/queries/operations.js';
import type { ApiDeps, AppEnv } from './context.js';

/** The route template that answered (its handler's, not a middleware's): `/api/tasks/:id/complete`. */
const routeOf = (c: Context) => [...matchedRoutes(c)].reverse().find((r) => r.method !== 'ALL')?.path ?? 'unmatched';

/** A registry of this app's metrics, and the middleware that counts its requests. */
export function metricsOf(deps: ApiDeps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kejin_api_' });
  const requests = new Counter({
    name: 'kejin_http_requests_total',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kejin_http_request_duration_seconds',
    help: 'HTTP request latency by route template and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const byStep = (name: string, help: string, pick: (f: { open: number; overdue: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['case_type', 'step'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const f of await taskFigures(deps.db)) this.set({ case_type: f.caseType, step: f.step }, pick(f));
      },
    });
  byStep('kejin_tasks_open', 'Open tasks by process and step', (f) => f.open);
  byStep('kejin_tasks_overdue', 'Open tasks past their due date by process and step', (f) => f.overdue);
  const outbox = (name: string, help: string, pick: (o: Awaited<ReturnType<typeof outboxFigures>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await outboxFigures(deps.db)));
      },
    });
  outbox('kejin_mail_outbox_pending', 'Notifications waiting to be mailed', (o) => o.pending);
  outbox(
    'kejin_mail_outbox_oldest_seconds',
    'Age of the oldest notification waiting to be mailed',
    (o) => o.oldestSeconds,
  );
  outbox('kejin_mail_failed', 'Notifications whose mail failed for good', (o) => o.failed);
  outbox('kejin_incidents_open', 'Incidents (cases stopped on an error) not yet resolved', (o) => o.incidents);

  /** Counts one answered request. */
  const observe = (route: string, method: string, status: number, ms: number) => {
    requests.inc({ route, method, status: String(status) });
    latency.observe({ route, method }, ms / 1000);
  };
  return { registry, observe };
}

/**
 * Each request's id (its `X-Request-Id` when it is a plain token, or a new one), answered back,
 * carried into Temporal by the client's interceptor (activities/requestTrail.ts); the answered
 * request is counted (`observe`) and logged with its id when the API has a log.
 */
export function requestTrail(observe: ReturnType<typeof metricsOf>['observe'], log?: Log): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await requestContext.run({ requestId }, next);
    const route = routeOf(c);
    const ms = performance.now() - started;
    observe(route, c.req.method, c.res.status, ms);
    // the API's requests; the console's files and the probes are not worth a line
    if (!log || !c.req.path.startsWith('/api/') || c.req.path === '/api/health') return;
    log({
      service: 'api',
      requestId,
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round(ms),
      user: c.get('actor')?.username,
    });
  };
}
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** /healthz, /readyz and /metrics on the app (outside /api: no session, no operation log). */
export function observabilityRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, registry: Registry) {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const checks = await Promise.all([
      check('database', async () => {
        const pending = await pendingMigrations(deps.db);
        if (pending.length) throw new Error(`migrations not applied: ${pending.join(', ')}`);
      }),
      check('temporal', async () => {
        await deps.temporal.workflowService.getSystemInfo({});
      }),
    ]);
    const ready = checks.every((r) => r.ok);
    return c.json({ ready, checks: Object.fromEntries(checks.map((r) => [r.name, r])) }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));
}

async function check(name: string, probe: () => Promise<void>) {
  try {
    await withTimeout(probe(), 2_000);
    return { name, ok: true };
  } catch (e) {
    return { name, ok: false, error: (e as Error).message };
  }
}
const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);
