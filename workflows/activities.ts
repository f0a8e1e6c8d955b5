/**
 * The workflows' reads and writes of PostgreSQL (record a change, plan tasks, deadlines, rules).
 * They are short and idempotent, so they run as local activities: in the worker that runs the
 * workflow task, with no round trip through the Temporal server — a decision is one workflow task
 * instead of three, and its history a few markers instead of six events per write.
 *
 * Runs recorded before LOCAL_ACTIVITIES_PATCH replay their scheduled activities, and take the
 * local path from their next new command on (`patched()` is false only while it replays them).
 * Payments and mail stay ordinary activities (workflows/payout.ts, workflows/mail.ts).
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

export const LOCAL_ACTIVITIES_PATCH = 'local-activities-1';

const options: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};
const scheduled = wf.proxyActivities<Activities>(options);
const local = wf.proxyLocalActivities<Activities>(options);

/** The database activities, local in runs past the patch. Call it where the activity is called. */
export const db = (): typeof scheduled => (wf.patched(LOCAL_ACTIVITIES_PATCH) ? local : scheduled);
