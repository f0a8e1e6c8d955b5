/**
 * The operation log (操作日志, 等保三级 安全审计): who signed in or failed to, signed out,
 * downloaded evidence, printed an approval sheet, exported a list to Excel, changed users, rules or the
 * calendar, retried an incident — and every refused request (401, 403, 429). One middleware in
 * front of every route writes it after the answer; a handler may name its operation itself
 * (`c.set('operation', …)`, the login does). Auditors search it (`GET /api/operation-log`).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { writeOperation } from '../db/queries/operationLog.js';
import { EXPORT_HEADER } from '../domain/headers.js';
import type { ApiDeps, AppEnv, Operation } from './context.js';

/** The caller's address (api/clientAddress.ts; "local" when there is no socket, as in tests). */
export const sourceOf = (c: Context<AppEnv>): string => c.get('clientAddress') ?? 'local';

const ADMINISTRATION = /^\/api\/(users|organizations|rule-sets|calendar|incidents)(\/|$)/;
const DOWNLOADS = /^\/api\/(attachments\/[^/]+|objections\/files\/[^/]+)$/;

/** The operation a request was, when it is one the log keeps; undefined for the rest. */
export function classify(
  method: string,
  path: string,
  status: number,
  exported?: { range: string | undefined; total: string | undefined },
): Operation | undefined {
  if (status === 401 || status === 403 || status === 429) return { action: 'request.refused' };
  if (status >= 400) return undefined;
  // an export's first page (the console reads an export 500 rows at a time): the list and its size
  if (method === 'GET' && exported && /^\[0,/.test(exported.range ?? '[0,'))
    return { action: 'list.exported', detail: { rows: Number(exported.total?.split('/').pop() ?? 0) } };
  if (method === 'POST' && path === '/api/auth/logout') return { action: 'logout' };
  if (method === 'GET' && DOWNLOADS.test(path)) return { action: 'evidence.downloaded' };
  if (method === 'GET' && path.endsWith('/approval-sheet.pdf')) return { action: 'sheet.printed' };
  if (method !== 'GET' && ADMINISTRATION.test(path)) return { action: 'admin.changed' };
  return undefined;
}

export function operationLog({ db }: Pick<ApiDeps, 'db'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const status = c.res.status;
    const exported =
      c.req.header(EXPORT_HEADER) === '1'
        ? { range: c.req.query('range'), total: c.res.headers.get('Content-Range') ?? undefined }
        : undefined;
    const operation = c.get('operation') ?? classify(c.req.method, c.req.path, status, exported);
    if (!operation) return;
    const actor = c.get('actor');
    await writeOperation(db, {
      user_id: actor?.id ?? null,
      username: actor?.username ?? operation.username ?? null,
      source: sourceOf(c),
      action: operation.action,
      method: c.req.method,
      path: c.req.path.slice(0, 500),
      status,
      detail: JSON.stringify(operation.detail ?? {}),
    })
      // the answer is already decided; a log write that fails is reported, not turned into a 500
      .catch((err) => console.error('[api] operation log not written', err));
  });
}
