import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.js';
import { say } from '../domain/messages.js';
import { type Actor, ROLE_NAMES, type Role } from '../domain/roles.js';
import type { AppEnv } from './context.js';

/** Refuses unless the actor holds one of the roles (server-side authorization of admin routes). */
export function requireRole(actor: Actor, ...roles: Role[]) {
  if (!actor.roles.some((r) => roles.includes(r)))
    throw new DomainError(
      'forbidden',
      say('onlyForRoles', roles.map((r) => ROLE_NAMES[r][0]).join('、'), roles.map((r) => ROLE_NAMES[r][1]).join(', ')),
    );
}

/**
 * Independent scoring: an expert who does not also oversee the process (provincial reviewer,
 * administrator, auditor) sees no colleague's score while the panel is still scoring.
 */
export const scoresSealedFor = (actor: Actor) =>
  actor.roles.includes('expert') &&
  !actor.roles.some((r) => r === 'provincial_reviewer' || r === 'admin' || r === 'auditor');

/**
 * Expert review is secret from the organisation reviewed (and every other applicant): an applicant
 * sees a panel's outcome, never an expert's name, individual score or comment — on the case page,
 * in the timeline and on the 审批单 it prints.
 */
export const expertsSealedFrom = (actor: Actor) => actor.roles.every((r) => r === 'applicant');
/** How an expert is named to those it is sealed from. */
export const SEALED_EXPERT = '评审专家';

/**
 * Who may take part in a case's human steps: hold a task (an applicant its own organisation's; the
 * administrator as a supervisor after escalation), or follow one (催办, 评论). The auditor and the
 * security officer change nothing in a case.
 */
export const TASK_ROLES: Role[] = [
  'applicant',
  'municipal_reviewer',
  'provincial_reviewer',
  'expert',
  'finance',
  'admin',
];

