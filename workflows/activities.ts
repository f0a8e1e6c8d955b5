/**
 * The workflows' reads and writes of PostgreSQL (record a change, plan tasks, deadlines, rules).
 * They are short and idempotent, so they run as local activities: in the worker that runs the
 * workflow task, with no round trip through the Temporal server — a decision is one workflow task
 * instead of three, and its history a few markers instead of six events per write.
 *
 * Runs recorded before LOCAL_ACTIVITIES_PATCH replay their scheduled activities, and take the
 * local path from their next new command on (`patched()` is false only while it replays them).
 * Payments and mail stay ordinary activities (workflows/payout.ts, workflows/mail.ts).
 *
 * Retries are bounded, and data errors are not retried at all (activities/incidents.ts): a step
 * that still fails becomes an incident — recorded for administrators with its error — and the
 * workflow waits, its state unchanged, until an administrator asks it to try again (重试).
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { RETRY_INCIDENT_SIGNAL } from './names.js';
import { since } from './versions.js';

export const LOCAL_ACTIVITIES_PATCH = 'local-activities-1';

const options: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // about four minutes of retries (1, 2, 4, 8, 16, 30, 30 … s) before a step becomes an incident
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 12 },
};
const scheduled = wf.proxyActivities<Activities>(options);
const local = wf.proxyLocalActivities<Activities>(options);
/** Recording an incident is retried for as long as it takes (the database may be away). */
const incidents = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const retryIncident = wf.defineSignal<[string]>(RETRY_INCIDENT_SIGNAL);

/** This workflow's incidents waiting for a retry (globals are the workflow's own in the sandbox). */
function waitingIncidents(): Map<string, () => void> {
  const g = globalThis as { kejinIncidents?: Map<string, () => void> };
  if (!g.kejinIncidents) {
    const waiting = new Map<string, () => void>();
    g.kejinIncidents = waiting;
    wf.setHandler(retryIncident, (id) => waiting.get(id)?.());
  }
  return g.kejinIncidents;
}

/**
 * Runs `call` until it succeeds. A failure left after the retries (or a data error) opens an
 * incident; the workflow waits for its retry signal and tries again, under the same incident.
 * Failures of a type in `outcomes` are answers, not faults: they are thrown to the caller.
 */
export async function withIncidents<T>(
  activity: string,
  firstArg: unknown,
  call: () => Promise<T>,
  outcomes: string[] = [],
): Promise<T> {
  let incident: string | undefined;
  for (;;) {
    try {
      const result = await call();
      if (incident) await incidents.resolveIncident(incident, new Date(Date.now()).toISOString());
      return result;
    } catch (err) {
      // a scheduled activity fails as ActivityFailure(cause); a local one with the cause itself
      if (!(err instanceof wf.TemporalFailure) || wf.isCancellation(err)) throw err;
      const cause = err instanceof wf.ActivityFailure ? err.cause : err;
      if (cause instanceof wf.ApplicationFailure && outcomes.includes(cause.type ?? '')) throw err;
      incident ??= wf.uuid4();
      const id = incident;
      const info = wf.workflowInfo();
      const subject = (firstArg ?? {}) as { caseType?: string; caseId?: string };
      await incidents.recordIncident({
        id,
        workflowId: info.workflowId,
        runId: info.runId,
        workflowType: info.workflowType,
        caseType: subject.caseType ?? null,
        caseId: subject.caseId ?? null,
        activity,
        error: cause?.message || err.message,
        errorType: cause instanceof wf.ApplicationFailure ? (cause.type ?? null) : null,
        at: new Date(Date.now()).toISOString(),
      });
      const waiting = waitingIncidents();
      let retry = false;
      waiting.set(id, () => {
        retry = true;
      });
      await wf.condition(() => retry);
      waiting.delete(id);
    }
  }
}

/** Every activity of `proxy` through `withIncidents`. */
const persistent = <T extends object>(proxy: T): T =>
  new Proxy(proxy, {
    get: (target, name) => {
      const fn = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => withIncidents(String(name), args[0], () => fn(...args));
    },
  });
const scheduledPersistent = persistent(scheduled);
const localPersistent = persistent(local);

/** The database activities, local in runs past the patch. Call it where the activity is called. */
export const db = (): typeof scheduled => (since(LOCAL_ACTIVITIES_PATCH) ? localPersistent : scheduledPersistent);
