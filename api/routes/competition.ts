import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  bidVisibleTo,
  competitionStatus,
  competitionVisibleTo,
  ownBidsAndTasks,
  subCenterOfOrganization,
} from '../../db/queries/competition.js';
import { loadCurrentRules } from '../../db/queries/reference.js';
import {
  AWARDED_BIDS,
  BID_READERS,
  BidInput,
  CompetitionRules,
  CompetitionTaskEdit,
  CompetitionTaskInput,
  DEFAULT_COMPETITION_RULES,
  readsDrafts,
} from '../../domain/competition.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import type { Actor } from '../../domain/roles.js';
import {
  competition,
  competitionCreated,
  competitionWorkflowId,
  editCompetitionTask,
  publishCompetitionTask,
  submitBid,
  withdrawBid,
} from '../../workflows/competition.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { caseResourceRoutes } from '../caseResource.js';
import type { ApiDeps } from '../context.js';
import { IdParam, json, security } from '../openapi.js';
import { scoresSealedFor } from '../policy.js';
import { sendUpdate } from '../temporal.js';
import { OptionalComment, optionalComment } from '../validation.js';

const State = z.object({ id: z.string(), status: z.string() });
const errors = {
  403: { description: 'not allowed' },
  404: { description: 'not found' },
  409: { description: 'wrong state (published, closed, late, second bid)' },
  422: { description: 'invalid input' },
};

