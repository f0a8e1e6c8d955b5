import { type Insertable, sql } from 'kysely';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

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

/** Objections with the list they object to (its case and items), for the 异议 list; listPage pages it. */
export const objectionsWithNotice = (db: Db) =>
  db
    .selectFrom('objections')
    .innerJoin('notices', 'notices.id', 'objections.notice_id')
    .selectAll('objections')
    .select(['notices.case_type', 'notices.case_id', 'notices.title as notice_title', 'notices.items']);

/** The files of some objections (letter first), without their content. */
export const objectionFiles = (db: Db, objectionIds: string[]) =>
  objectionIds.length
    ? db
        .selectFrom('objection_files')
        .select(['id', 'objection_id', 'role', 'filename', 'content_type', 'size'])
        .where('objection_id', 'in', objectionIds)
        .orderBy('role', 'desc')
        .orderBy('created_at')
        .execute()
    : Promise.resolve([]);

/** What a 核查 or 复核 task checks: its objection (with files) or its review request; null for other tasks. */
export async function checkedBy(db: Db, taskId: string) {
  const objection = await db.selectFrom('objections').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  if (objection) return { kind: 'objection' as const, objection, files: await objectionFiles(db, [objection.id]) };
  const request = await db.selectFrom('review_requests').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  return request ? { kind: 'review' as const, request } : null;
}

/** Keeps an objection's file (its letter or a piece of evidence). */
export const insertObjectionFile = (db: Db, values: Insertable<Database['objection_files']>) =>
  db.insertInto('objection_files').values(values).execute();

/** One objection file with its content. */
export const objectionFileById = (db: Db, id: string) =>
  db.selectFrom('objection_files').selectAll().where('id', '=', id).executeTakeFirst();
