/** The bell (a user's notifications) and the local mailbox (api/routes/notifications.ts). */
import { sql } from 'kysely';
import type { Db } from '../index.js';

/** A user's notifications. */
export const notificationsOf = (db: Db, userId: string) =>
  db.selectFrom('notifications').selectAll().where('recipient_user', '=', userId);
export const notificationFilters = {
  unread: (qb: ReturnType<typeof notificationsOf>, v: unknown) =>
    v === true || v === 'true' ? qb.where('read_at', 'is', null) : qb.where('read_at', 'is not', null),
};

/** Marks one of the user's notifications read; false when it is not theirs. */
export async function markRead(db: Db, userId: string, id: string) {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('recipient_user', '=', userId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Marks every unread notification of the user read; how many. */
export async function markAllRead(db: Db, userId: string) {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('recipient_user', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Mail the local SMTP server received. */
export const mailbox = (db: Db) => db.selectFrom('mailbox').selectAll();
