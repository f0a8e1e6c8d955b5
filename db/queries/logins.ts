import { sql } from 'kysely';
import type { Db } from '../index.js';

/**
 * The failed sign-ins of an account in the last hour from addresses other than `source`, each
 * address counted up to `perAddress` (past it that address is locked out and guesses no more).
 */
export async function failuresElsewhere(db: Db, username: string, source: string, perAddress: number) {
  const row = await db
    .selectFrom('login_throttle')
    .select(sql<number>`coalesce(sum(least(failures, ${perAddress})), 0)::int`.as('failures'))
    .where('username', '=', username)
    .where('source', '!=', source)
    .where(sql<boolean>`last_attempt_at > now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Counts a sign-in attempt of the account from `source` (a failure until proven right): the count and any lock. */
export const countAttempt = (db: Db, username: string, source: string) =>
  db
    .insertInto('login_throttle')
    .values({ username, source, failures: 1 })
    .onConflict((oc) =>
      oc.columns(['username', 'source']).doUpdateSet({
        failures: sql`login_throttle.failures + 1`,
        last_attempt_at: sql`now()`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();

/** Locks `source` out of the account for `minutes`. */
export const lockSource = (db: Db, username: string, source: string, minutes: number) =>
  db
    .updateTable('login_throttle')
    .set({ locked_until: sql<Date>`now() + ${`${minutes} minutes`}::interval` })
    .where('username', '=', username)
    .where('source', '=', source)
    .execute();

/** A sign-in succeeded: `source` starts afresh. */
export const clearAttempts = (db: Db, username: string, source: string) =>
  db
    .updateTable('login_throttle')
    .set({ failures: 0, locked_until: null })
    .where('username', '=', username)
    .where('source', '=', source)
    .execute();

/** Every address's lock on an account ends (an administrator unlocks it, or its password is reset). */
export const liftLocks = (db: Db, username: string) =>
  db.updateTable('login_throttle').set({ failures: 0, locked_until: null }).where('username', '=', username).execute();
