/**
 * The organisations registry (administrators): every account belongs to a registered
 * organisation, and an organisation's unified social credit code is registered once, to it alone.
 * An applicant may only apply for its own organisation's code (api/routes/applications.ts).
 */

import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import {
  insertOrganization,
  organizationById,
  organizationFilters,
  organizations,
  standingOf,
  updateOrganization,
} from '../../db/queries/organizations.js';
import type { OrganizationsTable } from '../../db/schema.js';
import { TERMINAL_STATUSES } from '../../domain/application.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { OrganizationInput, OrganizationUpdateInput } from '../../domain/organizations.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { idParam, json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

const IdParam = idParam(z.string().min(1).max(61));
const Organization = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.string(),
});
const MyOrganization = Organization.extend({
  applicationInProgress: z
    .object({ id: z.string(), orgName: z.string() })
    .nullable()
    .describe('an application of this code not yet decided: one at a time'),
  subCenter: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe('the active sub-center of this code: one per institution'),
});
type Row = Selectable<OrganizationsTable>;
const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  creditCode: r.credit_code,
  city: r.city,
  createdAt: new Date(r.created_at).toISOString(),
});
/** The unique index decides whose a credit code is (also between two registrations at once). */
const codeTaken = (err: unknown) => {
  if ((err as { constraint?: string }).constraint !== 'organizations_credit_code_key') return err;
  return new DomainError('conflict', say('creditCodeBelongsToAnother'), {
    creditCode: say('registeredToAnotherOrganisation'),
  });
};

export function organizationRoutes({ db }: ApiDeps): OpenAPIHono<AppEnv> {
  const load = async (id: string) => {
    const row = await organizationById(db, id);
    if (!row) throw new DomainError('not_found', say('noSuchOrganisation'));
    return row;
  };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['organizations'],
        security,
        request: { query: ListQuery },
        summary: 'Registered organisations; filters: creditCode, city, q (name)',
        responses: { 200: { description: 'a page', ...json(z.array(Organization)) } },
      }),
      async (c) => {
        const rows = await listPage(c, organizations(db), c.req.valid('query'), {
          resource: 'organizations',
          columns: { id: 'id', name: 'name', creditCode: 'credit_code', city: 'city', createdAt: 'created_at' },
          customFilters: organizationFilters,
          defaultSort: ['name', 'ASC'],
        });
        return c.json(rows.map(view), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/mine',
        tags: ['organizations'],
        security,
        summary:
          "The caller's own organisation: the name and the credit code an application is made with, and what stands in the way of a new one",
        responses: {
          200: { description: 'my organisation', ...json(MyOrganization) },
          404: { description: 'the caller belongs to no organisation' },
        },
      }),
      async (c) => {
        const id = c.get('actor').organizationId;
        if (!id) throw new DomainError('not_found', say('yourAccountBelongsToNo'));
        const org = await load(id);
        const code = org.credit_code;
        // without a registered code the organisation has neither (it cannot apply at all)
        const [inProgress, subCenter] = code ? await standingOf(db, code, TERMINAL_STATUSES) : [undefined, undefined];
        return c.json(
          {
            ...view(org),
            applicationInProgress: inProgress ? { id: inProgress.id, orgName: inProgress.org_name } : null,
            subCenter: subCenter ?? null,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['organizations'],
        security,
        request: { body: { ...json(OrganizationInput), required: true } },
        summary: 'Register an organisation, with its credit code when known (administrators)',
        responses: {
          201: { description: 'registered', ...json(Organization) },
          409: { description: 'the id or the credit code is registered already' },
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const row = await db
          .transaction()
          .execute(async (trx) => {
            const created = await insertOrganization(trx, {
              id: input.id,
              name: input.name,
              credit_code: input.creditCode ?? null,
              city: input.city ?? null,
            });
            if (!created) throw new DomainError('conflict', say('idIsTaken'), { id: say('idIsTaken') });
            await recordAdminChange(trx, c.get('actor'), {
              caseType: 'organization',
              caseId: created.id,
              action: 'organization.registered',
              data: { name: input.name, creditCode: input.creditCode ?? null },
            });
            return created;
          })
          .catch((err) => {
            throw codeTaken(err);
          });
        return c.json(view(row), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        tags: ['organizations'],
        security,
        request: { params: IdParam, body: { ...json(OrganizationUpdateInput), required: true } },
        summary: 'Change an organisation: its name, city, or its credit code once it is known (administrators)',
        responses: {
          200: { description: 'changed', ...json(Organization) },
          404: { description: 'no such organisation' },
          409: { description: 'the credit code belongs to another organisation' },
        },
      }),
      async (c) => {
        const before = await load(c.req.valid('param').id);
        const input = c.req.valid('json');
        const row = await db
          .transaction()
          .execute(async (trx) => {
            const updated = await updateOrganization(trx, before.id, {
              ...(input.name !== undefined && { name: input.name }),
              ...(input.city !== undefined && { city: input.city }),
              ...(input.creditCode !== undefined && { credit_code: input.creditCode }),
            });
            await recordAdminChange(trx, c.get('actor'), {
              caseType: 'organization',
              caseId: before.id,
              action: 'organization.updated',
              data: input,
            });
            return updated;
          })
          .catch((err) => {
            throw codeTaken(err);
          });
        return c.json(view(row), 200);
      },
    );
}
