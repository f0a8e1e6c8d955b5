/**
 * Server-side sessions (等保三级 identity): each token names a session row; the session ends on
 * logout, when the user is disabled, their password is reset or their roles change, after
 * `idleMinutes` without a request, and at `maxHours` after sign-in, whatever the token says.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { standInRefusal } from '../../domain/standIn.js';
import { type Db, executePrepared } from '../index.js';
import { principalsOf } from './users.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
  /** The longest 代理 period a user may set (domain/standIn.ts; 30 days unless set). */
  maxStandInDays?: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, maxHours: 8 };

/** Why sessions end (kept with the ended row). */
export type EndReason =
  | 'logout'
  | 'disabled'
  | 'password_reset'
  | 'roles_changed'
  | 'ended_by_security_officer'
  | 'second_factor_reset';

/** A new session for a user who just signed in. */
export async function openSession(db: Db, userId: string, policy: SessionPolicy, enrolmentOnly = false) {
  const id = randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      expires_at: sql<Date>`now() + ${`${policy.maxHours} hours`}::interval`,
      enrolment_only: enrolmentOnly,
    })
    .execute();
  return { id, expiresInSeconds: policy.maxHours * 3600 };
}

/** The session if it is alive: open, used within the idle window, before its end. */
const liveSession = (db: Db, sessionId: string, policy: SessionPolicy) =>
  db
    .selectFrom('sessions')
    .where('sessions.id', '=', sessionId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`sessions.last_seen_at > now() - ${`${policy.idleMinutes} minutes`}::interval`);

/**
 * The live session, its user and whom the user stands in for now (代理), read in one query, or
 * undefined. `activity`: the person did something (not the console re-reading what is on screen
 * after a live event), so the session's last use moves to now — written at most once a minute,
 * so most requests only read.
 */
export async function touchSession(db: Db, sessionId: string, userId: string, policy: SessionPolicy, activity = true) {
  // every request asks it: prepared and planned once per connection (key lookups whatever the values)
  const [row] = await executePrepared(
    db,
    liveSession(db, sessionId, policy)
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.enrolment_only',
        sql<boolean>`sessions.last_seen_at < now() - interval '1 minute'`.as('stale'),
      ])
      .select(principalsOf(sql.ref('users.username')).as('principals'))
      .where('sessions.user_id', '=', userId)
      .compile(),
  );
  if (!row) return undefined;
  if (row.stale && activity)
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', sessionId).execute();
  const { enrolment_only, stale, principals, ...user } = row;
  // those the user may still stand in for as they are now (roles and city change)
  return { user, enrolmentOnly: enrolment_only, principals: principals.filter((p) => !standInRefusal(p, user)) };
}

/** Whether the session is alive, without counting this as use (the live feed's keep-alive asks). */
export async function sessionAlive(db: Db, sessionId: string, policy: SessionPolicy) {
  return (await liveSession(db, sessionId, policy).select('sessions.id').executeTakeFirst()) !== undefined;
}

/** Ends one session (logout). */
export const endSession = (db: Db, sessionId: string, reason: EndReason) =>
  db
    .updateTable('sessions')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();

/** Ends every open session of a user (disabled, password reset, roles changed); how many ended. */
export const endSessionsOf = async (db: Db, userId: string, reason: EndReason) => {
  const res = await db
    .updateTable('sessions')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
};
