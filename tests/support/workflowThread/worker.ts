/**
 * A worker process for tests/workflows/workflowThread.test.ts, started like the product's worker
 * (scripts/prod/workflowThread.cjs preloaded): the two test workflows on TASK_QUEUE.
 */
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dataConverter } from '../../../activities/payloadCodec.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  taskQueue: process.env.TASK_QUEUE!,
  workflowsPath: join(import.meta.dirname, 'workflows.ts'),
  dataConverter: dataConverter(),
});
console.log('worker ready');
await worker.run();
