import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { appendAudit } from '../activities/audit.js';
import type { Database } from '../db/schema.js';
import type { Actor } from '../domain/roles.js';

/** Master-data changes (users, rule sets, calendar) go to the same append-only audit chain as cases. */
export function recordAdminChange(
  trx: Transaction<Database>,
  actor: Actor,
  entry: { caseType: string; caseId: string; action: string; comment?: string | null; data: Record<string, unknown> },
) {
  return appendAudit(trx, [
    {
      key: `admin:${randomUUID()}`,
      caseType: entry.caseType,
      caseId: entry.caseId,
      actor: { id: actor.id, name: actor.displayName },
      action: entry.action,
      fromStatus: null,
      toStatus: null,
      comment: entry.comment ?? null,
      data: entry.data,
      at: new Date().toISOString(),
    },
  ]);
}
