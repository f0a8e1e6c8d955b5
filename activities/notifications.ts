import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CaseChange, Notification } from './caseChanges.js';

/**
 * Notifications reach people: each is resolved to its recipients when it is made — a user (by id
 * or username), the users holding a role (in a city, of an organisation), or an e-mail address
 * (an objector) — and stored once per recipient, keyed so that a retried write stores it once.
 * One insert per notification: the recipients of a role are selected by the insert itself.
 */
export function notificationWrites(trx: Transaction<Database>, change: CaseChange) {
  return (change.notify ?? []).flatMap((n) => {
    const write = notificationWrite(trx, change, n);
    return write ? [write] : [];
  });
}

function notificationWrite(trx: Transaction<Database>, change: CaseChange, n: Notification) {
  const to = n.recipient;
  const into = trx.insertInto('notifications');
  const common = {
    recipient_role: to.role ?? null,
    recipient_city: to.city ?? null,
    kind: n.kind,
    case_type: change.caseType,
    case_id: change.caseId,
    message: n.message,
  };
  if (to.email || to.user)
    return into
      .values({
        ...common,
        entry_key: n.key,
        recipient_user: to.user ?? null,
        recipient_email: to.email ?? null,
        created_at: change.at,
      })
      .onConflict((oc) => oc.column('entry_key').doNothing());
  if (!to.username && !to.role) return null;
  let users = trx.selectFrom('users').where('active', '=', true);
  if (to.username) users = users.where('username', '=', to.username);
  else {
    users = users.where(sql<boolean>`${to.role} = any(roles)`);
    if (to.city) users = users.where((eb) => eb.or([eb('city', 'is', null), eb('city', '=', to.city!)]));
    if (to.organizationId) users = users.where('organization_id', '=', to.organizationId);
  }
  const recipients = users.select((eb) => [
    // one recipient keeps the notification's own key; several get one key each
    sql<string>`case when count(*) over () = 1 then ${n.key}::text else ${n.key}::text || ':' || users.id end`.as(
      'entry_key',
    ),
    'users.id as recipient_user',
    ...Object.entries(common).map(([k, v]) => eb.cast<string | null>(eb.val(v), 'text').as(k)),
    eb.cast<string>(eb.val(change.at), 'timestamptz').as('created_at'),
  ]);
  return into
    .columns(['entry_key', 'recipient_user', ...(Object.keys(common) as (keyof typeof common)[]), 'created_at'])
    .expression(recipients)
    .onConflict((oc) => oc.column('entry_key').doNothing());
}
