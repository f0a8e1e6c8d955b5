import { type Client, ScheduleAlreadyRunning, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { say } from '../../domain/messages.js';
import { openDueEvaluationRounds } from '../../workflows/evaluationRound.js';
import { dailyDigest, NOTIFICATION_DISPATCHER_ID, notificationDispatcher } from '../../workflows/mail.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { operationLogRetention } from '../../workflows/retention.js';

export const EVALUATION_SCHEDULE_ID = 'evaluation-rounds-yearly';
export const DIGEST_SCHEDULE_ID = 'daily-digest';
export const RETENTION_SCHEDULE_ID = 'operation-log-retention';

/** The mail dispatcher runs once per namespace (a second start finds the running one). */
export async function startNotificationDispatcher(client: Client, intervalSeconds: number) {
  await client.workflow.start(notificationDispatcher, {
    workflowId: NOTIFICATION_DISPATCHER_ID,
    taskQueue: TASK_QUEUE,
    args: [{ intervalSeconds }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/**
 * Every 15 January, 09:00 Asia/Shanghai, the previous year's evaluation rounds open (the
 * financial round only evaluates sub-centers at their three-year mark). Created once; later
 * starts leave an existing schedule — and any change an operator made to it — alone.
 */
export async function ensureSchedules(client: Client): Promise<void> {
  await createOnce(client, {
    scheduleId: DIGEST_SCHEDULE_ID,
    action: { type: 'startWorkflow', workflowType: dailyDigest, taskQueue: TASK_QUEUE, args: [] },
    spec: { calendars: [{ hour: 9, comment: say('dailyDigest') }], timezone: 'Asia/Shanghai' },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  });
  await createOnce(client, {
    scheduleId: RETENTION_SCHEDULE_ID,
    action: { type: 'startWorkflow', workflowType: operationLogRetention, taskQueue: TASK_QUEUE, args: [] },
    spec: {
      calendars: [{ hour: 3, comment: say('operationLogRetention') }],
      timezone: 'Asia/Shanghai',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  });
  await createOnce(client, {
    scheduleId: EVALUATION_SCHEDULE_ID,
    action: { type: 'startWorkflow', workflowType: openDueEvaluationRounds, taskQueue: TASK_QUEUE, args: [] },
    spec: {
      calendars: [{ month: 'JANUARY', dayOfMonth: 15, hour: 9, comment: '年度绩效评价' }],
      timezone: 'Asia/Shanghai',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
  });
}

/** Creates a schedule unless it exists (an operator's changes to it are left alone). */
async function createOnce(client: Client, options: ScheduleOptions) {
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
