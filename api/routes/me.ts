/**
 * The caller's own settings for approvals: who stands in while they are away (代理), the signature
 * image they may attach to decisions, and the cases copied to them (抄送我的).
 */

import { createHash, randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { applicantCounts, copiedCases, copiedCount, decidedCount } from '../../db/queries/me.js';
import { openQueueCount } from '../../db/queries/tasks.js';
import {
  answerStandIn,
  findUserByUsername,
  notifyUser,
  proxyOf,
  setProxy,
  setSignature,
  signatureOf,
  standInCandidates,
  standInOffers,
} from '../../db/queries/users.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import type { Actor } from '../../domain/roles.js';
import { DEFAULT_MAX_STAND_IN_DAYS, standInPeriodRefusal, standInRefusal } from '../../domain/standIn.js';
import { shanghaiMinute } from '../../domain/workdays.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

export const ProxyInput = z
  .object({
    username: z.string().trim().min(1).max(100).describe('the colleague who stands in'),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .refine((p) => Date.parse(p.to) > Date.parse(p.from), {
    path: ['to'],
    message: say('mustBeAfterFrom'),
  });
const ProxyView = z.object({
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  accepted: z.boolean().describe('the colleague accepted: until then the 代理 carries no authority'),
});
const StandInOffer = z.object({
  username: z.string().describe('who asks me to stand in'),
  displayName: z.string(),
  from: z.string(),
  to: z.string(),
  accepted: z.boolean(),
});
const PrincipalParam = z.object({
  username: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'username', in: 'path' } }),
});
const StandInCandidate = z.object({
  username: z.string(),
  displayName: z.string(),
  city: z.string().nullable(),
  organizationName: z.string().nullable(),
});
const SignatureInput = z.object({
  image: z.string().max(300_000).describe('data:image/png;base64,… (PNG or JPEG, at most 200 KB)'),
});
const CopiedCase = z.object({
  id: z.string(),
  caseType: z.string(),
  caseId: z.string(),
  title: z.string(),
  copiedAt: z.string(),
});
/** The counts of my task center and dashboard, each the total of the list it links to. */
const Summary = z.object({
  openTasks: z.number().describe('待办: open tasks I may act on (mine, claimable, or a colleague’s I stand in for)'),
  overdue: z.number().describe('of those, past their due date'),
  needsMe: z.number().describe("my organisation's applications waiting for me (supplement asked)"),
  done: z.number().describe('已办: tasks I decided'),
  cc: z.number().describe('抄送我的'),
  started: z.number().nullable().describe("我发起的: my organisation's applications (null: not an applicant)"),
});

