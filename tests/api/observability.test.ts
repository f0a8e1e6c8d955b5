/**
 * What an operator watches: /healthz, /readyz (PostgreSQL with every migration applied, and
 * Temporal reachable: 503 naming what is not) and /metrics in Prometheus text — requests by route
 * template and status, open and overdue tasks by step, the mail outbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { setupApi, TEST_JWT_SECRET } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
/** A sample's value in Prometheus text, by its name and labels as written. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('health, readiness and metrics', () => {
  it('answers /healthz and /readyz, and says what is not ready', async () => {
    const alive = await ctx.api.app.request('/healthz');
    expect([alive.status, await alive.json()]).toEqual([200, { ok: true }]);
    const ready = await ctx.api.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, temporal: { ok: true } },
    });
    // a Temporal that cannot be reached: not ready, and it says which
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }) });
    const cut = createApp({ db: ctx.stack.appDb, temporal: nowhere, jwtSecret: TEST_JWT_SECRET });
    const notReady = await cut.request('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      ready: false,
      checks: { database: { ok: true }, temporal: { ok: false } },
    });
  });

  it('counts requests by route template and status, and the open tasks of each step', async () => {
    const { id } = await ctx.api.submittedCase(buildApplication());
    await ctx.api.as('gz_reviewer').get(`/api/applications/${id}`);
    expect((await ctx.api.as('applicant1').get('/api/operation-log')).status).toBe(403);
    const res = await ctx.api.app.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(
      sample(text, 'kejin_http_requests_total{route="/api/applications/:id",method="GET",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'kejin_http_requests_total{route="/api/operation-log",method="GET",status="403"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain(
      'kejin_http_request_duration_seconds_bucket{le="0.1",route="/api/applications/:id",method="GET"}',
    );
    expect(sample(text, 'kejin_tasks_open{case_type="admission",step="municipal_review"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^kejin_tasks_overdue\{case_type="admission",step="municipal_review"\} \d+$/m);
    expect(sample(text, 'kejin_mail_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'kejin_incidents_open')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('kejin_api_process_resident_memory_bytes');
    // the operators' dashboard draws only what the API exposes (the worker's own and the SDK's aside)
    const dashboard = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'grafana', 'kejin.json'), 'utf8');
    const drawn = new Set([...dashboard.matchAll(/\b(kejin_(?!worker_)[a-z_]+?)(?:_bucket)?\b/g)].map((m) => m[1]!));
    expect(drawn.size).toBeGreaterThan(5);
    for (const name of drawn) expect(text, name).toMatch(new RegExp(`^${name}(_bucket)?[{ ]`, 'm'));
  });
});
