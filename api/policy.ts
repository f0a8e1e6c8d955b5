import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.js';
import { type Actor, ROLE_NAMES, type Role } from '../domain/roles.js';
import type { AppEnv } from './context.js';

/** Refuses unless the actor holds one of the roles (server-side authorization of admin routes). */
export function requireRole(actor: Actor, ...roles: Role[]) {
  if (!actor.roles.some((r) => roles.includes(r)))
    throw new DomainError(
      'forbidden',
      `仅限${roles.map((r) => ROLE_NAMES[r][0]).join('、')} (only for: ${roles.map((r) => ROLE_NAMES[r][1]).join(', ')})`,
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
 * A route's role check, run before its input is validated: a caller who may never do this gets
 * 403 whatever the body (not a 422 listing the schema).
 */
export const allow = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    requireRole(c.get('actor'), ...roles);
    await next();
  });

/**
 * Expert review is secret from the organisation reviewed (and every other applicant): an applicant
 * sees a panel's outcome, never an expert's name, individual score or comment — on the case page,
 * in the timeline and on the 审批单 it prints.
 */
export const expertsSealedFrom = (actor: Actor) => actor.roles.every((r) => r === 'applicant');
/** How an expert is named to those it is sealed from. */
export const SEALED_EXPERT = '评审专家';
