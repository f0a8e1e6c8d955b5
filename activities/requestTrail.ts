/**
 * One trail per decision: the API gives each request an id (its `X-Request-Id`, or a new one),
 * logs it, and the Temporal client carries it in a header of every workflow start, Update and
 * signal made while answering; the workflow logs it with what it handled and hands it on to the
 * activities it schedules (workflows/requestTrail.ts), which log it when they run. So
 * `grep <request id>` follows one decision across the API, the workflow and its activities.
 * Every line is one JSON object on stdout.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { type ActivityInterceptorsFactory, DefaultLogger } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../workflows/names.js';

/** A log line: one JSON object, with its time. */
export type LogLine = Record<string, unknown>;
export type Log = (line: LogLine) => void;
export const jsonLog: Log = (line) => console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));

/** The request being answered in this async context (set by the API for each request). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const withRequestId = (headers: Headers): Headers => {
  const requestId = requestContext.getStore()?.requestId;
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
};
/** The request id a header carries, if any. */
export const requestIdOf = (headers: Headers): string | undefined => {
  const payload = headers[REQUEST_ID_HEADER];
  return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
};

/** The client's interceptor: every start, Update and signal carries the request's id. */
export const trailClientInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  signal: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
};

/** The worker's activity interceptor: an activity scheduled for a request logs its id when it runs. */
export const trailActivityInterceptor =
  (log: Log = jsonLog): ActivityInterceptorsFactory =>
  (ctx) => ({
    inbound: {
      async execute(input, next) {
        const requestId = requestIdOf(input.headers);
        if (!requestId) return next(input);
        const { activityType, workflowExecution, attempt } = ctx.info;
        const started = performance.now();
        const line = {
          service: 'worker',
          requestId,
          activity: activityType,
          workflowId: workflowExecution?.workflowId,
          attempt,
        };
        try {
          const result = await next(input);
          log({ ...line, msg: 'activity completed', ms: Math.round(performance.now() - started) });
          return result;
        } catch (e) {
          log({ ...line, msg: 'activity failed', error: (e as Error).message });
          throw e;
        }
      },
    },
  });

/**
 * The worker's logger: a workflow's lines that name a request are JSON on stdout, like the API's
 * and the activities'; the SDK's own warnings and errors stay on stderr, its chatter is dropped.
 */
export function trailRuntimeLogger(log: Log = jsonLog): DefaultLogger {
  const plain = new DefaultLogger('WARN');
  return new DefaultLogger('INFO', (entry) => {
    const meta = (entry.meta ?? {}) as Record<string, unknown>;
    if (typeof meta.requestId === 'string')
      return log({ level: entry.level.toLowerCase(), msg: entry.message, ...meta });
    if (entry.level === 'WARN' || entry.level === 'ERROR') plain.log(entry.level, entry.message, entry.meta);
  });
}
