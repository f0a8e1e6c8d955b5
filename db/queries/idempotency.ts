/**
 * Idempotency keys (api/idempotency.ts): a request's key held for a lease while it runs, then its
 * first answer kept for retries.
 */
import { sql } from 'kysely';
import type { Db } from '../index.js';

/** How long a request in progress holds its key (longer than an Update's deadline). */
const LEASE_SECONDS = 60;
const leaseEnd = () => sql<Date>`now() + ${`${LEASE_SECONDS} seconds`}::interval`;
type KeyRef = { userId: string; key: string };

/** The leases an API process of this name held end now (its predecessor died); how many ended. */
export async function releaseLeasesOf(db: Db, instance: string): Promise<number> {
  const res = await db
    .updateTable('idempotency_keys')
    .set({ lease_until: sql<Date>`now()` })
    .where('lease_owner', '=', instance)
    .where('status_code', 'is', null)
    .where(sql<boolean>`lease_until > now()`)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Holds a new key for a lease; false when the key is already known. */
export async function holdNewKey(
  db: Db,
  { userId, key }: KeyRef,
  request: { method: string; path: string; bodySha256: string | null },
  instance: string | null,
) {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      user_id: userId,
      key,
      method: request.method,
      path: request.path,
      body_sha256: request.bodySha256,
      lease_until: leaseEnd(),
      lease_owner: instance,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A known key: the request it was used for and, once answered, its answer. */
export const storedKey = (db: Db, { userId, key }: KeyRef) =>
  db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();

/** Takes over a key whose lease ran out unanswered (the API died mid-request); false otherwise. */
export async function takeOverKey(db: Db, { userId, key }: KeyRef, instance: string | null) {
  const taken = await db
    .updateTable('idempotency_keys')
    .set({ lease_until: leaseEnd(), lease_owner: instance })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .where(sql<boolean>`lease_until <= now()`)
    .returning('key')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Forgets a key whose request decided nothing (a 5xx): a retry acts afresh. */
export const forgetKey = (db: Db, { userId, key }: KeyRef) =>
  db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute();

/** Keeps a request's first answer for its retries. */
export const storeAnswer = (db: Db, { userId, key }: KeyRef, status: number, response: unknown) =>
  db
    .updateTable('idempotency_keys')
    .set({ status_code: status, response: JSON.stringify(response) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
