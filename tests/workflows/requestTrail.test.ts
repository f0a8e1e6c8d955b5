/**
 * One trail per decision: a decision sent through the API with an `X-Request-Id` is logged by the
 * API, by the workflow that takes its Update, and by every activity that Update leads to — each a
 * JSON line with the same id. The worker runs in this process (its runtime's logger installed
 * first, as scripts/prod/worker.ts does), on a task queue of its own.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../activities/payloadCodec.js';
import { type LogLine, trailClientInterceptor, trailRuntimeLogger } from '../../activities/requestTrail.js';
import { createWorker } from '../../scripts/prod/temporal.js';
import { admission, applicationCreated, submitApplication } from '../../workflows/admission.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { apiClient } from '../support/api.js';
import { buildApplication } from '../support/builders.js';
import { actor, connectStack, type TestStack } from '../support/stack.js';

const lines: LogLine[] = [];
const capture = (line: LogLine) => lines.push(line);
Runtime.install({ logger: trailRuntimeLogger(capture) });

const TASK_QUEUE = 'request-trail-test';
let stack: TestStack;
let stop: () => Promise<void>;
beforeAll(async () => {
  stack = await connectStack();
  const worker = await createWorker({
    address: inject('temporalAddress'),
    db: stack.db,
    taskQueue: TASK_QUEUE,
    log: capture,
  });
  const running = worker.run();
  stop = async () => {
    worker.shutdown();
    await running;
  };
});
afterAll(async () => {
  await stop?.();
  await stack?.close();
});

describe('a decision followed by its request id', () => {
  it('finds the API line, the workflow line and the activity lines of one decision by its id', async () => {
    const applicant = await actor(stack.db, 'applicant1');
    const data = buildApplication();
    const applicationId = randomUUID();
    const handle = await stack.client.workflow.start(admission, {
      workflowId: admissionWorkflowId(data.creditCode),
      taskQueue: TASK_QUEUE,
      args: [{ applicationId, data, createdBy: applicant }],
    });
    await handle.executeUpdate(applicationCreated);
    await handle.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    const temporal = new Client({
      connection: stack.connection,
      dataConverter: dataConverter(),
      interceptors: { workflow: [trailClientInterceptor] },
    });
    const api = apiClient(stack, { temporal, log: capture });
    const [task] = (
      await api
        .as('gz_reviewer')
        .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: applicationId, status: 'open' }))}`)
    ).body;
    const requestId = `trail-${randomUUID()}`;
    const decided = await api.call('POST', `/api/tasks/${task.id}/complete`, {
      as: 'gz_reviewer',
      body: { decision: 'approve', comment: '同意推荐' },
      headers: { 'X-Request-Id': requestId },
    });
    expect(decided.status).toBe(200);
    expect(decided.headers.get('x-request-id')).toBe(requestId);
    const trail = () => lines.filter((l) => l.requestId === requestId);
    await expect
      .poll(() => trail().filter((l) => l.service === 'worker').length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    const [apiLine] = trail().filter((l) => l.service === 'api');
    expect(apiLine).toMatchObject({
      method: 'POST',
      route: '/api/tasks/:id/complete',
      status: 200,
      user: 'gz_reviewer',
    });
    expect(trail().find((l) => l.service === 'workflow')).toMatchObject({
      msg: 'update accepted',
      name: 'completeTask',
      workflowId: handle.workflowId,
    });
    expect(
      trail()
        .filter((l) => l.service === 'worker')
        .map((l) => l.activity),
    ).toContain('recordCaseChange');
    // a request without an id of its own gets one, answered back
    const plain = await api.call('GET', '/api/health');
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
