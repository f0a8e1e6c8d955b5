import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { ApiDeps, AppEnv } from '../context.js';
import { DomainError } from '../../domain/errors.js';
import { Role, type Actor } from '../../domain/roles.js';
import { AssignTaskInput, TaskDecision, TaskStatus } from '../../domain/tasks.js';
import type { TaskRow } from '../../db/schema.js';
import { findUserByUsername, toActor } from '../../db/queries/users.js';
import { assignTask, claimTask, completeTask, releaseTask } from '../../workflows/humanTask.js';
import { ListQuery, listPage } from '../listing.js';
import { validationHook } from '../validation.js';
import { sendUpdate } from '../temporal.js';

export const Task = z.object({
  id: z.string(),
  caseType: z.string().describe('admission | evaluation | revocation | payout'),
  caseId: z.string(),
  title: z.string(),
  step: z.string(),
  role: Role,
  candidateRoles: z.array(z.string()).describe('the role plus any supervisor role added by escalation'),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
  assignee: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  escalationLevel: z.number().describe('0 in time · 1 reminded · 2 escalated to the supervisor role'),
  priority: z.number(),
  status: TaskStatus,
  decision: z.string().nullable(),
  comment: z.string().nullable(),
  completedBy: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof Task>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const taskFromRow = (r: TaskRow): Task => ({
  id: r.id, caseType: r.case_type, caseId: r.case_id, title: r.title, step: r.step, role: r.role as Role,
  candidateRoles: r.candidate_roles, city: r.city, organizationId: r.organization_id, assignee: r.assignee, dueAt: iso(r.due_at)!,
  overdue: r.status === 'open' && new Date(r.due_at) < new Date(), escalationLevel: r.escalation_level, priority: r.priority,
  status: r.status as Task['status'], decision: r.decision, comment: r.comment, completedBy: r.completed_by,
  completedAt: iso(r.completed_at), createdAt: iso(r.created_at)!,
});

const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const security = [{ bearer: [] }];
const errors = {
  403: { description: 'not the holder of this task\'s role and city' },
  404: { description: 'no such task' },
  409: { description: 'the task is not open, or held by someone else' },
  422: { description: 'invalid input: `{ message, errors: { field: reason } }`' },
};
const action = (path: string, summary: string) => createRoute({
  method: 'post', path, tags: ['tasks'], summary, security,
  request: { params: IdParam },
  responses: { 200: { description: 'the task', ...json(Task) }, ...errors },
});

const routes = {
  list: createRoute({
    method: 'get', path: '/', tags: ['tasks'], security,
    summary: 'The caller\'s queue: tasks of their roles and city. Filters: status, overdue, assignee ("me" or a username), caseType, caseId, step',
    request: { query: ListQuery },
    responses: { 200: { description: 'a page; total in Content-Range', ...json(z.array(Task)) }, 422: errors[422] },
  }),
  read: createRoute({
    method: 'get', path: '/{id}', tags: ['tasks'], summary: 'One task of the caller\'s queue', security,
    request: { params: IdParam }, responses: { 200: { description: 'the task', ...json(Task) }, 404: errors[404] },
  }),
  claim: action('/{id}/claim', 'Claim the task (认领)'),
  release: action('/{id}/release', 'Release a claimed task back to the queue'),
  assign: createRoute({
    method: 'post', path: '/{id}/assign', tags: ['tasks'], summary: 'Hand the task to an eligible user (转办)', security,
    request: { params: IdParam, body: { ...json(AssignTaskInput), required: true } },
    responses: { 200: { description: 'the task', ...json(Task) }, ...errors },
  }),
  complete: createRoute({
    method: 'post', path: '/{id}/complete', tags: ['tasks'], security,
    summary: 'Decide (approve | return | reject | expert_review | site_inspection, with a written opinion and the step\'s form in `payload`); answers with the case\'s new state',
    request: { params: IdParam, body: { ...json(TaskDecision), required: true } },
    responses: { 200: { description: 'the case after the decision', ...json(z.record(z.string(), z.unknown())) }, ...errors },
  }),
};

const COLUMNS = {
  id: 'id', caseType: 'case_type', caseId: 'case_id', step: 'step', role: 'role', city: 'city', status: 'status',
  dueAt: 'due_at', priority: 'priority', createdAt: 'created_at', title: 'title', escalationLevel: 'escalation_level', completedAt: 'completed_at',
};

export function taskRoutes(deps: ApiDeps) {
  const { db, temporal } = deps;
  /** The queue: tasks one of whose roles the actor holds, in the actor's city unless either is province-wide. */
  const queue = (actor: Actor) => db.selectFrom('tasks')
    .where(sql<boolean>`candidate_roles && ${sql.val(actor.roles)}::text[]`)
    .where((eb) => (actor.city === null ? sql<boolean>`true` : eb.or([eb('city', 'is', null), eb('city', '=', actor.city)])))
    .where((eb) => eb.or([eb('organization_id', 'is', null), ...(actor.organizationId ? [eb('organization_id', '=', actor.organizationId)] : [])]));
  /** An open task belongs to the running execution of its workflow, so the workflow ID alone finds it. */
  const load = async (id: string) => {
    const task = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!task) throw new DomainError('not_found', `任务 ${id} 不存在 (no such task)`);
    return { task, handle: temporal.workflow.getHandle(task.workflow_id) };
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const actor = c.get('actor');
      const rows = await listPage<TaskRow>(c, queue(actor).selectAll(), c.req.valid('query'), {
        resource: 'tasks', columns: COLUMNS, defaultSort: ['dueAt', 'ASC'],
        customFilters: {
          overdue: (qb, v) => (v === true || v === 'true' ? qb.where('status', '=', 'open').where('due_at', '<', sql<Date>`now()`) : qb.where((eb) => eb.or([eb('status', '!=', 'open'), eb('due_at', '>=', sql<Date>`now()`)]))),
          assignee: (qb, v) => (v === null || v === 'none' ? qb.where('assignee', 'is', null) : qb.where('assignee', '=', v === 'me' ? actor.username : String(v))),
        },
      });
      return c.json(rows.map(taskFromRow), 200);
    })
    .openapi(routes.read, async (c) => {
      const row = await queue(c.get('actor')).selectAll().where('id', '=', c.req.valid('param').id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'no such task in your queue');
      return c.json(taskFromRow(row), 200);
    })
    .openapi(routes.claim, async (c) => {
      const { task, handle } = await load(c.req.valid('param').id);
      await sendUpdate(temporal, handle, claimTask, [{ taskId: task.id, actor: c.get('actor') }], c.get('idempotencyKey'));
      return c.json(taskFromRow(await db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow()), 200);
    })
    .openapi(routes.release, async (c) => {
      const { task, handle } = await load(c.req.valid('param').id);
      await sendUpdate(temporal, handle, releaseTask, [{ taskId: task.id, actor: c.get('actor') }], c.get('idempotencyKey'));
      return c.json(taskFromRow(await db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow()), 200);
    })
    .openapi(routes.assign, async (c) => {
      const { task, handle } = await load(c.req.valid('param').id);
      const user = await findUserByUsername(db, c.req.valid('json').assignee);
      if (!user) throw new DomainError('validation', '被指派人不存在 (no such user)', { assignee: 'no such user' });
      await sendUpdate(temporal, handle, assignTask, [{ taskId: task.id, actor: c.get('actor'), assignee: toActor(user) }], c.get('idempotencyKey'));
      return c.json(taskFromRow(await db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow()), 200);
    })
    .openapi(routes.complete, async (c) => {
      const { task, handle } = await load(c.req.valid('param').id);
      const view = await sendUpdate(temporal, handle, completeTask, [{ taskId: task.id, actor: c.get('actor'), decision: c.req.valid('json') }], c.get('idempotencyKey'));
      return c.json(view as Record<string, unknown>, 200);
    });
}