const isImage = (b: Buffer) =>
  (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG') || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff);

export function meRoutes({ db, sessions }: ApiDeps): OpenAPIHono<AppEnv> {
  const maxStandInDays = sessions?.maxStandInDays ?? DEFAULT_MAX_STAND_IN_DAYS;
  /** The stand-in's answer to an offer, checked against who may stand in, recorded in the audit trail. */
  const answerOffer = async (c: Context<AppEnv>, principalName: string, accept: boolean) => {
    const me = c.get('actor');
    const principal = await findUserByUsername(db, principalName);
    if (!principal) throw new DomainError('not_found', say('noSuchOffer'));
    const refused = accept ? standInRefusal(principal, me) : null;
    if (refused) throw new DomainError('validation', say('youMayNotStandIn'), { username: refused });
    const answered = await db.transaction().execute(async (trx) => {
      const row = await answerStandIn(trx, principal.username, me.username, accept);
      if (row)
        await recordAdminChange(trx, me, {
          caseType: 'user',
          caseId: principal.id,
          action: accept ? 'user.proxy_accepted' : 'user.proxy_declined',
          data: { for: principal.username },
        });
      return row;
    });
    if (!answered) throw new DomainError('not_found', say('noSuchOffer'));
    return c.json({ accepted: accept }, 200);
  };
  /** Sets or ends the caller's 代理, recorded in the audit trail; a new stand-in is asked to accept. */
  const nameProxy = (
    actor: Actor,
    proxy: { username: string | null; from: string | null; to: string | null },
    standIn?: { id: string },
  ) =>
    db.transaction().execute(async (trx) => {
      await setProxy(trx, actor.id, proxy);
      if (standIn && proxy.from && proxy.to)
        await notifyUser(trx, {
          key: `proxy:${actor.id}:${randomUUID()}`,
          userId: standIn.id,
          kind: 'proxy.offered',
          message: `${actor.displayName} 请您在 ${shanghaiMinute(proxy.from)} 至 ${shanghaiMinute(proxy.to)} 代理其审批，请在“代理”中接受或拒绝`,
        });
      await recordAdminChange(trx, actor, {
        caseType: 'user',
        caseId: actor.id,
        action: proxy.username ? 'user.proxy_set' : 'user.proxy_ended',
        data: { proxy: proxy.username, from: proxy.from, to: proxy.to },
      });
    });
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'put',
        path: '/proxy',
        tags: ['me'],
        security,
        summary:
          '代理: a colleague of my review roles and city acts on my tasks within the window (at most 30 days); every action records that it was for me',
        request: { body: { ...json(ProxyInput), required: true } },
        responses: { 200: { description: 'my proxy', ...json(ProxyView) }, 422: { description: 'invalid' } },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { username, from, to } = c.req.valid('json');
        const period = standInPeriodRefusal(new Date(from), new Date(to), new Date(), maxStandInDays);
        if (period) throw new DomainError('validation', say('notValidPeriod'), period);
        const proxy = await findUserByUsername(db, username);
        const refused = proxy ? standInRefusal(actor, proxy) : say('noSuchUser');
        if (!proxy || refused)
          throw new DomainError('validation', say('thisUserCannotStandIn'), {
            username: refused!,
          });
        await nameProxy(actor, { username: proxy.username, from, to }, proxy);
        return c.json(await proxyOf(db, actor.id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/stand-in-offers',
        tags: ['me'],
        security,
        summary: '代理: the colleagues who ask me to stand in for them (open and accepted), soonest first',
        responses: { 200: { description: 'the offers', ...json(z.array(StandInOffer)) } },
      }),
      async (c) => {
        const me = c.get('actor');
        const offers = await standInOffers(db, me.username);
        return c.json(
          offers
            // an offer I may no longer take (my roles changed) is not shown
            .filter((o) => !standInRefusal(o, me))
            .map((o) => ({
              username: o.username,
              displayName: o.display_name,
              from: new Date(o.proxy_from!).toISOString(),
              to: new Date(o.proxy_to!).toISOString(),
              accepted: o.proxy_accepted_at !== null,
            })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/stand-in-offers/{username}/accept',
        tags: ['me'],
        security,
        summary: '代理: I accept to stand in for this colleague; from then on I act on their tasks, as myself',
        request: { params: PrincipalParam },
        responses: {
          200: { description: 'accepted', ...json(z.object({ accepted: z.boolean() })) },
          404: { description: 'no such offer open to me' },
          422: { description: 'I may not stand in for this colleague' },
        },
      }),
      async (c) => answerOffer(c, c.req.valid('param').username, true),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/stand-in-offers/{username}/decline',
        tags: ['me'],
        security,
        summary: '代理: I decline (or stop) standing in for this colleague; the offer ends',
        request: { params: PrincipalParam },
        responses: {
          200: { description: 'declined', ...json(z.object({ accepted: z.boolean() })) },
          404: { description: 'no such offer open to me' },
        },
      }),
      async (c) => answerOffer(c, c.req.valid('param').username, false),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/proxy/candidates',
        tags: ['me'],
        security,
        summary: '代理: colleagues who may stand in for me (same review roles and city), by a part of the name',
        request: { query: z.object({ q: z.string().trim().max(50).optional() }) },
        responses: {
          200: { description: 'at most 20', ...json(z.array(StandInCandidate)) },
          422: { description: 'invalid' },
        },
      }),
      async (c) => {
        const found = await standInCandidates(db, c.get('actor'), c.req.valid('query').q ?? '');
        return c.json(
          found.map((u) => ({
            username: u.username,
            displayName: u.display_name,
            city: u.city,
            organizationName: u.organization_name,
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/proxy',
        tags: ['me'],
        security,
        summary: 'End my 代理 now',
        responses: { 200: { description: 'my proxy (none)', ...json(ProxyView) } },
      }),
      async (c) => {
        const actor = c.get('actor');
        await nameProxy(actor, { username: null, from: null, to: null });
        return c.json(await proxyOf(db, actor.id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/proxy',
        tags: ['me'],
        security,
        summary: 'My 代理',
        responses: { 200: { description: 'my proxy', ...json(ProxyView) } },
      }),
      async (c) => c.json(await proxyOf(db, c.get('actor').id), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/signature',
        tags: ['me'],
        security,
        summary: 'My signature image, attached to a decision when I ask (`signed: true`)',
        request: { body: { ...json(SignatureInput), required: true } },
        responses: {
          200: { description: 'stored', ...json(z.object({ bytes: z.number() })) },
          422: { description: 'not a PNG or JPEG' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/.exec(c.req.valid('json').image);
        const bytes = match ? Buffer.from(match[2]!, 'base64') : null;
        if (!bytes || !isImage(bytes) || bytes.length > 200_000)
          throw new DomainError('validation', say('pngOrJpegImageOf'), { image: 'PNG / JPEG ≤ 200 KB' });
        await db.transaction().execute(async (trx) => {
          await setSignature(trx, actor.id, bytes);
          await recordAdminChange(trx, actor, {
            caseType: 'user',
            caseId: actor.id,
            action: 'user.signature_set',
            data: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
          });
        });
        return c.json({ bytes: bytes.length }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/signature',
        tags: ['me'],
        security,
        summary: 'My signature image, as a data URL (null when I have none)',
        responses: { 200: { description: 'the image', ...json(z.object({ image: z.string().nullable() })) } },
      }),
      async (c) => {
        const bytes = await signatureOf(db, c.get('actor').id);
        const type = bytes && bytes[0] === 0x89 ? 'png' : 'jpeg';
        return c.json(
          { image: bytes ? `data:image/${type};base64,${Buffer.from(bytes).toString('base64')}` : null },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/summary',
        tags: ['me'],
        security,
        summary: 'My task center in numbers: open, overdue, waiting for me, decided, copied, started',
        responses: { 200: { description: 'the counts', ...json(Summary) } },
      }),
      async (c) => {
        const actor = c.get('actor');
        const people = [actor, ...c.get('principals')];
        const applicant = actor.roles.includes('applicant');
        const [openTasks, overdue, [needsMe, started], done, cc] = await Promise.all([
          openQueueCount(db, people),
          openQueueCount(db, people, { overdue: true }),
          applicant ? applicantCounts(db, actor) : [0, null],
          decidedCount(db, actor.username),
          copiedCount(db, actor.username),
        ]);
        return c.json({ openTasks, overdue, needsMe, done, cc, started }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/cc',
        tags: ['me'],
        security,
        summary: '抄送我的: cases copied to me, newest first',
        request: { query: ListQuery },
        responses: { 200: { description: 'a page; total in Content-Range', ...json(z.array(CopiedCase)) } },
      }),
      async (c) => {
        const base = copiedCases(db, c.get('actor').username);
        const rows = await listPage(c, base, c.req.valid('query'), {
          resource: 'cc',
          columns: { id: 'case_cc.case_id', caseType: 'case_cc.case_type', copiedAt: 'case_cc.created_at' },
          defaultSort: ['copiedAt', 'DESC'],
        });
        return c.json(
          rows.map((r) => ({
            id: r.case_id,
            caseType: r.case_type,
            caseId: r.case_id,
            title: r.title,
            copiedAt: new Date(r.created_at).toISOString(),
          })),
          200,
        );
      },
    );
}
