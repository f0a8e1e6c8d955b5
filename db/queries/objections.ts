import { sql } from 'kysely';
import type { Db } from '../index.js';

/**
 * Takes one of an address's `perHour` objection slots, counted and taken under a lock on the
 * address, so parallel letters cannot all pass; null when none is left this hour.
 */
export async function takeObjectionSlot(db: Db, address: string, perHour: number): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`objection:${address}`}))`.execute(trx);
    const recent = await trx
      .selectFrom('objection_throttle')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('address', '=', address)
      .where('released', '=', false)
      .where('at', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= perHour) return null;
    const slot = await trx
      .insertInto('objection_throttle')
      .values({ address })
      .returning('id')
      .executeTakeFirstOrThrow();
    return slot.id;
  });
}

/** Gives a slot back: its letter was refused and filed nothing. */
export async function releaseObjectionSlot(db: Db, slot: string): Promise<void> {
  await db.updateTable('objection_throttle').set({ released: true }).where('id', '=', slot).execute();
}