/** 揭榜挂帅: the year's task list (drafted and published by the Provincial Center) and the bids on it. */
export function competitionRoutes(deps: ApiDeps) {
  const { db, temporal } = deps;
  const handleOf = async (actor: Actor, id: string) => {
    const row = await competitionStatus(db, id);
    if (!row || (row.status === 'draft' && !readsDrafts(actor)))
      throw new DomainError('not_found', 'no such competition task');
    return temporal.workflow.getHandle(row.id);
  };

  const tasks = caseResourceRoutes(deps, {
    table: 'competition_tasks',
    resource: 'competition-tasks',
    caseType: 'competition',
    tag: 'competition-tasks',
    columns: { id: 'id', year: 'year', title: 'title', status: 'status', createdAt: 'created_at' },
    defaultSort: ['createdAt', 'DESC'],
    visible: competitionVisibleTo,
    recall: '里程碑报告',
    // a bidder reads its own bid's entries, never another's (who bid, their scores, their steps)
    sealHistory: async (audit, actor, id) => {
      if (actor.roles.some((r) => BID_READERS.includes(r))) return audit;
      const own = await ownBidsAndTasks(db, id, actor.organizationId);
      const about = (v: unknown, ids: Set<string>) => typeof v !== 'string' || ids.has(v);
      return audit.filter(
        (e) => e.action !== 'competition.ranked' && about(e.data.bidId, own.bids) && about(e.data.taskId, own.tasks),
      );
    },
    // bids are sealed (DOMAIN §5): while bidding is open nobody reads who bid; afterwards the
    // Provincial Center and the panel do, finance the awarded bids only, a sub-center its own (under 揭榜方案)
    present: (body, actor) => {
      const bids = body.bids as { status: string; score: unknown; organizationId?: string | null }[];
      const open = body.status === 'draft' || body.status === 'open';
      const readsAll = !open && actor.roles.some((r) => BID_READERS.includes(r));
      const shown = bids.filter(
        (b) =>
          readsAll ||
          (actor.organizationId && b.organizationId === actor.organizationId) ||
          (!open && actor.roles.includes('finance') && AWARDED_BIDS.includes(b.status)),
      );
      // while the panel scores, an expert sees no bid's score
      const sealedScores = body.status === 'expert_review' && scoresSealedFor(actor);
      return { ...body, bids: sealedScores ? shown.map((b) => ({ ...b, score: null })) : shown };
    },
    sheet: {
      kind: '揭榜挂帅任务',
      terminal: ['closed', 'unawarded'],
      title: (b) => String(b.title),
      fields: (b) => [
        ['年度', String(b.year)],
        ['预算', `¥${Number(b.budget).toLocaleString('zh-CN')}`],
        ['揭榜截止', String(b.bidDeadline)],
      ],
    },
  })
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['competition-tasks'],
        summary: "Draft a key task of the year's list (Provincial Center)",
        security,
        request: { body: { ...json(CompetitionTaskInput), required: true } },
        responses: { 201: { description: 'the draft', ...json(State) }, ...errors },
      }),
      async (c) => {
        const actor = c.get('actor');
        const taskId = randomUUID();
        const startWorkflowOperation = new WithStartWorkflowOperation(competition, {
          workflowId: competitionWorkflowId(taskId),
          taskQueue: TASK_QUEUE,
          workflowIdConflictPolicy: 'FAIL',
          args: [
            {
              taskId,
              data: c.req.valid('json'),
              createdBy: { id: actor.id, name: actor.displayName },
              rules: await currentCompetitionRules(db),
            },
          ],
        });
        return c.json(
          await temporal.workflow.executeUpdateWithStart(competitionCreated, { startWorkflowOperation }),
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        tags: ['competition-tasks'],
        summary: 'Edit a draft',
        security,
        request: { params: IdParam, body: { ...json(CompetitionTaskEdit), required: true } },
        responses: { 200: { description: 'edited', ...json(State) }, ...errors },
      }),
      async (c) => {
        const actor = c.get('actor');
        const handle = await handleOf(actor, c.req.valid('param').id);
        return c.json(
          await sendUpdate(
            temporal,
            handle,
            editCompetitionTask,
            [{ actor, changes: c.req.valid('json') }],
            c.get('idempotencyKey'),
          ),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/publish',
        tags: ['competition-tasks'],
        summary: 'Publish: bidding opens until the deadline',
        security,
        request: { params: IdParam },
        responses: { 200: { description: 'published', ...json(State) }, ...errors },
      }),
      async (c) => {
        const actor = c.get('actor');
        const handle = await handleOf(actor, c.req.valid('param').id);
        return c.json(
          await sendUpdate(temporal, handle, publishCompetitionTask, [{ actor }], c.get('idempotencyKey')),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/bids',
        tags: ['bids'],
        summary: "Bid (揭榜) for the caller's sub-center",
        security,
        request: { params: IdParam, body: { ...json(BidInput), required: true } },
        responses: { 201: { description: 'the bid', ...json(z.record(z.string(), z.unknown())) }, ...errors },
      }),
      async (c) => {
        const actor = c.get('actor');
        const handle = await handleOf(actor, c.req.valid('param').id);
        const sc = actor.organizationId ? await subCenterOfOrganization(db, actor.organizationId) : undefined;
        if (!sc) throw new DomainError('forbidden', say('onlySubCentersMayBid'));
        const subCenter = {
          id: sc.id,
          name: sc.name,
          organizationId: sc.organization_id,
          city: sc.city,
          system: sc.system as 'tech_service',
          category: sc.category,
          status: sc.status,
        };
        return c.json(
          (await sendUpdate(
            temporal,
            handle,
            submitBid,
            [{ actor, subCenter, bid: c.req.valid('json') }],
            c.get('idempotencyKey'),
          )) as unknown as Record<string, unknown>,
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/bids/withdraw',
        tags: ['bids'],
        summary: "撤回: the caller's sub-center takes its bid back while bidding is open (it may bid again)",
        security,
        request: { params: IdParam, body: { ...json(OptionalComment), required: false } },
        responses: { 200: { description: 'the competition task', ...json(State) }, ...errors },
      }),
      async (c) => {
        const actor = c.get('actor');
        const handle = await handleOf(actor, c.req.valid('param').id);
        const { comment } = await optionalComment(c);
        return c.json(
          (await sendUpdate(temporal, handle, withdrawBid, [{ actor, comment }], c.get('idempotencyKey'))) as {
            id: string;
            status: string;
          },
          200,
        );
      },
    );

  const bids = caseResourceRoutes(deps, {
    table: 'bids',
    resource: 'bids',
    caseType: 'competition',
    tag: 'bids',
    history: false, // a bid's history is its competition task's
    columns: {
      id: 'id',
      competitionId: 'competition_id',
      subCenterId: 'sub_center_id',
      city: 'city',
      status: 'status',
      requestedAmount: 'requested_amount',
      createdAt: 'created_at',
    },
    defaultSort: ['createdAt', 'DESC'],
    // while the panel scores, an expert sees only their own scores of a bid
    present: (body, actor) =>
      body.status === 'submitted' && scoresSealedFor(actor)
        ? {
            ...body,
            score: null,
            scores: (body.scores as { expert: string }[]).filter((s) => s.expert === actor.displayName),
          }
        : body,
    visible: bidVisibleTo,
  });
  return { tasks, bids };
}

/** The competition rule set in force (each step's configuration), recorded with a new task. */
async function currentCompetitionRules(db: ApiDeps['db']) {
  const current = await loadCurrentRules(db, 'competition');
  const rules: CompetitionRules = current ? CompetitionRules.parse(current.body) : DEFAULT_COMPETITION_RULES;
  return { version: current?.version ?? 0, steps: rules.steps, noticePeriod: rules.noticePeriod };
}
