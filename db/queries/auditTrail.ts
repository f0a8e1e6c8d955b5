/** A case's audit trail as read back (api/history.ts). */
import { sql } from 'kysely';
import type { Db } from '../index.js';

/** The case's entries in order, each with the hash of the entry just before it in the one chain (to check the link). */
export const caseTrail = (db: Db, caseType: string, caseId: string) =>
  db
    .selectFrom('audit_log')
    .selectAll()
    .select(
      sql<string | null>`(select p.hash from audit_log p where p.id < audit_log.id order by p.id desc limit 1)`.as(
        'predecessor',
      ),
    )
    .where('case_type', '=', caseType)
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();

/** Which of the users are experts. */
export async function expertsAmong(db: Db, userIds: string[]) {
  if (!userIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', userIds)
    .where(sql<boolean>`'expert' = any(roles)`)
    .execute();
  return new Set(rows.map((u) => u.id));
}
