/**
 * Saved views (视图) of a list: a person saves the task center's filters, sort and page size under a
 * name, and may share it with the colleagues of one of their own roles. A view is archived, never
 * deleted, and only by its owner.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { archiveView, insertView, viewsFor } from '../../db/queries/views.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { SavedViewInput, VIEW_RESOURCES } from '../../domain/tasks.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { IdParam, json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

export const SavedView = z.object({
  id: z.string(),
  resource: z.string(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  sort: z.object({ field: z.string(), order: z.enum(['ASC', 'DESC']) }),
  perPage: z.number(),
  sharedRole: z.string().nullable(),
  mine: z.boolean().describe('the caller saved it (and may archive it)'),
  ownerName: z.string().nullable(),
});

const viewOf = (
  r: {
    id: string;
    owner: string;
    resource: string;
    name: string;
    params: { filter: Record<string, unknown>; sort: { field: string; order: 'ASC' | 'DESC' }; perPage: number };
    shared_role: string | null;
    owner_name?: string | null;
  },
  username: string,
) => ({
  id: r.id,
  resource: r.resource,
  name: r.name,
  filter: r.params.filter,
  sort: r.params.sort,
  perPage: r.params.perPage,
  sharedRole: r.shared_role,
  mine: r.owner === username,
  ownerName: r.owner_name ?? null,
});

export function viewRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['users'],
        summary: "视图: the caller's saved views of a list, then those shared with one of their roles",
        security,
        request: { query: z.object({ resource: z.enum(VIEW_RESOURCES).default('tasks') }) },
        responses: { 200: { description: 'the views', ...json(z.array(SavedView)) } },
      }),
      async (c) => {
        const actor = c.get('actor');
        const rows = await viewsFor(db, actor.username, actor.roles, c.req.valid('query').resource);
        return c.json(
          rows.map((r) => viewOf(r, actor.username)),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['users'],
        summary: '视图: save the filters, sort and page size under a name; `sharedRole` (one of mine) shares it',
        security,
        request: { body: { ...json(SavedViewInput), required: true } },
        responses: {
          201: { description: 'the view', ...json(SavedView) },
          409: { description: 'a view of this name exists' },
          422: { description: 'a field refused, or a role that is not mine' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { resource, name, filter, sort, perPage, sharedRole } = c.req.valid('json');
        if (sharedRole && !actor.roles.includes(sharedRole as never))
          throw new DomainError('validation', say('shareWithOwnRole'), { sharedRole: say('shareWithOwnRole') });
        const row = await insertView(db, {
          owner: actor.username,
          resource,
          name,
          params: { filter, sort, perPage },
          shared_role: sharedRole ?? null,
        });
        if (!row) throw new DomainError('conflict', say('viewNameTaken'), { name: say('viewNameTaken') });
        return c.json(viewOf(row, actor.username), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/archive',
        tags: ['users'],
        summary: '视图: archive one of my views (it is kept, no longer offered)',
        security,
        request: { params: IdParam },
        responses: { 204: { description: 'archived' }, 404: { description: 'not one of my views' } },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const archived = /^[0-9a-f-]{36}$/.test(id) && (await archiveView(db, id, c.get('actor').username));
        if (!archived) throw new DomainError('not_found', say('noSuchView'));
        return c.body(null, 204);
      },
    );
}
