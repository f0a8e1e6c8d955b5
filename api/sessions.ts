/**
 * Server-side sessions (等保三级 identity): each token names a session row; the session ends on
 * logout, when the user is disabled, their password is reset or their roles change, after
 * `idleMinutes` without a request, and at `maxHours` after sign-in, whatever the token says.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, maxHours: 8 };

/** Why sessions end (kept with the ended row). */
export type EndReason = 'logout' | 'disabled' | 'password_reset' | 'roles_changed';

/** A new session for a user who just signed in. */
export async function openSession(db: Db, userId: string, policy: SessionPolicy) {
  const id = randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ id, user_id: userId, expires_at: sql<Date>`now() + ${`${policy.maxHours} hours`}::interval` })
    .execute();
  return { id, expiresInSeconds: policy.maxHours * 3600 };
}

/**
 * Whether the session is alive for this user (open, used within the idle window, before its end);
 * a live session's last use moves to now (at most once a minute, to spare the database).
 */
export async function touchSession(db: Db, sessionId: string, userId: string, policy: SessionPolicy) {
  const alive = await db
    .updateTable('sessions')
    .set({ last_seen_at: sql`case when last_seen_at < now() - interval '1 minute' then now() else last_seen_at end` })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`last_seen_at > now() - ${`${policy.idleMinutes} minutes`}::interval`)
    .returning('id')
    .executeTakeFirst();
  return alive !== undefined;
}

/** Whether the session is alive, without counting this as use (the live feed's keep-alive asks). */
export async function sessionAlive(db: Db, sessionId: string, policy: SessionPolicy) {
  const row = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`last_seen_at > now() - ${`${policy.idleMinutes} minutes`}::interval`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends one session (logout). */
export const endSession = (db: Db, sessionId: string, reason: EndReason) =>
  db
    .updateTable('sessions')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();

/** Ends every open session of a user (disabled, password reset, roles changed). */
export const endSessionsOf = (db: Db, userId: string, reason: EndReason) =>
  db
    .updateTable('sessions')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
