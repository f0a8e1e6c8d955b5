/**
 * The caller's own settings for approvals: who stands in while they are away (代理), the signature
 * image they may attach to decisions, and the cases copied to them (抄送我的).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { openQueueCount } from '../../db/queries/tasks.js';
import { findUserByUsername, standInCandidates } from '../../db/queries/users.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/roles.js';
import { DEFAULT_MAX_STAND_IN_DAYS, standInPeriodRefusal, standInRefusal } from '../../domain/standIn.js';
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
    message: '结束时间须晚于开始时间 (must be after from)',
  });
const ProxyView = z.object({ username: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() });
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
  const proxyOf = async (id: string) => {
    const u = await db
      .selectFrom('users')
      .select(['proxy_username', 'proxy_from', 'proxy_to'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      username: u.proxy_username,
      from: u.proxy_from && new Date(u.proxy_from).toISOString(),
      to: u.proxy_to && new Date(u.proxy_to).toISOString(),
    };
  };
  /** Sets or ends the caller's 代理, recorded in the audit trail. */
  const setProxy = (
    actor: Actor,
    proxy: { proxy_username: string | null; proxy_from: string | null; proxy_to: string | null },
  ) =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(proxy).where('id', '=', actor.id).execute();
      await recordAdminChange(trx, actor, {
        caseType: 'user',
        caseId: actor.id,
        action: proxy.proxy_username ? 'user.proxy_set' : 'user.proxy_ended',
        data: { proxy: proxy.proxy_username, from: proxy.proxy_from, to: proxy.proxy_to },
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
        if (period) throw new DomainError('validation', '代理期限不成立 (not a valid period)', period);
        const proxy = await findUserByUsername(db, username);
        const refused = proxy ? standInRefusal(actor, proxy) : '用户不存在 (no such user)';
        if (!proxy || refused)
          throw new DomainError('validation', `不能由该用户代理：${refused} (this user cannot stand in)`, {
            username: refused!,
          });
        await setProxy(actor, { proxy_username: proxy.username, proxy_from: from, proxy_to: to });
        return c.json(await proxyOf(actor.id), 200);
      },
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
        await setProxy(actor, { proxy_username: null, proxy_from: null, proxy_to: null });
        return c.json(await proxyOf(actor.id), 200);
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
      async (c) => c.json(await proxyOf(c.get('actor').id), 200),
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
          throw new DomainError(
            'validation',
            '签名须为 200 KB 以内的 PNG 或 JPEG 图片 (a PNG or JPEG image of at most 200 KB)',
            { image: 'PNG / JPEG ≤ 200 KB' },
          );
        await db.updateTable('users').set({ signature: bytes }).where('id', '=', actor.id).execute();
        return c.json({ bytes: bytes.length }, 200);
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
        const count = async (qb: { select(s: any): any }) =>
          Number(((await qb.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()) as { n: string }).n);
        const people = [actor, ...c.get('principals')];
        const own = db
          .selectFrom('applications')
          .where((eb) =>
            eb.or([
              eb('created_by', '=', actor.id),
              ...(actor.organizationId ? [eb('organization_id', '=', actor.organizationId)] : []),
            ]),
          );
        const applicant = actor.roles.includes('applicant');
        const [openTasks, overdue, needsMe, done, cc, started] = await Promise.all([
          openQueueCount(db, people),
          openQueueCount(db, people, { overdue: true }),
          applicant ? count(own.where('status', '=', 'supplement_requested')) : 0,
          count(db.selectFrom('tasks').where('completed_by', '=', actor.username)),
          count(db.selectFrom('case_cc').where('username', '=', actor.username)),
          applicant ? count(own) : null,
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
        const base = db
          .selectFrom('case_cc')
          .where('case_cc.username', '=', c.get('actor').username)
          .select([
            'case_cc.case_type',
            'case_cc.case_id',
            'case_cc.created_at',
            sql<string>`coalesce((select org_name from applications a where a.id = case_cc.case_id), (select sub_center_name from evaluations e where e.id = case_cc.case_id),
          (select sub_center_name from revocations r where r.id = case_cc.case_id), (select sub_center_name from payouts p where p.id = case_cc.case_id),
          (select title from competition_tasks t where t.id = case_cc.case_id), case_cc.case_id)`.as('title'),
          ]);
        const rows = await listPage<{ case_type: string; case_id: string; created_at: Date; title: string }>(
          c,
          base,
          c.req.valid('query'),
          {
            resource: 'cc',
            columns: { id: 'case_cc.case_id', caseType: 'case_cc.case_type', copiedAt: 'case_cc.created_at' },
            defaultSort: ['copiedAt', 'DESC'],
          },
        );
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
