import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { subCenterCaseScope } from '../../db/queries/cases.js';
import { annexASums, everyone, payoutVisibleTo } from '../../db/queries/evaluation.js';
import { loadCurrentRules } from '../../db/queries/reference.js';
import { subCenterById } from '../../db/queries/subCenters.js';
import { System } from '../../domain/application.js';
import { DomainError } from '../../domain/errors.js';
import { ANNEX_A_KEYS, DEFAULT_EVALUATION_RULES, EvaluationRules, evaluationSteps } from '../../domain/evaluation.js';
import { say } from '../../domain/messages.js';
import { evaluationRound, evaluationRoundWorkflowId, roundOpened } from '../../workflows/evaluationRound.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { revocation, revocationOpened, revocationWorkflowId } from '../../workflows/revocation.js';
import { caseResourceRoutes } from '../caseResource.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { json, security } from '../openapi.js';
import { expertsSealedFrom } from '../policy.js';
import { validationHook } from '../validation.js';

const OpenRoundInput = z.object({ year: z.number().int().min(2015).max(2100), system: System });
const RevocationInput = z.object({
  subCenterId: z.string().min(1),
  reason: z.string().trim().min(1, say('revocationReasonRequired')).max(4000),
});
const Started = z.object({ id: z.string(), status: z.string() });
const errors = {
  403: { description: 'not allowed' },
  404: { description: 'not found' },
  409: { description: 'already open / not active' },
  422: { description: 'invalid input' },
};

