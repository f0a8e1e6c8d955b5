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
