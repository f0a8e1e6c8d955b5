/**
 * List / read / history of a case read model written by a workflow (evaluation rounds,
 * evaluations, revocations, payouts): the same conventions as applications, one implementation.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { CaseType, ProjectionTable } from '../activities/caseChanges.js';
import { type CaseVisibility, casesVisibleTo, visibleCase, visibleOrCopied } from '../db/queries/cases.js';
import { openTasksOfCase } from '../db/queries/tasks.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import { recallSubmission } from '../workflows/recall.js';
import { caseExtraRoutes } from './caseExtras.js';
import type { ApiDeps, AppEnv } from './context.js';
import { CaseHistory, caseHistory } from './history.js';
import { ListQuery, listPage } from './listing.js';
import { IdParam, json, security } from './openapi.js';
import { Task, taskFromRow } from './routes/taskContracts.js';
import { sendUpdate } from './temporal.js';
import { OptionalComment, optionalComment, validationHook } from './validation.js';

export interface CaseResourceSpec<T extends ProjectionTable> {
  table: T;
  resource: string;
  caseType: CaseType;
  tag: string;
  /** API field → column, for filters and sorting. */
  columns: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** Whether rows are workflow cases with a history of their own (default true). */
  history?: boolean;
  /** The approval sheet and forecast (cases with human steps): heading, terminal statuses, title and summary fields. */
  sheet?: {
    kind: string;
    terminal: string[];
    title(body: Record<string, unknown>): string;
    fields(body: Record<string, unknown>): [string, string][];
  };
  /** 撤回: what the case's party may take back while nobody has acted on it (e.g. 自评报告); absent: none. */
  recall?: string;
  /** What the actor may read of a visible case's audit trail (default: all of it). */
  sealHistory?(audit: CaseHistory['audit'], actor: Actor, caseId: string): Promise<CaseHistory['audit']>;
  /** What the actor may read of a visible row's body (default: all of it). */
  present?(body: Record<string, unknown>, actor: Actor): Record<string, unknown>;
  /** Which rows the actor may see, as a where-condition. */
  visible: CaseVisibility<T>;
}

const CaseBody = z.record(z.string(), z.unknown());

export function caseResourceRoutes<T extends ProjectionTable>(deps: ApiDeps, spec: CaseResourceSpec<T>) {
  const { db } = deps;
  const visibleTo = visibleOrCopied(spec.table, spec.caseType, spec.visible);
  const scoped = (actor: Actor) => casesVisibleTo(db, spec.table, visibleTo, actor);
  const find = async (actor: Actor, id: string) => {
    const row = await visibleCase(scoped(actor), id);
    if (!row) throw new DomainError('not_found', `${spec.resource} ${id} not found`);
    return row;
  };
  // live events name cases: rows without a history of their own (bids) are parts of another's
  if (spec.history !== false) deps.live?.register(spec.caseType, spec.table, visibleTo);
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: [spec.tag],
        summary: `${spec.tag}: a page of those visible to the caller; filters ${Object.keys(spec.columns).join(', ')}`,
        security,
        request: { query: ListQuery },
        responses: {
          200: {
            description: 'a page; total in Content-Range',
            content: { 'application/json': { schema: z.array(CaseBody) } },
          },
        },
      }),
      async (c) => {
        const rows = await listPage<{ body: Record<string, unknown> }>(
          c,
          scoped(c.get('actor')).select('body'),
          c.req.valid('query'),
          { resource: spec.resource, columns: spec.columns, defaultSort: spec.defaultSort },
        );
        const actor = c.get('actor');
        return c.json(
          rows.map((r) => (spec.present ? spec.present(r.body, actor) : r.body)),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: [spec.tag],
        summary: 'One case with its open tasks',
        security,
        request: { params: IdParam },
        responses: {
          200: {
            description: 'the case',
            content: { 'application/json': { schema: CaseBody.and(z.object({ openTasks: z.array(Task) })) } },
          },
          404: { description: 'not found or not visible' },
        },
      }),
      async (c) => {
        const row = await find(c.get('actor'), c.req.valid('param').id);
        const tasks = await openTasksOfCase(db, spec.caseType, row.id, c.get('actor'));
        const body = spec.present ? spec.present(row.body, c.get('actor')) : row.body;
        return c.json({ ...body, openTasks: tasks.map(taskFromRow) }, 200);
      },
    );
  if (spec.sheet) {
    const sheet = spec.sheet;
    routes.route(
      '/',
      caseExtraRoutes(deps, {
        caseType: spec.caseType,
        tag: spec.tag,
        kind: sheet.kind,
        find: async (actor, id) => {
          const { body } = await find(actor, id);
          return {
            id,
            workflowId: id,
            open: !sheet.terminal.includes(String(body.status)),
            title: sheet.title(body),
            fields: sheet.fields(body),
          };
        },
      }),
    );
  }
  if (spec.recall)
    routes.openapi(
      createRoute({
        method: 'post',
        path: '/{id}/recall',
        tags: [spec.tag],
        security,
        summary: `撤回: the sub-center takes back its ${spec.recall} while nobody has claimed or decided the step it led to`,
        request: { params: IdParam, body: { ...json(OptionalComment), required: false } },
        responses: {
          200: {
            description: 'the case, back at the sub-center’s step',
            ...json(z.object({ id: z.string(), status: z.string() })),
          },
          403: { description: 'not the case’s own sub-center' },
          404: { description: 'not found or not visible' },
          409: { description: 'already claimed or decided, or past the due date' },
          422: { description: 'invalid comment' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const row = await find(actor, c.req.valid('param').id);
        const { comment } = await optionalComment(c);
        const handle = deps.temporal.workflow.getHandle(row.id);
        const answer = await sendUpdate(
          deps.temporal,
          handle,
          recallSubmission,
          [{ actor, comment }],
          c.get('idempotencyKey'),
        );
        return c.json(answer as { id: string; status: string }, 200);
      },
    );
  if (spec.history === false) return routes;
  return routes.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/history',
      tags: [spec.tag],
      summary: 'Audit trail and Temporal event history',
      security,
      request: { params: IdParam },
      responses: {
        200: { description: 'the history', content: { 'application/json': { schema: CaseHistory } } },
        404: { description: 'not found' },
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      const row = await find(actor, c.req.valid('param').id);
      const history = await caseHistory(deps, actor, { caseType: spec.caseType, caseId: row.id, workflowId: row.id });
      if (spec.sealHistory) history.audit = await spec.sealHistory(history.audit, actor, row.id);
      return c.json(history, 200);
    },
  );
}
