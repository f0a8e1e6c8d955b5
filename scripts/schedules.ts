import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { openDueEvaluationRounds } from '../workflows/evaluationRound.js';
import { TASK_QUEUE } from '../workflows/names.js';

export const EVALUATION_SCHEDULE_ID = 'evaluation-rounds-yearly';

/**
 * Every 15 January, 09:00 Asia/Shanghai, the previous year's evaluation rounds open (the
 * financial round only evaluates sub-centers at their three-year mark). Created once; later
 * starts leave an existing schedule — and any change an operator made to it — alone.
 */
export async function ensureSchedules(client: Client): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: EVALUATION_SCHEDULE_ID,
      action: { type: 'startWorkflow', workflowType: openDueEvaluationRounds, taskQueue: TASK_QUEUE, args: [] },
      spec: {
        calendars: [{ month: 'JANUARY', dayOfMonth: 15, hour: 9, comment: '年度绩效评价' }],
        timezone: 'Asia/Shanghai',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
