/** Workflows of tests/workflows/workflowThread.test.ts: one that awaits, one caught in an endless loop. */
import { sleep } from '@temporalio/workflow';

export async function awaits(name: string): Promise<string> {
  const parts = await Promise.all([Promise.resolve('你好'), Promise.resolve(name)]);
  await sleep(10);
  return parts.join(', ');
}

export async function spins(): Promise<never> {
  for (;;) {
    // an endless loop, as a bug in workflow code would make one
  }
}
