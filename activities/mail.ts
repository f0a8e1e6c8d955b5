import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { Db } from '../db/index.js';
import { say } from '../domain/messages.js';

const MAX_ATTEMPTS = 5;
const FROM = '科金 Kejin <no-reply@kejin.local>';

/**
 * Mails the notifications whose recipient has an address, oldest first. Each mail carries a
 * Message-ID made from the notification's key, so a send retried after a crash (the SMTP server
 * took it, the `sent_at` write was lost) is the same message, which the receiving mailbox keeps
 * once. Attempts and the last error are recorded; after 5 failed attempts the notification is
 * marked failed for good.
 */
export async function deliverNotifications(
  db: Db,
  smtpUrl: string,
  limit = 50,
): Promise<{ sent: number; failed: number }> {
  const due = await db
    .selectFrom('notifications as n')
    .leftJoin('users as u', 'u.id', 'n.recipient_user')
    .select([
      'n.id',
      'n.entry_key',
      'n.kind',
      'n.message',
      'n.attempts',
      sql<string>`coalesce(n.recipient_email, u.email)`.as('to'),
    ])
    .where('n.sent_at', 'is', null)
    .where('n.failed_at', 'is', null)
    .where(sql<boolean>`coalesce(n.recipient_email, u.email) is not null`)
    .orderBy('n.id')
    .limit(limit)
    .execute();
  if (due.length === 0) return { sent: 0, failed: 0 };
  // the attempt is counted before sending, the success recorded after: a crash in between retries the mail
  await db
    .updateTable('notifications')
    .set({ attempts: sql`attempts + 1` })
    .where(
      'id',
      'in',
      due.map((n) => n.id),
    )
    .execute();
  // one SMTP connection for the batch, not one per mail
  const pooled = new URL(smtpUrl);
  pooled.searchParams.set('pool', 'true');
  const transport = nodemailer.createTransport(pooled.toString());
  const sentIds: string[] = [];
  let failed = 0;
  for (const n of due) {
    try {
      await transport.sendMail({
        from: FROM,
        to: n.to,
        subject: `【科金】${n.message.slice(0, 60)}`,
        text: `${n.message}\n\n请登录科金平台查看。(Sign in to Kejin for details.)`,
        messageId: `<${n.entry_key.replace(/[^A-Za-z0-9.:_-]/g, '_')}@kejin.local>`,
      });
      sentIds.push(n.id);
    } catch (err) {
      const last = n.attempts + 1 >= MAX_ATTEMPTS;
      await db
        .updateTable('notifications')
        .set({ last_error: String((err as Error).message).slice(0, 500), ...(last && { failed_at: sql`now()` }) })
        .where('id', '=', n.id)
        .execute();
      failed++;
    }
  }
  if (sentIds.length > 0)
    await db
      .updateTable('notifications')
      .set({ sent_at: sql`now()`, last_error: null })
      .where('id', 'in', sentIds)
      .execute();
  const sent = sentIds.length;
  transport.close();
  return { sent, failed };
}

/** One digest a day per user with open tasks overdue or due within 3 days (queued as a notification, mailed like the others). */
export async function queueDailyDigests(db: Db, day: string): Promise<number> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('tasks as t', (j) =>
      j.on(
        sql<boolean>`t.status = 'open' and (t.assignee = u.username or (t.assignee is null and t.candidate_roles && u.roles and (t.city is null or u.city is null or t.city = u.city) and (t.organization_id is null or t.organization_id = u.organization_id)))`,
      ),
    )
    .select([
      'u.id',
      sql<number>`count(*) filter (where t.due_at < now())`.as('overdue'),
      sql<number>`count(*) filter (where t.due_at >= now() and t.due_at < now() + interval '3 days')`.as('soon'),
    ])
    .where('u.active', '=', true)
    .where('t.due_at', '<', sql<Date>`now() + interval '3 days'`)
    .groupBy('u.id')
    .execute();
  for (const r of rows)
    await db
      .insertInto('notifications')
      .values({
        entry_key: `digest:${r.id}:${day}`,
        recipient_user: r.id,
        kind: 'digest',
        case_type: 'digest',
        case_id: day,
        message: say('dailyDigestOf', day, r.overdue, r.soon),
        created_at: new Date(),
      })
      .onConflict((oc) => oc.column('entry_key').doNothing())
      .execute();
  return rows.length;
}
