/**
 * Every workflow of a worker shares one copy of the domain modules (workflows/sharedDomain.ts,
 * preloaded): a case cannot change a rule another case reads, and the shared zod schemas parse
 * (patterns and all), case after case.
 */
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../activities/payloadCodec.js';
import { WORKFLOW_PRELOADS } from '../../scripts/prod/temporal.js';
import { touchesSharedDomain } from '../support/sharedDomain/workflows.js';
import { connectStack, type TestStack } from '../support/stack.js';

const taskQueue = `shared-domain-${randomUUID()}`;
let stack: TestStack;
let connection: NativeConnection;

beforeAll(async () => {
  stack = await connectStack();
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  await connection?.close();
  await stack?.close();
});

describe('the domain modules the workflows share', () => {
  it('refuses a case changing a shared rule, and parses with shared schemas in case after case', async () => {
    const worker = await Worker.create({
      connection,
      taskQueue,
      dataConverter: dataConverter(),
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: new URL('../support/sharedDomain/workflows.ts', import.meta.url).pathname,
        preloadModules: WORKFLOW_PRELOADS,
        logger: { trace() {}, debug() {}, info() {}, log() {}, warn() {}, error: console.error },
      }),
    });
    const run = (days: number) =>
      stack.client.workflow.execute(touchesSharedDomain, { taskQueue, workflowId: randomUUID(), args: [days] });
    const [first, second] = await worker.runUntil(async () => [await run(99), await run(1)]);
    for (const seen of [first, second])
      expect(seen).toEqual({ refused: true, admissionDays: 5, valid: true, invalid: false });
  }, 120_000);
});
