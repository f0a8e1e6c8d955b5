/** 操作日志: the operation log, searched by auditors (api/operationLog.ts writes it). */

import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { titlesOf } from '../../db/queries/caseTitles.js';
import { operationFilters, operations } from '../../db/queries/operationLog.js';
import { displayNames } from '../../db/queries/users.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { json } from '../openapi.js';
import { operationInWords, pathTarget } from '../operationWords.js';
import { validationHook } from '../validation.js';

const Entry = z.object({
  id: z.string(),
  at: z.string(),
  username: z.string().nullable(),
  source: z.string().nullable(),
  action: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  detail: z.record(z.string(), z.unknown()),
  actorName: z.string().nullable().describe('who, by name'),
  what: z.object({ zh: z.string(), en: z.string() }).describe('what was done to which case, user or rule, in words'),
});

export function operationLogRoutes({ db }: ApiDeps): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['operation-log'],
      security: [{ bearer: [] }],
      request: { query: ListQuery },
      summary:
        'The operation log, newest first (auditors); filters: username, action, status, source, from, to (ISO dates)',
      responses: {
        200: { description: 'a page', ...json(z.array(Entry)) },
        403: { description: 'auditors only' },
      },
    }),
    async (c) => {
      const rows = await listPage(c, operations(db), c.req.valid('query'), {
        resource: 'operation-log',
        columns: { id: 'id', at: 'at', username: 'username', action: 'action', status: 'status', source: 'source' },
        customFilters: operationFilters,
        defaultSort: ['at', 'DESC'],
      });
      const targets = rows.map((r) => pathTarget(r.path));
      const titles = await titlesOf(
        db,
        targets.flatMap((t) => (t.table && t.id ? [{ table: t.table, id: t.id }] : [])),
      );
      const names = await displayNames(
        db,
        rows.flatMap((r) => (r.username ? [r.username] : [])),
      );
      return c.json(
        rows.map((r) => ({
          id: String(r.id),
          at: new Date(r.at).toISOString(),
          username: r.username,
          source: r.source,
          action: r.action,
          method: r.method,
          path: r.path,
          status: r.status,
          detail: r.detail,
          actorName: r.username ? (names.get(r.username) ?? r.username) : null,
          what: operationInWords(r, titles),
        })),
        200,
      );
    },
  );
}
