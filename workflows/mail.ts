/**
 * Notifications that reach people by mail: a dispatcher that mails what is pending every few
 * seconds (continuing as new now and then), and the daily digest started by a Schedule at 09:00.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { deliverNotifications, queueDailyDigests } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export const NOTIFICATION_DISPATCHER_ID = 'notification-dispatcher';

export async function notificationDispatcher(input: { intervalSeconds: number }): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await deliverNotifications();
    await wf.sleep(input.intervalSeconds * 1000);
  }
  await wf.continueAsNew<typeof notificationDispatcher>(input);
}

/** Each user with tasks overdue or due within 3 days gets one digest for the day (Asia/Shanghai). */
export async function dailyDigest(): Promise<number> {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return queueDailyDigests(day);
}
