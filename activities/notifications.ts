import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CaseChange, Notification } from './caseChanges.js';

/**
 * Notifications reach people: each is resolved to its recipients when it is made — a user (by id
 * or username), the users holding a role (in a city, of an organisation), or an e-mail address
 * (an objector) — and stored once per recipient, keyed so that a retried write stores it once.
 */
export async function writeNotifications(trx: Transaction<Database>, change: CaseChange): Promise<void> {
  for (const n of change.notify ?? []) {
    const recipients = await resolve(trx, n.recipient);
    for (const r of recipients) {
      await trx
        .insertInto('notifications')
        .values({
          entry_key: recipients.length === 1 ? n.key : `${n.key}:${r.user ?? r.email}`,
          recipient_user: r.user ?? null,
          recipient_email: r.email ?? null,
          recipient_role: n.recipient.role ?? null,
          recipient_city: n.recipient.city ?? null,
          kind: n.kind,
          case_type: change.caseType,
          case_id: change.caseId,
          message: n.message,
          created_at: change.at,
        })
        .onConflict((oc) => oc.column('entry_key').doNothing())
        .execute();
    }
  }
}

async function resolve(
  trx: Transaction<Database>,
  to: Notification['recipient'],
): Promise<{ user?: string; email?: string }[]> {
  if (to.email) return [{ email: to.email }];
  if (to.user) return [{ user: to.user }];
  let q = trx.selectFrom('users').select('id').where('active', '=', true);
  if (to.username) q = q.where('username', '=', to.username);
  else if (to.role) {
    q = q.where(sql<boolean>`${to.role} = any(roles)`);
    if (to.city) q = q.where((eb) => eb.or([eb('city', 'is', null), eb('city', '=', to.city!)]));
    if (to.organizationId) q = q.where('organization_id', '=', to.organizationId);
  } else return [];
  return (await q.execute()).map((u) => ({ user: u.id }));
}