/** Rounds, evaluations, revocations and payouts (DOMAIN §4–6), plus the Annex A network summary. */
export function evaluationRoutes(deps: ApiDeps) {
  const { db, temporal } = deps;
  const rounds = caseResourceRoutes(deps, {
    table: 'evaluation_rounds',
    resource: 'evaluation-rounds',
    caseType: 'evaluation_round',
    tag: 'evaluation-rounds',
    columns: { id: 'id', year: 'year', system: 'system', status: 'status', createdAt: 'created_at' },
    defaultSort: ['year', 'DESC'],
    visible: everyone, // published results
  }).openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['evaluation-rounds'],
      summary: 'Open the round of a year and system by hand (Provincial Center)',
      security,
      request: { body: { ...json(OpenRoundInput), required: true } },
      responses: { 201: { description: 'opened', ...json(Started) }, ...errors },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { year, system } = c.req.valid('json');
      const startWorkflowOperation = new WithStartWorkflowOperation(evaluationRound, {
        workflowId: evaluationRoundWorkflowId(system, year),
        taskQueue: TASK_QUEUE,
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ year, system, openedBy: { id: actor.id, name: actor.displayName } }],
      });
      try {
        return c.json(await temporal.workflow.executeUpdateWithStart(roundOpened, { startWorkflowOperation }), 201);
      } catch (err) {
        if (
          /already (started|exists)|AlreadyStarted/i.test(String((err as Error).message) + String((err as Error).name))
        )
          throw new DomainError('conflict', say('roundAlreadyOpen', year, system === 'financial'));
        throw err;
      }
    },
  );

  const evaluations = caseResourceRoutes(deps, {
    table: 'evaluations',
    resource: 'evaluations',
    caseType: 'evaluation',
    tag: 'evaluations',
    columns: {
      id: 'id',
      roundId: 'round_id',
      year: 'year',
      subCenterId: 'sub_center_id',
      city: 'city',
      system: 'system',
      category: 'category',
      status: 'status',
      grade: 'grade',
      totalScore: 'total_score',
      createdAt: 'created_at',
    },
    defaultSort: ['createdAt', 'DESC'],
    visible: subCenterCaseScope('evaluations'),
    // the experts' names, scores and comments are secret from the sub-center: it reads the qualitative score
    present: (body, actor) => (expertsSealedFrom(actor) ? { ...body, expertScores: [] } : body),
    recall: '自评报告',
    sheet: {
      kind: '绩效评价',
      terminal: ['closed'],
      title: (b) => `${(b.subCenter as { name: string }).name} · ${b.year}`,
      fields: (b) => [
        ['年度', String(b.year)],
        ['地市', String((b.subCenter as { city: string }).city)],
      ],
    },
  });

  const revocations = caseResourceRoutes(deps, {
    table: 'revocations',
    resource: 'revocations',
    caseType: 'revocation',
    tag: 'revocations',
    columns: {
      id: 'id',
      subCenterId: 'sub_center_id',
      city: 'city',
      trigger: 'trigger',
      status: 'status',
      createdAt: 'created_at',
    },
    defaultSort: ['createdAt', 'DESC'],
    visible: subCenterCaseScope('revocations'),
    recall: '陈述申辩',
    sheet: {
      kind: '撤销资质',
      terminal: ['revoked', 'kept'],
      title: (b) => (b.subCenter as { name: string }).name,
      fields: (b) => [['撤销事由', String(b.reason)]],
    },
  }).openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['revocations'],
      summary: 'Start a revocation for a serious violation (provincial reviewer)',
      security,
      request: { body: { ...json(RevocationInput), required: true } },
      responses: { 201: { description: 'started', ...json(Started) }, ...errors },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { subCenterId, reason } = c.req.valid('json');
      const sc = await subCenterById(db, subCenterId);
      if (!sc) throw new DomainError('not_found', 'no such sub-center', { subCenterId: 'not found' });
      if (sc.status !== 'active') throw new DomainError('conflict', say('notActiveSubCenter'));
      const current = await loadCurrentRules(db, 'evaluation');
      const rules = current ? EvaluationRules.parse(current.body) : DEFAULT_EVALUATION_RULES;
      const steps = evaluationSteps(rules);
      const startWorkflowOperation = new WithStartWorkflowOperation(revocation, {
        workflowId: revocationWorkflowId(sc.id),
        taskQueue: TASK_QUEUE,
        workflowIdConflictPolicy: 'FAIL',
        args: [
          {
            subCenter: {
              id: sc.id,
              name: sc.name,
              organizationId: sc.organization_id,
              city: sc.city,
              system: sc.system as 'tech_service',
            },
            trigger: 'violation',
            reason,
            requestedBy: { id: actor.id, name: actor.displayName },
            statementWorkingDays: rules.workingDays.statement,
            decisionWorkingDays: rules.workingDays.revocationDecision,
            steps: { statement: steps.statement, revocation_decision: steps.revocation_decision },
            noticePeriod: rules.revocationNoticePeriod,
          },
        ],
      });
      return c.json(await temporal.workflow.executeUpdateWithStart(revocationOpened, { startWorkflowOperation }), 201);
    },
  );

  const payouts = caseResourceRoutes(deps, {
    table: 'payouts',
    resource: 'payouts',
    caseType: 'payout',
    tag: 'payouts',
    columns: {
      id: 'id',
      source: 'source',
      sourceId: 'source_id',
      subCenterId: 'sub_center_id',
      year: 'year',
      amount: 'amount',
      status: 'status',
      createdAt: 'created_at',
    },
    defaultSort: ['createdAt', 'DESC'],
    visible: payoutVisibleTo,
    sheet: {
      kind: '后补助拨付',
      terminal: ['paid', 'rejected', 'refused_budget'],
      title: (b) => `${(b.subCenter as { name: string }).name} · ¥${Number(b.amount).toLocaleString('zh-CN')}`,
      fields: (b) => [
        ['事由', String(b.reason)],
        ['年度', String(b.year)],
      ],
    },
  });

  return { rounds, evaluations, revocations, payouts };
}

export const AnnexASummary = z.array(
  z.object({
    year: z.number(),
    city: z.string(),
    system: z.string(),
    reports: z.number(),
    figures: z.record(z.string(), z.number()),
  }),
);

/** Annex A figures of the self-reports, summed by year, city and system (filters: year, system, city). */
export function annexASummaryRoute({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: 'get',
      path: '/annex-a',
      tags: ['stats'],
      summary: 'Annex A figures summed by year, city and system (province-wide roles)',
      security,
      request: {
        query: z.object({
          year: z.coerce.number().int().min(2015).max(2100).optional(),
          system: System.optional(),
          city: z.string().optional(),
        }),
      },
      responses: {
        200: { description: 'the sums', ...json(AnnexASummary) },
        403: { description: say('notPermittedForThisRole') },
        422: { description: 'a year outside 2015–2100, an unknown system' },
      },
    }),
    async (c) => {
      const { year, system, city } = c.req.valid('query');
      const rows = await annexASums(db, ANNEX_A_KEYS, { year, system, city });
      return c.json(
        rows.map((r) => ({
          year: Number(r.year),
          city: String(r.city),
          system: String(r.system),
          reports: Number(r.reports),
          figures: Object.fromEntries(ANNEX_A_KEYS.map((k) => [k, Number(r[k])])),
        })),
        200,
      );
    },
  );
}
