/**
 * The task queue and every action of the approval engine (DOMAIN §10): claim, release, assign,
 * transfer (转办), delegate (委派), add / remove signers (加签/减签), return (退回), urge (催办),
 * cc (抄送), comment (评论) and complete. Each action is a Temporal Update whose validator decides;
 * the API resolves who acts — the user, or the colleague they stand in for (代理) — and maps
 * refusals to HTTP.
 */

import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createMiddleware } from 'hono/factory';
import { checkedBy } from '../../db/queries/objections.js';
import { type ListSpec, pageRange, TOTAL_CAP } from '../../db/queries/pages.js';
import {
  handOverCandidates,
  namedTaskById,
  type OpenQueueFilter,
  type OpenQueuePage,
  openQueuePage,
  queuedTask,
  type TaskListRow,
  taskById,
  taskListFilters,
  taskListRows,
} from '../../db/queries/tasks.js';
import { displayNames, findUserByUsername, organizationNames, toActor } from '../../db/queries/users.js';
import type { TaskRow } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { NOTICE_STEPS, receiptNo } from '../../domain/notice.js';
import type { Actor } from '../../domain/roles.js';
import { CONFLICT_OF_INTEREST, handOverRefusal, outsider } from '../../domain/tasks.js';
import {
  addSigners,
  assignTask,
  ccCase,
  claimTask,
  commentCase,
  completeTask,
  delegateTask,
  prioritizeTask,
  recuseTask,
  releaseTask,
  removeSigner,
  taskActions,
  transferTask,
  urgeTask,
} from '../../workflows/approvalUpdates.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { answerRange, type ListQuery, listPage } from '../listing.js';
import { readsObjectors, requireRole } from '../policy.js';
import { acting, couldHoldRow, eligibilityOf, outsiderRefusal, standInMustRecuse } from '../taskHolders.js';
import { sendUpdate } from '../temporal.js';
import { validationHook } from '../validation.js';
import { objectionFileOf, objectorOf } from './notices.js';

import {
  type AvailableAction,
  type Checked,
  PICKS,
  type TaskEnv,
  taskFromRow,
  taskRouteDefs,
  type Who,
} from './taskContracts.js';

/** The objection or 复核 request a task checks, with the objector's identity for those who handle objections. */
async function checksOf(db: ApiDeps['db'], taskId: string, actor: Actor): Promise<z.infer<typeof Checked> | null> {
  const found = await checkedBy(db, taskId);
  if (!found) return null;
  if (found.kind === 'review') {
    const r = found.request;
    return {
      kind: 'review',
      receiptNo: receiptNo(r.id),
      content: r.content,
      reasons: r.reasons,
      filedAt: new Date(r.created_at).toISOString(),
      status: r.status,
      objector: null,
      files: [],
    };
  }
  const o = found.objection;
  return {
    kind: 'objection',
    receiptNo: receiptNo(o.id),
    content: o.content,
    reasons: null,
    filedAt: new Date(o.created_at).toISOString(),
    status: o.status,
    objector: readsObjectors(actor) ? objectorOf(o) : null,
    files: found.files.map(objectionFileOf),
  };
}

const COLUMNS = {
  id: 'id',
  caseType: 'case_type',
  caseId: 'case_id',
  step: 'step',
  role: 'role',
  city: 'city',
  status: 'status',
  dueAt: 'due_at',
  priority: 'priority',
  createdAt: 'created_at',
  title: 'title',
  escalationLevel: 'escalation_level',
  completedAt: 'completed_at',
};

/** The rows a task list is taken from (db/queries/tasks.ts): 待办 lists what the reader may act on (an administrator sees what colleagues hold too). */
export const taskListBase = (db: ApiDeps['db'], actor: Actor, principals: Actor[], query: ListQuery) =>
  taskListRows(db, actor, principals, {
    own: ownTasks(actor, query),
    inbox: query.filter?.status === 'open' && query.filter.caseId === undefined && !actor.roles.includes('admin'),
  });
const ownTasks = (actor: Actor, query: ListQuery) =>
  (['assignee', 'completedBy'] as const).some((k) => [actor.username, 'me'].includes(query.filter?.[k] as string));

/** How the task list filters and sorts: the columns, `overdue`, `assignee` ("me", "none" or a name) and `completedBy` ("me" or a name: 已办). */
export const taskListSpec = (actor: Actor, query: ListQuery): ListSpec => ({
  resource: 'tasks',
  columns: COLUMNS,
  defaultSort: ['dueAt', 'ASC'],
  // the inbox: 紧急 before 优先 before 普通, then by due date
  firstBy: { dueAt: 'priority' },
  // a queue without a city spans the province: long, counted in its order (one's own tasks are few)
  countInOrder: actor.city === null && !ownTasks(actor, query),
  customFilters: taskListFilters(actor),
});

/**
 * A list the open queue's entries answer alone (see `openQueuePage`): open tasks by due date,
 * narrowed only by what entries carry (overdue, case type, 待认领), with the page it asks for. Null
 * for any other list.
 */
