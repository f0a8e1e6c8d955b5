/**
 * The worker's workflow thread as the product runs it (scripts/prod/workflowThread.cjs preloaded, as
 * npm start and docker-compose start the worker): workflows run without the SDK's per-call
 * watchdog thread and promise hook, and one watchdog for the process still stops a workflow caught
 * in an endless loop — the worker exits, naming why, to be started afresh.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WORKER_NODE_ARGS } from '../../scripts/dev/supervisor.js';
import { connectStack, type TestStack } from '../support/stack.js';
import { awaits, spins } from '../support/workflowThread/workflows.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const taskQueue = `workflow-thread-${randomUUID()}`;
let stack: TestStack;
let worker: ChildProcess;
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  stack = await connectStack();
  worker = spawn(
    process.execPath,
    [...WORKER_NODE_ARGS, '--import', 'tsx', join(ROOT, 'tests', 'support', 'workflowThread', 'worker.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TASK_QUEUE: taskQueue,
        KEJIN_WORKFLOW_CALL_LIMIT_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  worker.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  worker.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  exited = new Promise((done) => worker.once('exit', (code) => done(code)));
  const ready = Date.now() + 60_000;
  while (!output.includes('worker ready')) {
    if (Date.now() > ready || worker.exitCode !== null) throw new Error(`the worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 90_000);
afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await stack?.close();
});

// in this order: the second test ends the worker process the first one needs
describe('the workflow thread, as the worker process runs it', { shuffle: false }, () => {
  it('runs workflows, without the promise hook: the stack-trace query says traces are not collected', async () => {
    const handle = await stack.client.workflow.start(awaits, {
      taskQueue,
      workflowId: `awaits-${randomUUID()}`,
      args: ['科金'],
    });
    expect(await handle.result()).toBe('你好, 科金');
    await expect(handle.query('__stack_trace')).rejects.toThrow(/stack traces are not enabled/);
  }, 30_000);

  it('ends the worker process when a workflow is caught in an endless loop, naming why', async () => {
    const handle = await stack.client.workflow.start(spins, {
      taskQueue,
      workflowId: `spins-${randomUUID()}`,
      workflowTaskTimeout: '2s',
    });
    const started = Date.now();
    expect(await exited).toBe(70);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output).toMatch(/a workflow has run one call for \d+ ms \(limit 1500 ms\): an endless loop/);
    await handle.terminate('test over');
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  }, 30_000);
});
