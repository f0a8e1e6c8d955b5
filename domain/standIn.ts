/**
 * 代理 (a stand-in while a reviewer is away) is a delegation of duty, not of identity: only a
 * colleague who could hold the absent reviewer's tasks in their own right may stand in — the same
 * review roles, the same city (or, for a provincial role, province-wide), never an applicant —
 * for a bounded period. The stand-in is checked again on every request (their roles may change)
 * and on every task as themselves (回避: api/routes/tasks.ts).
 */

import { say } from './messages.js';
import type { Role } from './roles.js';

/** The roles whose tasks a stand-in takes over. */
export const DUTY_ROLES = [
  'municipal_reviewer',
  'provincial_reviewer',
  'expert',
  'finance',
] as const satisfies readonly Role[];

/** The longest 代理 period unless the deployment's security policy says otherwise. */
export const DEFAULT_MAX_STAND_IN_DAYS = 30;

interface Person {
  id: string;
  roles: readonly string[];
  city: string | null;
}

/** The review duties a person could hand over. */
export const dutiesOf = (p: Pick<Person, 'roles'>) => DUTY_ROLES.filter((r) => p.roles.includes(r));

/** Why `standIn` may not stand in for `absent` (in words, for the form's field), or null if they may. */
export function standInRefusal(absent: Person, standIn: Person & { active?: boolean }): string | null {
  const duties = dutiesOf(absent);
  if (!duties.length) return say('youHoldNoReviewDuty');
  if (standIn.id === absent.id) return say('notYourself');
  if (standIn.active === false) return say('thisUserIsNotActive');
  if (standIn.roles.includes('applicant')) return say('applicantCannotStandIn');
  if (!duties.every((r) => standIn.roles.includes(r))) return say('standInMustHoldYour');
  if (standIn.city !== absent.city)
    return absent.city ? say('standInOfCity', absent.city) : say('standInMustWorkProvince');
  return null;
}

/** Why a 代理 period may not be set (field → reason), or null: it ends in the future, within `maxDays` of its start. */
export function standInPeriodRefusal(from: Date, to: Date, now: Date, maxDays: number): Record<string, string> | null {
  if (to.getTime() <= now.getTime()) return { to: say('mustEndInFuture') };
  if (to.getTime() - Math.max(from.getTime(), now.getTime()) > maxDays * 86_400_000)
    return { to: say('standInAtMostDays', maxDays) };
  if (from.getTime() > now.getTime() + 90 * 86_400_000) return { from: say('atMost90DaysAhead') };
  return null;
}
