/**
 * Incidents (故障): steps a workflow could not record after its retries, or data no retry can
 * mend. Administrators and auditors read them; an administrator asks the workflow to try the
 * step again (重试) once the cause is mended — the workflow writes the outcome.
 */

import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import { incidentById, incidentFilters, incidents, markRetrying, reopenIncident } from '../../db/queries/incidents.js';
import type { IncidentsTable } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { RETRY_INCIDENT_SIGNAL } from '../../workflows/names.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { idParam, json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

const IdParam = idParam(z.string().uuid());
export const Incident = z.object({
  id: z.string(),
  workflowType: z.string(),
  caseType: z.string().nullable(),
  caseId: z.string().nullable(),
  activity: z.string(),
  error: z.string(),
  errorType: z.string().nullable(),
  failures: z.number(),
  status: z.enum(['open', 'retrying', 'resolved']),
  createdAt: z.string(),
  updatedAt: z.string(),
  retryRequestedBy: z.string().nullable(),
  retryRequestedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
type Row = Selectable<IncidentsTable>;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const view = (r: Row): z.infer<typeof Incident> => ({
  id: r.id,
  workflowType: r.workflow_type,
  caseType: r.case_type,
  caseId: r.case_id,
  activity: r.activity,
  error: r.error,
  errorType: r.error_type,
  failures: r.failures,
  status: r.status,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
  retryRequestedBy: r.retry_requested_by,
  retryRequestedAt: iso(r.retry_requested_at),
  resolvedAt: iso(r.resolved_at),
});

export function incidentRoutes({ db, temporal }: ApiDeps): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['incidents'],
        security,
        request: { query: ListQuery },
        summary: 'Incidents, newest first; `filter={"status":"open"}` or `{"unresolved":true}`',
        responses: {
          200: { description: 'a page', ...json(z.array(Incident)) },
          403: { description: 'administrators and auditors only' },
        },
      }),
      async (c) => {
        const rows = await listPage(c, incidents(db), c.req.valid('query'), {
          resource: 'incidents',
          columns: {
            id: 'id',
            status: 'status',
            caseType: 'case_type',
            caseId: 'case_id',
            createdAt: 'created_at',
            updatedAt: 'updated_at',
          },
          customFilters: incidentFilters,
          defaultSort: ['createdAt', 'DESC'],
        });
        return c.json(rows.map(view), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['incidents'],
        security,
        request: { params: IdParam },
        summary: 'One incident',
        responses: {
          200: { description: 'the incident', ...json(Incident) },
          403: { description: 'administrators and auditors only' },
          404: { description: 'no such incident' },
        },
      }),
      async (c) => {
        const row = await incidentById(db, c.req.valid('param').id);
        if (!row) throw new DomainError('not_found', say('noSuchIncident'));
        return c.json(view(row), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/retry',
        tags: ['incidents'],
        security,
        request: { params: IdParam },
        summary: '重试: the workflow tries the failed step again (once its cause is mended)',
        responses: {
          202: {
            description: 'the workflow was asked; the incident reads resolved once the step went through',
            ...json(Incident),
          },
          403: { description: 'administrators only' },
          404: { description: 'no such incident' },
          409: { description: 'the incident is not open (already retrying or resolved), or its workflow has ended' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const row = await markRetrying(db, c.req.valid('param').id, actor.displayName);
        if (!row) {
          if (!(await incidentById(db, c.req.valid('param').id)))
            throw new DomainError('not_found', say('noSuchIncident'));
          throw new DomainError('conflict', say('incidentIsNotOpen'));
        }
        try {
          await temporal.workflow.getHandle(row.workflow_id, row.run_id).signal(RETRY_INCIDENT_SIGNAL, row.id);
        } catch (err) {
          await reopenIncident(db, row.id);
          if ((err as Error).name === 'WorkflowNotFoundError')
            throw new DomainError('conflict', say('workflowHasEnded'));
          throw err;
        }
        return c.json(view(row), 202);
      },
    );
}
