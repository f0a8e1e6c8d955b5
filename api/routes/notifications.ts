/**
 * Notifications in the app (the bell): mine, newest first, read one or all; and, for
 * administrators, the mail the local SMTP server received (发件箱) when no SMTP_URL is set.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  mailbox,
  markAllRead,
  markRead,
  notificationFilters,
  notificationsOf,
} from '../../db/queries/notifications.js';
import { DomainError } from '../../domain/errors.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { idParam, json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

const IdParam = idParam(z.string().min(1).max(40));
const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  caseType: z.string(),
  caseId: z.string(),
  message: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
  mailedAt: z.string().nullable(),
});
const Mail = z.object({
  id: z.string(),
  messageId: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  receivedAt: z.string(),
});
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function notificationRoutes({ db }: ApiDeps): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/notifications',
        tags: ['notifications'],
        security,
        request: { query: ListQuery },
        summary: 'My notifications, newest first; `filter={"unread":true}` (the count is in Content-Range)',
        responses: { 200: { description: 'a page', ...json(z.array(Notification)) } },
      }),
      async (c) => {
        const rows = await listPage(c, notificationsOf(db, c.get('actor').id), c.req.valid('query'), {
          resource: 'notifications',
          columns: { id: 'id', kind: 'kind', caseType: 'case_type', caseId: 'case_id', createdAt: 'created_at' },
          defaultSort: ['createdAt', 'DESC'],
          customFilters: notificationFilters,
        });
        return c.json(
          rows.map((r) => ({
            id: String(r.id),
            kind: r.kind,
            caseType: r.case_type,
            caseId: r.case_id,
            message: r.message,
            createdAt: iso(r.created_at)!,
            read: r.read_at !== null,
            mailedAt: iso(r.sent_at),
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notifications/{id}/read',
        tags: ['notifications'],
        security,
        request: { params: IdParam },
        summary: 'Mark one of mine read',
        responses: {
          200: { description: 'done', ...json(z.object({ read: z.number() })) },
          404: { description: 'not mine' },
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        if (!/^\d+$/.test(id)) throw new DomainError('not_found', 'no such notification');
        if (!(await markRead(db, c.get('actor').id, id))) throw new DomainError('not_found', 'no such notification');
        return c.json({ read: 1 }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notifications/read-all',
        tags: ['notifications'],
        security,
        summary: 'Mark all of mine read',
        responses: { 200: { description: 'done', ...json(z.object({ read: z.number() })) } },
      }),
      async (c) => {
        return c.json({ read: await markAllRead(db, c.get('actor').id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/mailbox',
        tags: ['notifications'],
        security,
        request: { query: ListQuery },
        summary: '发件箱: mail received by the local SMTP server (administrators)',
        responses: {
          200: { description: 'a page', ...json(z.array(Mail)) },
          403: { description: 'administrators only' },
        },
      }),
      async (c) => {
        const rows = await listPage(c, mailbox(db), c.req.valid('query'), {
          resource: 'mailbox',
          columns: { id: 'id', to: 'rcpt_to', receivedAt: 'received_at' },
          defaultSort: ['receivedAt', 'DESC'],
        });
        return c.json(
          rows.map((r) => ({
            id: String(r.id),
            messageId: r.message_id,
            from: r.mail_from,
            to: r.rcpt_to,
            subject: r.subject,
            text: r.text,
            receivedAt: iso(r.received_at)!,
          })),
          200,
        );
      },
    );
}
