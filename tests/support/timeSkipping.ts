/** A time-skipping Temporal test server with a worker running the real activities against the test PostgreSQL. */

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { type Activities, createActivities } from '../../activities/index.js';
import { dataConverter } from '../../activities/payloadCodec.js';
import { createDb, type Db } from '../../db/index.js';
import { bundleWorkflows, registerSearchAttributes } from '../../scripts/prod/temporal.js';

export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  db: Db;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startTimeSkipping(
  taskQueue: string,
  override: (real: Activities) => Partial<Activities> = () => ({}),
): Promise<TimeSkippingStack> {
  const path = process.env.TEMPORAL_TEST_SERVER_BIN;
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: dataConverter() },
    ...(path && { server: { executable: { type: 'existing-path', path } } }),
  });
  await registerSearchAttributes(env.connection);
  const db = createDb(inject('databaseUrl'), 5);
  const real = createActivities({ db });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    activities: { ...real, ...override(real) },
    dataConverter: dataConverter(),
  });
  const running = worker.run();
  return {
    env,
    db,
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.destroy();
    },
  };
}

/**
 * Payment activity that "crashes" once after writing its instruction (connection lost before
 * the worker could report success), so the retry must find the instruction and not pay twice.
 */
export function crashOnceAfterPayment() {
  let calls = 0;
  return {
    calls: () => calls,
    override: (real: Activities): Partial<Activities> => ({
      async issuePaymentInstruction(req) {
        const result = await real.issuePaymentInstruction(req);
        if (calls++ === 0) throw new Error('connection lost after the instruction was written');
        return result;
      },
    }),
  };
}
