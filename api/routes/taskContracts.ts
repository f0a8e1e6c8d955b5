/**
 * The task queue's contracts (api/routes/tasks.ts handles them): the task as the API shows it, the
 * actions offered, and the OpenAPI route of the queue and of each action of the approval engine.
 */

import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { TaskListRow } from '../../db/queries/tasks.js';
import type { TaskRow } from '../../db/schema.js';
import { say } from '../../domain/messages.js';
import { Role } from '../../domain/roles.js';
import {
  AddSignersInput,
  AssignTaskInput,
  CcInput,
  CommentInput,
  HandOverInput,
  PriorityInput,
  RecuseInput,
  RemoveSignerInput,
  ReturnInput,
  TaskDecision,
  TaskStatus,
  UrgeInput,
} from '../../domain/tasks.js';
import type { AppEnv } from '../context.js';
import { ListQuery } from '../listing.js';
import { IdParam, json, security } from '../openapi.js';
import { ObjectionFile, Objector } from './notices.js';

export const Label = z.object({ zh: z.string(), en: z.string() });
export const AvailableAction = z.object({
  action: z
    .string()
    .describe(
      'claim | release | complete | transfer | delegate | add-signers | remove-signer | return | urge | cc | comment | assign',
    ),
  label: Label,
  fields: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      required: z.boolean(),
      options: z.array(z.object({ value: z.string(), label: Label })).optional(),
      label: Label.optional().describe("a step's own form field (payload.…): what it asks"),
      when: z.string().optional().describe('asked only with this decision'),
    }),
  ),
});

export type AvailableAction = z.infer<typeof AvailableAction>;

