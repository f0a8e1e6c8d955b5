/**
 * A worker dies mid-payout and another takes over (real dev server): the payout resumes from its
 * history and the payment instruction is still written exactly once.
 */

import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleWorkflows, createWorker } from '../../scripts/stack.js';
import { payout } from '../../workflows/payout.js';
import { buildPayout } from '../support/builders.js';
import { insertSubCenter, taskDriver } from '../support/evaluationDriver.js';
import { actor, connectStack, type TestStack } from '../support/stack.js';

const TASK_QUEUE = `payout-restart-${process.pid}`;
let stack: TestStack;
let connection: NativeConnection;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
const startWorker = async () => {
  const worker: Worker = await createWorker({ address: '', connection, db: stack.db, bundle, taskQueue: TASK_QUEUE });
  return { worker, running: worker.run() };
};
beforeAll(async () => {
  stack = await connectStack();
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  bundle = await bundleWorkflows();
}, 60_000);
afterAll(async () => {
  await connection?.close();
  await stack?.close();
});

describe('payout across a worker restart', () => {
  it('pays once after the worker that started the payout is gone', async () => {
    const sc = await insertSubCenter(stack.db, { name: '重启测试中心', admittedAt: '2026-01-05T00:00:00+08:00' });
    const { workflowId: id, input } = buildPayout(sc, '重启测试中心', {
      source: 'competition',
      amount: 120_000,
      reason: '验收通过',
      budget: 200_000,
    });
    const first = await startWorker();
    const handle = await stack.client.workflow.start(payout, { workflowId: id, taskQueue: TASK_QUEUE, args: [input] });
    const drive = taskDriver(stack.db, stack.client);
    await expect.poll(async () => (await drive.openTasks(id, 'payout_approval')).length, { timeout: 15_000 }).toBe(1);
    first.worker.shutdown();
    await first.running;
    const second = await startWorker();
    await drive.complete(id, 'payout_approval', await actor(stack.db, 'finance1'), {
      decision: 'approve',
      comment: '同意拨付',
    });
    expect(await handle.result()).toBe('paid');
    const instructions = await stack.db
      .selectFrom('payment_instructions')
      .select('amount')
      .where('payout_id', '=', id)
      .execute();
    expect(instructions).toEqual([{ amount: '120000' }]);
    second.worker.shutdown();
    await second.running;
  }, 90_000);
});
