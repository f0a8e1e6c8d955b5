/**
 * The public notice board (公示, no login) and written objections (异议), DOMAIN §9. Only what a
 * published notice shows leaves here; an objector's identity is stored with the objection and
 * shown to the handling reviewers and auditors only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import {
  noticeForObjection,
  publishedNotice,
  publishedNoticeFilters,
  publishedNotices,
} from '../../db/queries/notices.js';
import { insertObjectionFile, releaseObjectionSlot, takeObjectionSlot } from '../../db/queries/objections.js';
import type { NoticesTable } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { fieldErrors } from '../../domain/issues.js';
import { localeOf, say, sayIn } from '../../domain/messages.js';
import { ObjectionFields, objectionKindProblems, PublicNotice, receiptNo } from '../../domain/notice.js';
import { hasForbiddenCharacter } from '../../domain/text.js';
import { fileObjection } from '../../workflows/publicNotice.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { renderNotice } from '../documents.js';
import { MAX_EVIDENCE } from '../inputGuard.js';
import { ListQuery, listPage } from '../listing.js';
import { idParam, json } from '../openapi.js';
import { sourceOf } from '../operationLog.js';
import { sendUpdate } from '../temporal.js';

/** Objections per source address per hour. */
const RATE_LIMIT = 5;
const IdParam = idParam(z.string().min(1).max(200));

export const toPublicNotice = (r: Selectable<NoticesTable>): PublicNotice => ({
  id: r.id,
  kind: r.kind as PublicNotice['kind'],
  title: r.title,
  version: r.version,
  status: r.status as PublicNotice['status'],
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString(),
  reviewUntil: r.review_until ? new Date(r.review_until).toISOString() : null,
  howToObject: r.how_to_object,
  items: r.items.map(({ id, orgName, city, system, category, result }) => ({
    id,
    orgName,
    city,
    system,
    category,
    result,
  })),
});

/** What a file really is, from its first bytes (a renamed file is what it is, whatever its name). */
function sniff(b: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b[0] === 0x89 && b.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}

