/** Retention: once a day, operation-log rows older than 180 days go (started by a Schedule at 03:00). */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { pruneOperationLog } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 },
});

export async function operationLogRetention(): Promise<number> {
  return pruneOperationLog();
}