export const Task = z.object({
  id: z.string(),
  caseType: z.string().describe('admission | evaluation | revocation | payout | competition'),
  caseId: z.string(),
  title: z.string(),
  step: z.string(),
  role: Role,
  candidateRoles: z
    .array(z.string())
    .describe('the role plus any supervisor role added by escalation; empty for a named reviewer'),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
  party: z
    .string()
    .nullable()
    .describe('the organisation the step is about, where the case has several (a competition’s bids)'),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable().describe('处理人: the name of whoever holds the task'),
  delegatedTo: z.string().nullable().describe('委派: the user asked for an opinion'),
  addedBy: z.string().nullable().describe('加签: who added this reviewer at run time'),
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
/** What a 核查 or 复核 task checks, in view while deciding it. */
export const Checked = z.object({
  kind: z.enum(['objection', 'review']),
  receiptNo: z.string().describe('受理编号, as the objector or requester was told'),
  content: z.string(),
  reasons: z.string().nullable().describe('a 复核 request: its reasons'),
  filedAt: z.string(),
  status: z.string(),
  objector: Objector.nullable().describe("the objector's identity: only for those who handle objections (DOMAIN §9)"),
  files: z.array(ObjectionFile).describe('the letter and evidence: GET /api/objections/files/{id}'),
});
export const TaskDetail = Task.extend({
  actions: z
    .array(AvailableAction)
    .describe('what the caller may do on this task now, with the fields each form needs'),
  actingFor: z.string().nullable().describe('代理: the colleague whose task this is, when the caller stands in'),
  checks: Checked.nullable().describe('a 核查 / 复核 task: the objection or request it checks'),
});

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const taskFromRow = (r: TaskListRow): Task => ({
  id: r.id,
  caseType: r.case_type,
  caseId: r.case_id,
  title: r.title,
  step: r.step,
  role: r.role as Role,
  candidateRoles: r.candidate_roles,
  city: r.city,
  organizationId: r.organization_id,
  party: r.party,
  assignee: r.assignee,
  assigneeName: r.assignee_name,
  delegatedTo: r.delegated_to,
  addedBy: r.added_by,
  dueAt: iso(r.due_at)!,
  overdue: r.status === 'open' && new Date(r.due_at) < new Date(),
  escalationLevel: r.escalation_level,
  priority: r.priority,
  status: r.status as Task['status'],
  decision: r.decision,
  comment: r.comment,
  completedBy: r.completed_by,
  completedAt: iso(r.completed_at),
  createdAt: iso(r.created_at)!,
});

export const errors = {
  403: { description: 'not a holder of this task (nor standing in for one)' },
  404: { description: 'no such task' },
  409: { description: 'the task is not open, is held by someone else, or waits for another reviewer' },
  422: { description: 'invalid input: `{ message, errors: { field: reason } }`' },
};
export const responses = (answer: z.ZodType) => ({
  200: { description: 'the task (a decision answers with the case)', ...json(answer) },
  ...errors,
  429: { description: 'urged within the last 24 hours' },
});
/**
 * Who may ever take an action on a task, checked before its input is read (a caller who may
 * never do it gets 403 whatever the body): `hold` — someone who could hold the task (by name,
 * delegation, or role, city and organisation without a conflict of interest), in their own right
 * or for a colleague they stand in for; `follow` — that, or someone who sees its case (催办 and
 * 评论 by the applicant, an earlier reviewer or a supervisor); `admin` — administrators; `pick` —
 * `hold` or an administrator (choosing people for 转办, 委派, 加签, 抄送 or 指派). The workflow's
 * validator still decides the rest (held by someone else, one seat per reviewer…).
 */
export type Who = 'hold' | 'follow' | 'admin' | 'pick';
/** 批量审批's answer: each task's result, in the order asked. */
export const BatchResult = z.object({
  decided: z.number().describe('tasks decided'),
  refused: z.number().describe('tasks refused, each with its reason'),
  results: z.array(
    z.object({
      taskId: z.string(),
      title: z.string().nullable().describe("the case's title, as the inbox shows it"),
      decided: z.boolean(),
      status: z.number().describe('the HTTP status the single decision would have answered'),
      message: z.string().nullable().describe("why it was refused, in the reader's language"),
    }),
  ),
});
/** The actions that name people, and whom each may name (see `handOverRefusal`; 抄送: anyone who may read the case). */
export const PICKS = {
  transfer: 'task',
  assign: 'task',
  delegate: 'opinion',
  'add-signers': 'opinion',
  cc: 'reader',
} as const;
export const Candidate = z.object({
  username: z.string(),
  displayName: z.string(),
  city: z.string().nullable(),
  organizationName: z.string().nullable().describe('the organisation the person works for, if registered'),
});
/** The routes of the queue and of each action, each action guarded by `guard(who)` before its input is read. */
export function taskRouteDefs(guard: (who: Who, offered?: string) => MiddlewareHandler<TaskEnv>) {
  const post = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    { answer = Task, who = 'hold', offered }: { answer?: z.ZodType; who?: Who; offered?: string } = {},
  ) =>
    createRoute({
      method: 'post',
      path,
      tags: ['tasks'],
      summary,
      security,
      middleware: [guard(who, offered)],
      request: { params: IdParam, body: { ...json(body), required: true } },
      responses: responses(answer),
    });
  /** An action without a body (认领, 释放): nothing to validate but the guard. */
  const bare = (path: string, summary: string) => {
    const { request, ...route } = post(path, summary, z.object({}));
    return createRoute({ ...route, request: { params: request.params } });
  };
  const CaseState = z.record(z.string(), z.unknown());

  return {
    list: createRoute({
      method: 'get',
      path: '/',
      tags: ['tasks'],
      security,
      summary:
        'The caller\'s queue: tasks of their roles and city, named or delegated to them, or of a colleague they stand in for. Filters: status, overdue, assignee ("me", "none" or a username), completedBy ("me": 已办), caseType, caseId, step',
      request: { query: ListQuery },
      responses: { 200: { description: 'a page; total in Content-Range', ...json(z.array(Task)) }, 422: errors[422] },
    }),
    read: createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['tasks'],
      summary: "One task of the caller's queue, with the actions the caller may take now",
      security,
      request: { params: IdParam },
      responses: { 200: { description: 'the task', ...json(TaskDetail) }, 404: errors[404] },
    }),
    candidates: createRoute({
      method: 'get',
      path: '/{id}/candidates',
      tags: ['tasks'],
      summary:
        'People the caller may name in an action on the task (转办, 委派, 加签, 抄送, 指派), found by name or username: at most 20, by name',
      security,
      middleware: [guard('pick')],
      request: {
        params: IdParam,
        query: z.object({
          // said in words: the keys themselves are the console's, not a person's
          action: z.enum(Object.keys(PICKS) as [keyof typeof PICKS, ...(keyof typeof PICKS)[]], {
            error: say('mustBeTransferAssignDelegate'),
          }),
          q: z.string().max(100).optional(),
        }),
      },
      responses: {
        200: { description: 'the people, each with the username the action takes', ...json(z.array(Candidate)) },
        403: errors[403],
        404: errors[404],
        422: errors[422],
      },
    }),
    claim: bare('/{id}/claim', 'Claim the task (认领)'),
    release: bare('/{id}/release', 'Release a claimed task back to the queue'),
    assign: post('/{id}/assign', 'Assign the task to an eligible user (administrators)', AssignTaskInput, {
      who: 'admin',
    }),
    transfer: post('/{id}/transfer', '转办: hand the task to another eligible user for good', HandOverInput),
    delegate: post(
      '/{id}/delegate',
      '委派: ask another user for an opinion; the task comes back to you to decide',
      HandOverInput,
    ),
    addSigners: post(
      '/{id}/add-signers',
      '加签: reviewers who act before you, after you, or alongside',
      AddSignersInput,
    ),
    removeSigner: post(
      '/{id}/remove-signer',
      '减签: remove a reviewer added at run time who has not acted yet',
      RemoveSignerInput,
    ),
    return: post(
      '/{id}/return',
      '退回: return the case to a step it has passed (`applicant`: for supplement)',
      ReturnInput,
      { answer: CaseState },
    ),
    urge: post(
      '/{id}/urge',
      '催办: remind the current holders (the applicant, an earlier reviewer or a supervisor; once per 24 hours)',
      UrgeInput,
      { who: 'follow' },
    ),
    recuse: post(
      '/{id}/recuse',
      '回避: an expert declares a conflict of interest and steps aside; the task leaves their queue for good',
      RecuseInput,
    ),
    prioritize: post(
      '/{id}/prioritize',
      '优先级: 0 普通, 1 优先, 2 紧急 — the inbox lists a higher priority first (the Provincial Center)',
      PriorityInput,
      { who: 'follow' },
    ),
    cc: post('/{id}/cc', '抄送: let these users read the case; they find it under 抄送我的', CcInput),
    comment: post('/{id}/comment', '评论: a comment on the case, without deciding', CommentInput, {
      who: 'follow',
      offered: 'comment',
    }),
    complete: post(
      '/{id}/complete',
      "Decide (approve | return | reject | expert_review | site_inspection | opinion), with a written opinion and the step's form in `payload`; answers with the case's new state",
      TaskDecision,
      { answer: CaseState },
    ),
  };
}

/** The task routes' requests: an action's guard keeps the row it read. */
export interface TaskEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { task?: TaskRow };
}
