import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { subCenterById, subCenterFilters, subCenters } from '../../db/queries/subCenters.js';
import type { SubCenterRow } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { IdParam, security } from '../openapi.js';
import { validationHook } from '../validation.js';

export const SubCenter = z.object({
  id: z.string(),
  applicationId: z.string(),
  name: z.string(),
  creditCode: z.string(),
  system: z.string(),
  category: z.string(),
  city: z.string(),
  status: z.enum(['active', 'revoked']),
  admittedAt: z.string(),
  publishedAt: z.string(),
});
const fromRow = (r: SubCenterRow): z.infer<typeof SubCenter> => ({
  id: r.id,
  applicationId: r.application_id,
  name: r.name,
  creditCode: r.credit_code,
  system: r.system,
  category: r.category,
  city: r.city,
  status: r.status as 'active',
  admittedAt: new Date(r.admitted_at).toISOString(),
  publishedAt: new Date(r.published_at).toISOString(),
});
const COLUMNS = {
  id: 'id',
  name: 'name',
  creditCode: 'credit_code',
  system: 'system',
  category: 'category',
  city: 'city',
  status: 'status',
  admittedAt: 'admitted_at',
};

/** The roster (管理序列). It is public information, so every signed-in user may read it. */
export function subCenterRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['sub-centers'],
        summary: 'The roster; filters: system, category, city, status, q',
        security,
        request: { query: ListQuery },
        responses: {
          200: {
            description: 'a page; total in Content-Range',
            content: { 'application/json': { schema: z.array(SubCenter) } },
          },
        },
      }),
      async (c) => {
        const rows = await listPage(c, subCenters(db), c.req.valid('query'), {
          resource: 'sub-centers',
          columns: COLUMNS,
          defaultSort: ['admittedAt', 'DESC'],
          customFilters: subCenterFilters,
        });
        return c.json(rows.map(fromRow), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['sub-centers'],
        summary: 'One roster entry',
        security,
        request: { params: IdParam },
        responses: {
          200: { description: 'the entry', content: { 'application/json': { schema: SubCenter } } },
          404: { description: 'not found' },
        },
      }),
      async (c) => {
        const row = await subCenterById(db, c.req.valid('param').id);
        if (!row) throw new DomainError('not_found', 'no such sub-center');
        return c.json(fromRow(row), 200);
      },
    );
}
