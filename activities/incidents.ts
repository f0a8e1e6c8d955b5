/**
 * Incidents: a step a workflow could not record. Errors that no retry can mend (PostgreSQL's data
 * and integrity errors, a value that fails its schema) are made non-retryable here, so the
 * workflow learns at once instead of retrying forever; it then records an incident and waits for
 * an administrator's 重试 (workflows/activities.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import { ZodError } from 'zod';
import type { Db } from '../db/index.js';
import { DATA_ERROR } from '../workflows/names.js';

/** SQLSTATE classes a retry cannot mend: data exception, integrity violation, syntax or access rule. */
const FINAL_SQLSTATE_CLASSES = new Set(['22', '23', '42']);

/** The error as a non-retryable failure when retrying cannot help; otherwise unchanged. */
export function finalIfDataError(err: unknown): unknown {
  if (err instanceof ZodError)
    return ApplicationFailure.nonRetryable(`invalid data: ${err.issues.map((i) => i.message).join('; ')}`, DATA_ERROR);
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && code.length === 5 && FINAL_SQLSTATE_CLASSES.has(code.slice(0, 2)))
    return ApplicationFailure.nonRetryable(`${(err as Error).message} (SQLSTATE ${code})`, DATA_ERROR, { code });
  return err;
}

/** Every activity of `activities` with its data errors made final. */
export function withFinalDataErrors<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          throw finalIfDataError(err);
        }
      },
    ]),
  ) as T;
}

export interface IncidentReport {
  id: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  caseType: string | null;
  caseId: string | null;
  activity: string;
  error: string;
  errorType: string | null;
  at: string;
}

/** Stored errors carry no control characters (a NUL in the error text must not fail this write too). */
const printable = (s: string) =>
  Array.from(s.slice(0, 4000), (ch) => {
    const code = ch.charCodeAt(0);
    return (code < 0x20 && ch !== '\n' && ch !== '\t' && ch !== '\r') || code === 0x7f ? '\ufffd' : ch;
  }).join('');

/** Opens the incident, or counts one more failure of it after a retry (the same id). */
export async function recordIncident(db: Db, r: IncidentReport): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: r.id,
      workflow_id: r.workflowId,
      run_id: r.runId,
      workflow_type: r.workflowType,
      case_type: r.caseType,
      case_id: r.caseId,
      activity: r.activity,
      error: printable(r.error),
      error_type: r.errorType,
      status: 'open',
      created_at: r.at,
      updated_at: r.at,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        status: 'open',
        error: printable(r.error),
        error_type: r.errorType,
        updated_at: r.at,
        failures: sql`incidents.failures + 1`,
      }),
    )
    .execute();
}

/** The retried step went through. */
export async function resolveIncident(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ status: 'resolved', resolved_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', '<>', 'resolved')
    .execute();
}