export function publicNoticeRoutes({ db, temporal }: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/notices',
        tags: ['public'],
        summary:
          '公示: open notices and those closed in the last 12 months (no login), paged like every list (range, Content-Range); filter status, kind, q (title or organisation)',
        request: { query: ListQuery },
        responses: {
          200: { description: 'newest first', ...json(z.array(PublicNotice)) },
          422: { description: 'a bad range, sort or filter' },
        },
      }),
      async (c) => {
        const rows = await listPage(c, publishedNotices(db), c.req.valid('query'), {
          resource: 'notices',
          columns: { id: 'id', startsAt: 'starts_at', endsAt: 'ends_at', kind: 'kind', status: 'status' },
          customFilters: publishedNoticeFilters,
          defaultSort: ['startsAt', 'DESC'],
        });
        return c.json(rows.map(toPublicNotice), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/notices/{id}/notice.pdf',
        tags: ['public'],
        summary:
          '公示 as posted, to print or to put on the provincial website (PDF): the list, its period, how to object',
        request: { params: IdParam },
        responses: {
          200: {
            description: 'the PDF',
            content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          404: { description: 'no such notice' },
        },
      }),
      async (c) => {
        const row = await publishedNotice(db, c.req.valid('param').id);
        if (!row) throw new DomainError('not_found', say('noSuchNotice'));
        const pdf = await renderNotice(toPublicNotice(row));
        return c.body(new Uint8Array(pdf), 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="notice-${encodeURIComponent(row.id)}.pdf"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/notices/{id}',
        tags: ['public'],
        summary: 'One published notice (any version)',
        request: { params: IdParam },
        responses: {
          200: { description: 'the notice', ...json(PublicNotice) },
          404: { description: 'no such notice' },
        },
      }),
      async (c) => {
        const row = await publishedNotice(db, c.req.valid('param').id);
        if (!row) throw new DomainError('not_found', say('noSuchNotice'));
        return c.json(toPublicNotice(row), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notices/{id}/objections',
        tags: ['public'],
        request: { params: IdParam },
        summary:
          'Objection 异议, no login, multipart: kind, itemId, content, phone, email?, realName | orgName + contactPerson + sealed, letter (file), evidence (files)',
        responses: {
          201: {
            description: 'accepted, with the receipt number (受理编号) the objector keeps',
            ...json(z.object({ id: z.string(), receiptNo: z.string(), message: z.string() })),
          },
          409: { description: 'the notice period has ended' },
          422: { description: 'a field is missing or wrong (named in errors)' },
          429: { description: 'too many objections from this address' },
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const notice = await noticeForObjection(db, id);
        if (!notice) throw new DomainError('not_found', say('noSuchNotice'));
        if (notice.status !== 'open' || new Date(notice.ends_at) < new Date())
          throw new DomainError('conflict', say('objectionAfterNoticePeriod'));
        // the address's hourly limit before the letter is read: a refused sender costs nothing
        const address = sourceOf(c);
        const slot = await takeObjectionSlot(db, address, RATE_LIMIT);
        if (!slot) throw new DomainError('too_many_requests', say('tooManyObjectionsFromThis'));
        let objectionId: string;
        try {
          const form = await c.req.parseBody({ all: true }).catch(() => {
            throw new DomainError('validation', say('multipartFormDataExpected'), {
              letter: say('required'),
            });
          });
          const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
          const raw = Object.fromEntries(
            ['kind', 'itemId', 'content', 'phone', 'email', 'realName', 'orgName', 'contactPerson', 'sealed'].map(
              (k) => [k, text(k) || undefined],
            ),
          );
          const parsed = ObjectionFields.safeParse(raw);
          const files = (k: string) =>
            ([] as unknown[]).concat(form[k] ?? []).filter((f): f is File => f instanceof File);
          const [letter] = files('letter');
          // every problem at once: the kind's own with the fields' (zod skips the kind's while a field fails)
          const errors: Record<string, string> = parsed.success
            ? {}
            : { ...objectionKindProblems(raw), ...fieldErrors(parsed.error, raw) };
          for (const [k, v] of Object.entries(form))
            if (typeof v === 'string' && hasForbiddenCharacter(v)) errors[k] = say('characterThatIsNotAllowed');
          if (!letter) errors.letter ??= say('signedLetterIsRequired');
          const evidence = files('evidence');
          const all = await Promise.all(
            [...(letter ? [letter] : []), ...evidence].map(async (f) => ({
              file: f,
              bytes: Buffer.from(await f.arrayBuffer()),
            })),
          );
          for (const [i, { file, bytes }] of all.entries()) {
            const field = i === 0 && letter ? 'letter' : 'evidence';
            if (bytes.length > MAX_EVIDENCE) errors[field] ??= say('evidenceTooLarge', file.name, 10);
            else if (!sniff(bytes)) errors[field] ??= say('evidenceNotAScan', file.name);
          }
          if (Object.keys(errors).length) throw new DomainError('validation', say('objectionIsIncomplete'), errors);
          const fields = parsed.data!;
          if (!(notice.items as { id: string }[]).some((i) => i.id === fields.itemId))
            throw new DomainError('validation', say('noSuchItemInThis'), {
              itemId: say('notListed'),
            });
          objectionId = randomUUID();
          await sendUpdate(temporal, temporal.workflow.getHandle(notice.workflow_id), fileObjection, [
            {
              id: objectionId,
              noticeId: notice.id,
              seriesId: notice.series_id,
              itemId: fields.itemId,
              kind: fields.kind,
              realName: fields.realName ?? null,
              orgName: fields.orgName ?? null,
              contactPerson: fields.contactPerson ?? null,
              phone: fields.phone,
              email: fields.email ?? null,
              content: fields.content,
              sourceIp: address,
            },
          ]);
          for (const [i, { file, bytes }] of all.entries())
            await insertObjectionFile(db, {
              id: randomUUID(),
              objection_id: objectionId,
              role: i === 0 ? 'letter' : 'evidence',
              filename: file.name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 200),
              content_type: sniff(bytes)!,
              size: bytes.length,
              sha256: createHash('sha256').update(bytes).digest('hex'),
              content: bytes,
            });
        } catch (err) {
          await releaseObjectionSlot(db, slot);
          throw err;
        }
        return c.json(
          {
            id: objectionId,
            receiptNo: receiptNo(objectionId),
            message: sayIn(localeOf(c.req.header('Accept-Language')), 'objectionReceived', receiptNo(objectionId)),
          },
          201,
        );
      },
    );
}
