/**
 * List / read / history of a case read model written by a workflow (evaluation rounds,
 * evaluations, revocations, payouts): the same conventions as applications, one implementation.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ExpressionBuilder, sql } from 'kysely';
import type { CaseType, ProjectionTable } from '../activities/caseChanges.js';
import { openTasksOfCase, worksOnCase } from '../db/queries/tasks.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import { recallSubmission } from '../workflows/recall.js';
import { caseExtraRoutes } from './caseExtras.js';
import type { ApiDeps, AppEnv } from './context.js';
import { CaseHistory, caseHistory } from './history.js';
import { ListQuery, listPage } from './listing.js';
import { IdParam, json, security } from './openapi.js';
import { Task, taskFromRow } from './routes/tasks.js';
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
  visible(
    eb: ExpressionBuilder<Database, T>,
    actor: Actor,
  ): ReturnType<typeof sql<boolean>> | ReturnType<ExpressionBuilder<Database, T>['or']>;
}

const CaseBody = z.record(z.string(), z.unknown());

export function caseResourceRoutes<T extends ProjectionTable>(deps: ApiDeps, spec: CaseResourceSpec<T>) {
  const { db } = deps;
  /** Visible by the resource's rule, or copied to the actor (抄送). */
  const visibleTo = (eb: ExpressionBuilder<Database, T>, actor: Actor) =>
    eb.or([
      spec.visible(eb, actor),
      sql<boolean>`exists (select 1 from case_cc where case_cc.case_type = ${spec.caseType} and case_cc.case_id = ${sql.ref(`${spec.table}.id`)} and case_cc.username = ${actor.username})`,
    ]);
  const scoped = (actor: Actor) =>
    (db.selectFrom(spec.table as ProjectionTable) as any).where((eb: ExpressionBuilder<Database, T>) =>
      visibleTo(eb, actor),
    );
  const find = async (actor: Actor, id: string) => {
    const row = await scoped(actor).select(['id', 'body']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', `${spec.resource} ${id} not found`);
    return row as { id: string; body: Record<string, unknown> };
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

/**
 * Sub-center cases (evaluations, revocations): the sub-center's own organisation, its city's
 * bureau, the province-wide roles, and experts and finance officers for the cases they work on.
 */
export const subCenterCaseScope = (table: string) => (eb: ExpressionBuilder<any, any>, actor: Actor) => {
  if (actor.roles.some((r) => ['admin', 'auditor', 'provincial_reviewer'].includes(r))) return sql<boolean>`true`;
  const ors = [];
  if (actor.organizationId) ors.push(eb('organization_id', '=', actor.organizationId));
  if (actor.roles.includes('municipal_reviewer') && actor.city) ors.push(eb('city', '=', actor.city));
  if (actor.roles.some((r) => r === 'expert' || r === 'finance')) ors.push(worksOnCase(actor, sql.ref(`${table}.id`)));
  return ors.length ? eb.or(ors) : sql<boolean>`false`;
};
