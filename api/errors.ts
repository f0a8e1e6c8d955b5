import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { DomainError, ERROR_STATUS, isErrorKind } from '../domain/errors.js';
import { localeOf, localized, say } from '../domain/messages.js';

type Body = { message: string; errors?: Record<string, string> };

/** The one place that turns refusals into HTTP answers. */
export function toHttpError(err: unknown): { status: number; body: Body } | null {
  if (err instanceof DomainError)
    return { status: ERROR_STATUS[err.kind], body: { message: err.message, errors: err.errors } };
  if (err instanceof HTTPException) return { status: err.status, body: { message: err.message } };
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return {
      status: 409,
      body: { message: say('applicationOfThisOrganisationIs') },
    };
  if (err instanceof WorkflowNotFoundError) return { status: 404, body: { message: say('noSuchCase') } };
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && isErrorKind(cause.type)) {
      const errors = cause.details?.[0] as Record<string, string> | undefined;
      return { status: ERROR_STATUS[cause.type], body: { message: cause.message, ...(errors && { errors }) } };
    }
  }
  const text = err instanceof Error ? err.message : '';
  if (/workflow execution already completed/i.test(text))
    return { status: 409, body: { message: say('caseIsClosed') } };
  return null;
}

/** PostgreSQL's refusals of a value (not a date, not a number, out of range): the caller's input, not our fault. */
const PG_DATA_ERRORS = new Set(['22P02', '22007', '22008', '22003', '22023', '22021']);

/**
 * The database out of reach (not running, restarting, shutting down): the request is refused for
 * now, with Retry-After, and the pool reconnects by itself on a later request.
 */
const DATABASE_AWAY = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const databaseAway = (err: Error & { code?: string; syscall?: string }) =>
  (err.code !== undefined && DATABASE_AWAY.has(err.code)) ||
  // a local server's Unix socket is gone while it is stopped
  (err.code === 'ENOENT' && err.syscall === 'connect') ||
  /Connection terminated/.test(err.message);

/** gRPC UNAVAILABLE: the Temporal server is restarting or out of reach; nothing was decided. */
const temporalAway = (err: Error) => {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && grpc.code === 14;
};

export function onError(err: Error, c: Context) {
  const code = (err as { code?: string }).code;
  if (databaseAway(err)) {
    c.header('Retry-After', '5');
    return c.json({ message: say('databaseIsUnavailableRetryShortly') }, 503);
  }
  if (temporalAway(err)) {
    c.header('Retry-After', '5');
    return c.json(
      {
        message: say('workflowEngineIsUnavailableRetry'),
      },
      503,
    );
  }
  if (code && PG_DATA_ERRORS.has(code))
    return c.json({ message: say('invalidValue', err.message), errors: { filter: err.message } }, 422);
  const mapped = toHttpError(err);
  if (mapped?.status === 503 || mapped?.status === 429) c.header('Retry-After', '5');
  if (mapped) return c.json(mapped.body, mapped.status as 400);
  console.error('[api] unexpected error', err);
  return c.json({ message: say('internalError') }, 500);
}

/**
 * Refusals in the reader's language: the server's messages travel as "中文 (English)"
 * (domain/messages.ts); a refusal leaves in the request's `Accept-Language`, Chinese unless
 * English comes first. Outermost, so an answer kept for a retried key keeps both languages and
 * each retry is answered in its own.
 */
export const refusalsInReadersLanguage = () =>
  createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    if (res.status < 400 || !res.headers.get('Content-Type')?.startsWith('application/json')) return;
    const body: unknown = await res
      .clone()
      .json()
      .catch(() => null);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const locale = localeOf(c.req.header('Accept-Language'));
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    headers.set('Content-Language', locale === 'en' ? 'en' : 'zh-CN');
    headers.append('Vary', 'Accept-Language');
    c.res = undefined;
    c.res = new Response(JSON.stringify(localized(body, locale)), { status: res.status, headers });
  });