export function queueEntriesList(query: ListQuery): { filter: OpenQueueFilter; page: OpenQueuePage } | null {
  const [field, order] = query.sort ?? ['dueAt', 'ASC'];
  const given = Object.entries(query.filter ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const { status, overdue, caseType, assignee, ...others } = Object.fromEntries(given);
  const caseTypes = caseType === undefined ? undefined : [caseType].flat();
  if (
    field !== 'dueAt' ||
    status !== 'open' ||
    Object.keys(others).length ||
    (assignee !== undefined && assignee !== 'none') ||
    caseTypes?.some((t) => typeof t !== 'string')
  )
    return null;
  const { start, end } = pageRange(query);
  return {
    page: { order: order.toLowerCase() as 'asc' | 'desc', start, size: end - start + 1, cap: TOTAL_CAP + 1 },
    filter: {
      ...(overdue !== undefined && { overdue: overdue === true || overdue === 'true' }),
      ...(caseTypes && { caseTypes: caseTypes as string[] }),
      ...(assignee === 'none' && { unclaimed: true }),
    },
  };
}

/** The engine offers people by username (减签: whom to remove); a person reads their names. */
async function withPeopleNamed(db: ApiDeps['db'], actions: AvailableAction[]): Promise<AvailableAction[]> {
  const people = (f: AvailableAction['fields'][number]) => f.name === 'username' && f.kind === 'choice';
  const usernames = actions.flatMap((a) =>
    a.fields.filter(people).flatMap((f) => f.options?.map((o) => o.value) ?? []),
  );
  if (!usernames.length) return actions;
  const names = await displayNames(db, usernames);
  return actions.map((a) => ({
    ...a,
    fields: a.fields.map((f) =>
      people(f)
        ? {
            ...f,
            options: f.options?.map((o) => ({
              ...o,
              label: { zh: names.get(o.value) ?? o.value, en: names.get(o.value) ?? o.value },
            })),
          }
        : f,
    ),
  }));
}

export function taskRoutes(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const { db, temporal, live } = deps;
  /** An action's guard (see `Who`): 404 for no such task, 403 for a caller who may never act on it. */
  const guard = (who: Who, offered?: string) =>
    createMiddleware<TaskEnv>(async (c, next) => {
      const people = [c.get('actor'), ...c.get('principals')];
      if (who === 'admin') requireRole(c.get('actor'), 'admin');
      const admin = c.get('actor').roles.includes('admin');
      const row = await taskById(db, c.req.param('id')!);
      if (!row) throw new DomainError('not_found', say('noSuchTask'));
      const may =
        who === 'admin' ||
        (who === 'pick' && admin) ||
        people.some((a) => couldHoldRow(row, a)) ||
        (who === 'follow' && (await (live?.sees(row.case_type, row.case_id, people) ?? true)));
      if (!may) throw outsiderRefusal(row, people);
      const own = who === 'admin' || (who === 'pick' && admin);
      if (!own && who !== 'follow' && standInMustRecuse(row, c.get('actor')))
        throw new DomainError('forbidden', CONFLICT_OF_INTEREST);
      // an action the engine offers only to some who see the case (评论: holders and the parties):
      // asked of the engine before the body is read, so one who may not gets 403 whatever they send
      if (offered && row.status === 'open') {
        const handle = temporal.workflow.getHandle(row.workflow_id);
        const lists = await Promise.all(people.map((actor) => handle.query(taskActions, { taskId: row.id, actor })));
        if (!lists.some((actions) => actions.some((a) => a.action === offered)))
          throw new DomainError('forbidden', say('youMayNotCommentOn'));
      }
      c.set('task', row);
      await next();
    });
  const routes = taskRouteDefs(guard);
  const reread = async (id: string) => taskFromRow(await namedTaskById(db, id));
  const user = async (username: string, field: string) => {
    const u = await findUserByUsername(db, username);
    if (!u?.active)
      throw new DomainError('validation', say('noSuchActiveUser', username), {
        [field]: say('noSuchUser'),
      });
    return toActor(u);
  };
  /** Sends one engine Update for the caller on the task, and answers with the task as it is now. */
  const act = async <A extends object>(
    c: any,
    update: any,
    extra: (row: TaskRow) => Promise<A> | A = () => ({}) as A,
    answer: 'task' | 'case' = 'task',
  ) => {
    const task = c.get('task') as TaskRow;
    // an open task belongs to the running execution of its workflow, so the workflow ID alone finds it
    const handle = temporal.workflow.getHandle(task.workflow_id);
    // a retry taking over a request whose API died sends the same Update (its ID is the key): the
    // workflow answers with the first outcome if the decision landed, or decides it now. So does a
    // keyed retry of a request answered 503 (the engine away mid-decision), which may have landed
    // although the task is closed now: the Update ID finds its outcome, or the engine refuses.
    const closed = task.status !== 'open' && !c.get('reattach');
    if (closed && !c.get('idempotencyKey')) throw new DomainError('conflict', say('taskIsNoLongerOpen'));
    const who = acting(c, task);
    const result = await sendUpdate(
      temporal,
      handle,
      update,
      [{ taskId: task.id, ...who, ...(await extra(task)) }],
      c.get('idempotencyKey'),
    ).catch((e) => {
      if (closed && e instanceof WorkflowNotFoundError) throw new DomainError('conflict', say('taskIsNoLongerOpen'));
      throw e;
    });
    return c.json(answer === 'case' ? (result as Record<string, unknown>) : await reread(task.id), 200);
  };

  return new OpenAPIHono<TaskEnv>({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const actor = c.get('actor');
      const query = c.req.valid('query');
      const entries = queueEntriesList(query);
      if (entries) {
        const { rows, total } = await openQueuePage(db, [actor, ...c.get('principals')], entries.filter, entries.page);
        answerRange(c, 'tasks', entries.page.start, rows.length, total);
        return c.json(rows.map(taskFromRow), 200);
      }
      const rows = await listPage<TaskListRow>(
        c,
        taskListBase(db, actor, c.get('principals'), query),
        query,
        taskListSpec(actor, query),
      );
      return c.json(rows.map(taskFromRow), 200);
    })
    .openapi(routes.read, async (c) => {
      const row = await queuedTask(db, c.get('actor'), c.get('principals'), c.req.valid('param').id);
      if (!row) throw new DomainError('not_found', say('noSuchTask'));
      const who = acting(c, row);
      const actions =
        row.status === 'open'
          ? await temporal.workflow.getHandle(row.workflow_id).query(taskActions, { taskId: row.id, actor: who.actor })
          : [];
      return c.json(
        {
          ...taskFromRow(row),
          actions: await withPeopleNamed(db, actions),
          actingFor: who.by ? who.actor.displayName : null,
          checks: NOTICE_STEPS.includes(row.step) ? await checksOf(db, row.id, c.get('actor')) : null,
        },
        200,
      );
    })
    .openapi(routes.candidates, async (c) => {
      const { action, q } = c.req.valid('query');
      const row = c.get('task') as TaskRow;
      const task = { ...eligibilityOf(row), named: row.candidate_roles.length === 0 };
      const found = await handOverCandidates(db, {
        except: c.get('actor').username,
        organizationId: row.organization_id,
        q,
      });
      const people = found
        .map(toActor)
        .filter((u) =>
          PICKS[action] === 'reader' ? !outsider(task, u) : !handOverRefusal(task, u, PICKS[action] === 'opinion'),
        );
      const shown = people.slice(0, 20);
      const organisations = await organizationNames(
        db,
        shown.map((u) => u.organizationId),
      );
      return c.json(
        shown.map((u) => ({
          username: u.username,
          displayName: u.displayName,
          city: u.city,
          organizationName: (u.organizationId && organisations.get(u.organizationId)) ?? null,
        })),
        200,
      );
    })
    .openapi(routes.claim, (c) => act(c, claimTask))
    .openapi(routes.release, (c) => act(c, releaseTask))
    .openapi(routes.assign, (c) =>
      act(c, assignTask, async () => ({ assignee: await user(c.req.valid('json').assignee, 'assignee') })),
    )
    .openapi(routes.transfer, (c) =>
      act(c, transferTask, async () => ({
        assignee: await user(c.req.valid('json').assignee, 'assignee'),
        comment: c.req.valid('json').comment,
      })),
    )
    .openapi(routes.delegate, (c) =>
      act(c, delegateTask, async () => ({
        assignee: await user(c.req.valid('json').assignee, 'assignee'),
        comment: c.req.valid('json').comment,
      })),
    )
    .openapi(routes.addSigners, (c) => {
      const body = c.req.valid('json');
      return act(c, addSigners, async () => ({
        signers: await Promise.all(body.usernames.map((u, i) => user(u, `usernames.${i}`))),
        position: body.position,
        comment: body.comment,
      }));
    })
    .openapi(routes.removeSigner, (c) => act(c, removeSigner, () => c.req.valid('json')))
    .openapi(routes.return, (c) =>
      act(c, completeTask, () => ({ decision: { decision: 'return', ...c.req.valid('json') } }), 'case'),
    )
    .openapi(routes.urge, (c) => act(c, urgeTask, () => ({ comment: c.req.valid('json').comment })))
    .openapi(routes.prioritize, (c) => act(c, prioritizeTask, () => c.req.valid('json')))
    .openapi(routes.recuse, (c) => act(c, recuseTask, () => c.req.valid('json')))
    .openapi(routes.cc, (c) => {
      const body = c.req.valid('json');
      return act(c, ccCase, async () => ({
        users: await Promise.all(body.usernames.map((u, i) => user(u, `usernames.${i}`))),
        comment: body.comment,
      }));
    })
    .openapi(routes.comment, (c) => act(c, commentCase, () => ({ comment: c.req.valid('json').text })))
    .openapi(routes.complete, (c) => act(c, completeTask, () => ({ decision: c.req.valid('json') }), 'case'));
}
