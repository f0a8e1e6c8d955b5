import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, ERROR_STATUS, isErrorKind } from '../domain/errors.js';

type Body = { message: string; errors?: Record<string, string> };

/** The one place that turns refusals into HTTP answers. */
export function toHttpError(err: unknown): { status: number; body: Body } | null {
  if (err instanceof DomainError)
    return { status: ERROR_STATUS[err.kind], body: { message: err.message, errors: err.errors } };
  if (err instanceof HTTPException) return { status: err.status, body: { message: err.message } };
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return {
      status: 409,
      body: { message: '该机构已有进行中的申请 (an application of this organisation is already active)' },
    };
  if (err instanceof WorkflowNotFoundError) return { status: 404, body: { message: 'case not found' } };
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && isErrorKind(cause.type)) {
      const errors = cause.details?.[0] as Record<string, string> | undefined;
      return { status: ERROR_STATUS[cause.type], body: { message: cause.message, ...(errors && { errors }) } };
    }
  }
  const text = err instanceof Error ? err.message : '';
  if (/workflow execution already completed/i.test(text))
    return { status: 409, body: { message: '该案件已办结 (the case is closed)' } };
  return null;
}

/** PostgreSQL's refusals of a value (not a date, not a number, out of range): the caller's input, not our fault. */
const PG_DATA_ERRORS = new Set(['22P02', '22007', '22008', '22003', '22023']);

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
    return c.json({ message: '数据库暂不可用，请稍后重试 (the database is unavailable: retry shortly)' }, 503);
  }
  if (temporalAway(err)) {
    c.header('Retry-After', '5');
    return c.json(
      {
        message:
          '流程引擎暂不可用，请稍后用相同的 Idempotency-Key 重试 (the workflow engine is unavailable: retry shortly)',
      },
      503,
    );
  }
  if (code && PG_DATA_ERRORS.has(code))
    return c.json({ message: `输入值无效 (invalid value: ${err.message})`, errors: { filter: err.message } }, 422);
  const mapped = toHttpError(err);
  if (mapped?.status === 503 || mapped?.status === 429) c.header('Retry-After', '5');
  if (mapped) return c.json(mapped.body, mapped.status as 400);
  console.error('[api] unexpected error', err);
  return c.json({ message: 'internal error' }, 500);
}
