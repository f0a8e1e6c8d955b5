/**
 * Behind the login: 复核 requests by the organisation concerned, and the objections with the
 * objector's identity for those who handle them (provincial reviewers) and auditors.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import { noticeForReview, reviewableItems } from '../../db/queries/notices.js';
import { objectionFileById, objectionFiles, objectionsWithNotice } from '../../db/queries/objections.js';
import type { ObjectionsTable } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { ReviewRequestInput, receiptNo } from '../../domain/notice.js';
import { requestReview } from '../../workflows/publicNotice.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { idParam, json, security } from '../openapi.js';
import { sendUpdate } from '../temporal.js';
import { validationHook } from '../validation.js';

const IdParam = idParam(z.string().min(1).max(200));
/** Who objected, as those who handle objections read it (DOMAIN §9). */
export const Objector = z.object({
  kind: z.string(),
  realName: z.string().nullable(),
  orgName: z.string().nullable(),
  contactPerson: z.string().nullable(),
  phone: z.string(),
  email: z.string().nullable(),
});
export const objectorOf = (r: Selectable<ObjectionsTable>): z.infer<typeof Objector> => ({
  kind: r.kind,
  realName: r.real_name,
  orgName: r.org_name,
  contactPerson: r.contact_person,
  phone: r.phone,
  email: r.email,
});
/** An objection's letter or evidence, without its content (GET /api/objections/files/{id}). */
export const ObjectionFile = z.object({
  id: z.string(),
  role: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});
export const objectionFileOf = (f: {
  id: string;
  role: string;
  filename: string;
  content_type: string;
  size: number;
}) => ({
  id: f.id,
  role: f.role,
  filename: f.filename,
  contentType: f.content_type,
  size: f.size,
});
const Objection = z.object({
  id: z.string(),
  noticeId: z.string(),
  itemId: z.string(),
  ...Objector.shape,
  content: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  files: z.array(ObjectionFile),
  receiptNo: z.string().describe('受理编号, as the objector was told'),
  subject: z.string().describe('the organisation on the list the objection is about'),
  noticeTitle: z.string(),
  caseType: z.string(),
  caseId: z.string(),
  taskId: z.string().nullable().describe('its 核查 task'),
});

const Reviewable = z.object({
  noticeId: z.string(),
  noticeTitle: z.string(),
  itemId: z.string(),
  orgName: z.string(),
  result: z.string(),
  reviewUntil: z.string().nullable().describe('the last moment a 复核 may be asked'),
  request: z
    .object({ id: z.string(), receiptNo: z.string(), status: z.string(), outcome: z.string().nullable() })
    .nullable()
    .describe('the 复核 asked, if any'),
});

export function noticeRoutes({ db, temporal }: ApiDeps): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/notices/reviewable',
        tags: ['notices'],
        security,
        summary: "复核: the caller's organisation's items on final lists whose review window is open, or reviewed",
        responses: { 200: { description: 'newest first', ...json(z.array(Reviewable)) } },
      }),
      async (c) => {
        const organizationId = c.get('actor').organizationId;
        const rows = organizationId ? await reviewableItems(db, organizationId) : [];
        return c.json(
          rows.map((r) => ({
            noticeId: r.notice_id,
            noticeTitle: r.title,
            itemId: r.item_id,
            orgName: r.org_name,
            result: r.result,
            reviewUntil: r.review_until ? new Date(r.review_until).toISOString() : null,
            request: r.request_id
              ? {
                  id: r.request_id,
                  receiptNo: receiptNo(r.request_id),
                  status: r.request_status!,
                  outcome: r.request_outcome,
                }
              : null,
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notices/{id}/reviews',
        tags: ['notices'],
        security,
        summary: '复核: the organisation concerned asks for a review within 5 working days after the notice ends',
        request: { params: IdParam, body: { ...json(ReviewRequestInput), required: true } },
        responses: {
          201: {
            description: 'accepted, with its receipt number (受理编号)',
            ...json(z.object({ id: z.string(), receiptNo: z.string() })),
          },
          403: { description: 'not the organisation concerned' },
          409: { description: 'outside the review window' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const notice = await noticeForReview(db, c.req.valid('param').id);
        if (!notice) throw new DomainError('not_found', say('noSuchNotice'));
        if (notice.status !== 'final' || !notice.review_until || new Date(notice.review_until) < new Date())
          throw new DomainError('conflict', say('reviewWindowNotice'));
        const body = c.req.valid('json');
        const request = {
          id: randomUUID(),
          noticeId: notice.id,
          seriesId: notice.series_id,
          itemId: body.itemId,
          organizationId: actor.organizationId ?? '',
          requestedBy: actor.username,
          content: body.content,
          reasons: body.reasons,
        };
        const answer = await sendUpdate(
          temporal,
          temporal.workflow.getHandle(notice.workflow_id),
          requestReview,
          [{ actor, request }],
          c.get('idempotencyKey'),
        );
        return c.json({ ...answer, receiptNo: receiptNo(answer.id) }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/objections',
        tags: ['notices'],
        security,
        request: { query: ListQuery },
        summary:
          "Objections with the objector's identity (provincial reviewers, auditors, administrators); filters noticeId, status",
        responses: {
          200: { description: 'a page', ...json(z.array(Objection)) },
          403: { description: 'not a handler' },
        },
      }),
      async (c) => {
        const rows = await listPage(c, objectionsWithNotice(db), c.req.valid('query'), {
          resource: 'objections',
          columns: {
            id: 'objections.id',
            noticeId: 'objections.notice_id',
            seriesId: 'objections.series_id',
            status: 'objections.status',
            createdAt: 'objections.created_at',
          },
          defaultSort: ['createdAt', 'DESC'],
        });
        const files = await objectionFiles(
          db,
          rows.map((r) => r.id),
        );
        return c.json(
          rows.map((r: any) => ({
            id: r.id,
            noticeId: r.notice_id,
            itemId: r.item_id,
            ...objectorOf(r),
            content: r.content,
            status: r.status,
            outcome: r.outcome,
            createdAt: new Date(r.created_at).toISOString(),
            files: files.filter((f) => f.objection_id === r.id).map(objectionFileOf),
            receiptNo: receiptNo(r.id),
            subject: (r.items as { id: string; orgName: string }[]).find((i) => i.id === r.item_id)?.orgName ?? '',
            noticeTitle: r.notice_title,
            caseType: r.case_type,
            caseId: r.case_id,
            taskId: r.task_id,
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/objections/files/{id}',
        tags: ['notices'],
        security,
        request: { params: IdParam },
        summary: "An objection's letter or evidence (handlers and auditors)",
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'the file' },
          404: { description: 'not found' },
        },
      }),
      async (c) => {
        const f = await objectionFileById(db, c.req.valid('param').id);
        if (!f) throw new DomainError('not_found', 'no such file');
        return c.body(new Uint8Array(f.content), 200, {
          'Content-Type': f.content_type,
          'Content-Disposition': `attachment; filename="${encodeURIComponent(f.filename)}"`,
        });
      },
    );
}
