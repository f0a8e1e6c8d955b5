import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import { publishRuleSet, ruleSetById, ruleSetVersions } from '../../db/queries/reference.js';
import type { RuleSetsTable } from '../../db/schema.js';
import { AdmissionRules } from '../../domain/admissionRules.js';
import { CompetitionRules } from '../../domain/competition.js';
import { DomainError } from '../../domain/errors.js';
import { EvaluationRules } from '../../domain/evaluation.js';
import { fieldErrors } from '../../domain/issues.js';
import { say } from '../../domain/messages.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { IdParam, json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

/** The schema of each kind of rule set; later processes add theirs here. */
const RULE_SCHEMAS: Record<string, z.ZodType> = {
  admission: AdmissionRules,
  evaluation: EvaluationRules,
  competition: CompetitionRules,
};

export const RuleSet = z.object({
  id: z.string(),
  kind: z.string(),
  version: z.number(),
  body: z.unknown(),
  comment: z.string(),
  createdBy: z.string(),
  /** Who published it, by name; null for the initial version the product seeded itself. */
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  current: z.boolean(),
});
const RuleSetInput = z.object({
  kind: z.enum(['admission', 'evaluation', 'competition']),
  body: z.unknown(),
  comment: z.string().trim().min(1, say('sayWhy')).max(2000),
  baseVersion: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('the version the edit started from (0: none yet); refused with 409 when another is in force by now'),
});
type Row = Selectable<RuleSetsTable> & { created_by_name: string | null; current: boolean };
const toRuleSet = (r: Row) => ({
  id: String(r.id),
  kind: r.kind,
  version: r.version,
  body: r.body,
  comment: r.comment,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: new Date(r.created_at).toISOString(),
  current: r.current,
});

/** Versioned rule sets (《工作细则》 values): a change is a new version; old versions stay readable. */
export function ruleSetRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['rule-sets'],
        summary: 'All versions; filter kind',
        security,
        request: { query: ListQuery },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'a page', ...json(z.array(RuleSet)) },
        },
      }),
      async (c) => {
        const rows = await listPage(c, ruleSetVersions(db), c.req.valid('query'), {
          resource: 'rule-sets',
          columns: { id: 'id', kind: 'kind', version: 'version', createdAt: 'created_at' },
          defaultSort: ['version', 'DESC'],
        });
        return c.json(rows.map(toRuleSet), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['rule-sets'],
        summary: 'One version',
        security,
        request: { params: IdParam },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'the version', ...json(RuleSet) },
          404: { description: 'not found' },
        },
      }),
      async (c) => {
        const id = Number(c.req.valid('param').id);
        const row = Number.isInteger(id) ? await ruleSetById(db, id) : undefined;
        if (!row) throw new DomainError('not_found', 'no such rule set');
        return c.json(toRuleSet(row), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['rule-sets'],
        summary: 'Publish a new version (Provincial Center)',
        security,
        request: { body: { ...json(RuleSetInput), required: true } },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          201: { description: 'the new version', ...json(RuleSet) },
          409: { description: 'another version was published after the one the edit started from (baseVersion)' },
          422: { description: 'invalid rules' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { kind, body, comment, baseVersion } = c.req.valid('json');
        const parsed = RULE_SCHEMAS[kind]!.safeParse(body);
        if (!parsed.success)
          throw new DomainError(
            'validation',
            say('invalidRules'),
            Object.fromEntries(
              Object.entries(fieldErrors(parsed.error, body)).map(([path, reason]) => [`body.${path}`, reason]),
            ),
          );
        const row = await db.transaction().execute(async (trx) => {
          const created = await publishRuleSet(
            trx,
            { kind, body: parsed.data, comment, createdBy: actor.username },
            (inForce) => {
              if (baseVersion !== undefined && baseVersion !== inForce)
                throw new DomainError('conflict', say('publishedMeanwhile', inForce), {
                  baseVersion: say('versionInForce', inForce),
                });
            },
          );
          const { version } = created;
          await recordAdminChange(trx, actor, {
            caseType: 'rule_set',
            caseId: kind,
            action: 'rule_set.published',
            comment,
            data: { version },
          });
          return created;
        });
        return c.json(toRuleSet({ ...row, created_by_name: actor.displayName, current: true }), 201);
      },
    );
}