/**
 * Who may ever call an operation (`METHOD /path` as /openapi.json lists it): `public` without a
 * login, `signed-in` for everyone signed in (what each may see of it is scoped by the route), or
 * the roles that may. Every other role gets 403 before anything is validated; the authorization
 * matrix test (tests/api/authorizationMatrix.test.ts) calls every operation as every role against
 * this table, and fails on an operation missing from it.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];
const READ_RULES: Role[] = ['admin', 'auditor', 'provincial_reviewer'];
const CENTER: Role[] = ['provincial_reviewer', 'admin'];
export const ACCESS = {
  'POST /api/auth/login': 'public',
  'GET /api/public/notices': 'public',
  'GET /api/public/notices/{id}': 'public',
  'GET /api/public/notices/{id}/notice.pdf': 'public',
  'POST /api/public/notices/{id}/objections': 'public',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/totp/enrol': 'signed-in',
  'POST /api/auth/totp/confirm': 'signed-in',
  'GET /api/events': 'signed-in',
  'GET /api/applications': 'signed-in',
  'POST /api/applications': ['applicant'],
  'GET /api/applications/{id}': 'signed-in',
  'PUT /api/applications/{id}': ['applicant'],
  'POST /api/applications/{id}/submit': ['applicant'],
  'POST /api/applications/{id}/withdraw': ['applicant'],
  'POST /api/applications/{id}/recall': ['applicant'],
  'GET /api/applications/{id}/history': 'signed-in',
  'GET /api/applications/{id}/forecast': 'signed-in',
  'GET /api/applications/{id}/approval-sheet.pdf': 'signed-in',
  'GET /api/applications/{id}/application-form.pdf': 'signed-in',
  'GET /api/tasks': 'signed-in',
  'GET /api/users/me/views': 'signed-in',
  'POST /api/users/me/views': 'signed-in',
  'POST /api/users/me/views/{id}/archive': 'signed-in',
  'GET /api/tasks/{id}': 'signed-in',
  'GET /api/tasks/{id}/candidates': TASK_ROLES,
  // 批量审批: the reviewers' routine decisions (an applicant's own steps are decided one by one)
  'POST /api/tasks/batch-decisions': TASK_ROLES.filter((r) => r !== 'applicant'),
  'POST /api/tasks/{id}/claim': TASK_ROLES,
  'POST /api/tasks/{id}/release': TASK_ROLES,
  'POST /api/tasks/{id}/assign': ['admin'],
  'POST /api/tasks/{id}/transfer': TASK_ROLES,
  'POST /api/tasks/{id}/delegate': TASK_ROLES,
  'POST /api/tasks/{id}/add-signers': TASK_ROLES,
  'POST /api/tasks/{id}/remove-signer': TASK_ROLES,
  'POST /api/tasks/{id}/return': TASK_ROLES,
  'POST /api/tasks/{id}/urge': TASK_ROLES,
  'POST /api/tasks/{id}/prioritize': CENTER,
  'POST /api/tasks/{id}/recuse': ['expert'],
  'POST /api/tasks/{id}/cc': TASK_ROLES,
  'POST /api/tasks/{id}/comment': TASK_ROLES,
  'POST /api/tasks/{id}/complete': TASK_ROLES,
  'GET /api/sub-centers': 'signed-in',
  'GET /api/sub-centers/{id}': 'signed-in',
  'POST /api/attachments': ['applicant'],
  'GET /api/attachments/{id}': 'signed-in',
  'PUT /api/users/me/proxy': 'signed-in',
  'DELETE /api/users/me/proxy': 'signed-in',
  'GET /api/users/me/proxy': 'signed-in',
  'GET /api/users/me/proxy/candidates': 'signed-in',
  'GET /api/users/me/stand-in-offers': 'signed-in',
  'POST /api/users/me/stand-in-offers/{username}/accept': 'signed-in',
  'POST /api/users/me/stand-in-offers/{username}/decline': 'signed-in',
  'PUT /api/users/me/signature': 'signed-in',
  'GET /api/users/me/signature': 'signed-in',
  'GET /api/users/me/summary': 'signed-in',
  'GET /api/users/me/cc': 'signed-in',
  'POST /api/notices/{id}/reviews': ['applicant'],
  'GET /api/notices/reviewable': ['applicant'],
  'GET /api/objections': READ_RULES,
  'GET /api/objections/files/{id}': READ_RULES,
  'GET /api/notifications': 'signed-in',
  'POST /api/notifications/{id}/read': 'signed-in',
  'POST /api/notifications/read-all': 'signed-in',
  'GET /api/mailbox': ['admin'],
  'GET /api/users': ['admin', 'security_officer'],
  'POST /api/users': ['admin'],
  'GET /api/users/{id}': ['admin', 'security_officer'],
  'PUT /api/users/{id}': ['admin'],
  'POST /api/users/{id}/unlock': ['security_officer'],
  'POST /api/users/{id}/end-sessions': ['security_officer'],
  'POST /api/users/{id}/reset-second-factor': ['security_officer'],
  'GET /api/rule-sets': READ_RULES,
  'POST /api/rule-sets': CENTER,
  'GET /api/rule-sets/{id}': READ_RULES,
  'GET /api/calendar': 'signed-in',
  'GET /api/calendar/{year}/versions': READ_RULES,
  'PUT /api/calendar/{year}': ['admin'],
  'GET /api/incidents': ['admin', 'auditor'],
  'GET /api/incidents/{id}': ['admin', 'auditor'],
  'POST /api/incidents/{id}/retry': ['admin'],
  'GET /api/operation-log': ['auditor'],
  'POST /api/temporal-codec/decode': ['admin', 'auditor'],
  'POST /api/temporal-codec/encode': ['admin', 'auditor'],
  'GET /api/organizations': ['admin', 'security_officer', 'auditor'],
  'POST /api/organizations': ['admin'],
  'GET /api/organizations/mine': 'signed-in',
  'PUT /api/organizations/{id}': ['admin'],
  'GET /api/stats/network': 'signed-in',
  'GET /api/stats/annex-a': READ_RULES,
  'GET /api/stats/office': READ_RULES,
  'GET /api/evaluation-rounds': 'signed-in',
  'POST /api/evaluation-rounds': CENTER,
  'GET /api/evaluation-rounds/{id}': 'signed-in',
  'GET /api/evaluation-rounds/{id}/history': 'signed-in',
  'GET /api/evaluations': 'signed-in',
  'GET /api/evaluations/{id}': 'signed-in',
  'GET /api/evaluations/{id}/forecast': 'signed-in',
  'GET /api/evaluations/{id}/approval-sheet.pdf': 'signed-in',
  'GET /api/evaluations/{id}/history': 'signed-in',
  'POST /api/evaluations/{id}/recall': ['applicant'],
  'GET /api/revocations': 'signed-in',
  'POST /api/revocations': ['provincial_reviewer'],
  'GET /api/revocations/{id}': 'signed-in',
  'GET /api/revocations/{id}/forecast': 'signed-in',
  'GET /api/revocations/{id}/approval-sheet.pdf': 'signed-in',
  'GET /api/revocations/{id}/history': 'signed-in',
  'POST /api/revocations/{id}/recall': ['applicant'],
  'GET /api/payouts': 'signed-in',
  'GET /api/payouts/{id}': 'signed-in',
  'GET /api/payouts/{id}/forecast': 'signed-in',
  'GET /api/payouts/{id}/approval-sheet.pdf': 'signed-in',
  'GET /api/payouts/{id}/history': 'signed-in',
  'GET /api/competition-tasks': 'signed-in',
  'POST /api/competition-tasks': CENTER,
  'GET /api/competition-tasks/{id}': 'signed-in',
  'PUT /api/competition-tasks/{id}': CENTER,
  'GET /api/competition-tasks/{id}/forecast': 'signed-in',
  'GET /api/competition-tasks/{id}/approval-sheet.pdf': 'signed-in',
  'GET /api/competition-tasks/{id}/history': 'signed-in',
  'POST /api/competition-tasks/{id}/publish': CENTER,
  'POST /api/competition-tasks/{id}/bids': ['applicant'],
  'POST /api/competition-tasks/{id}/bids/withdraw': ['applicant'],
  'POST /api/competition-tasks/{id}/recall': ['applicant'],
  'GET /api/bids': 'signed-in',
  'GET /api/bids/{id}': 'signed-in',
} as const satisfies Record<string, Access>;

/** The table's operations as patterns, the most literal first (`/api/users/me/proxy` before `/api/users/{id}`). */
const OPERATIONS = Object.entries(ACCESS as Record<string, Access>)
  .map(([operation, access]) => {
    const [method, template] = operation.split(' ') as [string, string];
    const segments = template.split('/');
    return {
      method,
      pattern: new RegExp(
        `^${segments.map((seg) => (seg.startsWith('{') ? '[^/]+' : seg.replace(/[.]/g, '\\.'))).join('/')}/?$`,
      ),
      literal: segments.filter((seg) => !seg.startsWith('{')).length,
      access,
    };
  })
  .sort((a, b) => b.literal - a.literal);

/** The table's entry for a request, if any. */
export const accessOf = (method: string, path: string): Access | undefined =>
  OPERATIONS.find((o) => o.method === method && o.pattern.test(path))?.access;

/**
 * The table enforced for every signed-in request, before its route reads anything: a role the
 * operation does not name gets 403. (A path of no operation goes on to its 404.)
 */
export const authorize = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const access = accessOf(c.req.method, c.req.path);
    if (access && access !== 'public' && access !== 'signed-in') requireRole(c.get('actor'), ...access);
    await next();
  });

/** Who reads an objector's identity: those who handle objections (DOMAIN §9), as for the 异议 list. */
export const readsObjectors = (actor: Actor) =>
  (ACCESS['GET /api/objections'] as readonly Role[]).some((r) => actor.roles.includes(r));
