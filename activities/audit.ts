import { createHash, createHmac } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';

export interface AuditEntry {
  /** Idempotency key: the same entry written twice (an activity retry) is stored once. */
  key: string;
  caseType: string;
  caseId: string;
  actor: { id: string; name: string; actingFor?: string | null };
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: Record<string, unknown>;
  /** ISO time of the action (workflow time). */
  at: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The key of the chain's HMAC, held by the API and worker processes, never by the database
 * (`AUDIT_KEY`; the demo's well-known key only in demo mode, see scripts/prod/config.ts).
 */
export const DEV_AUDIT_KEY = 'kejin-dev-audit-key-change-me-in-production';
const auditKey = () => process.env.AUDIT_KEY ?? DEV_AUDIT_KEY;

/** The fields of a stored entry that its hash covers (as read back, or as about to be written). */
type StoredEntry = Omit<Selectable<AuditLogTable>, 'id' | 'data' | 'at' | 'prev_hash' | 'hash' | 'hash_version'> & {
  data: unknown;
  at: Date | string;
};

/** The version new entries are hashed with. */
const HASH_VERSION = 2;

/**
 * An entry's hash as its version computes it, over the previous entry's hash and the entry:
 * version 1 (before migration 0011) a SHA-256 of its content; version 2 an HMAC (AUDIT_KEY) over
 * every stored field, the actor's name and acting-for included.
 */
export function entryHash(prevHash: string, row: StoredEntry & { hash_version: number }): string {
  const content = {
    key: row.entry_key,
    caseType: row.case_type,
    caseId: row.case_id,
    actor: row.actor_id,
    action: row.action,
    from: row.from_status,
    to: row.to_status,
    comment: row.comment,
    data: row.data,
    at: new Date(row.at).toISOString(),
  };
  const v1 = row.hash_version === 1;
  const body = canonicalJson(
    v1 ? content : { ...content, version: row.hash_version, actorName: row.actor_name, actingFor: row.acting_for },
  );
  return (v1 ? createHash('sha256') : createHmac('sha256', auditKey())).update(prevHash).update(body).digest('hex');
}

/**
 * Locks the head of the one hash chain for this transaction (writers append one at a time, so
 * each entry links to the one before it) and reads the hash to link to, in one statement: the
 * row is read as it is once the lock is granted. Call it first in a transaction that appends,
 * so the lock is held for as short a time as possible.
 */
export async function lockAuditChain(trx: Transaction<Database>): Promise<string> {
  const head = await trx.selectFrom('audit_chain_head').select('hash').forUpdate().executeTakeFirstOrThrow();
  return head.hash;
}

/**
 * The insert of entries linked on from `prevHash`. An entry stored already (a retried write: its
 * whole change was) is skipped by its key, as the insert finds it, committed or in progress.
 */
export function auditInsert(trx: Transaction<Database>, prevHash: string, entries: AuditEntry[]) {
  let prev = prevHash;
  const rows = entries.map((e) => {
    const row = {
      entry_key: e.key,
      case_type: e.caseType,
      case_id: e.caseId,
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      acting_for: e.actor.actingFor ?? null,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      comment: e.comment,
      data: e.data,
      at: e.at,
      hash_version: HASH_VERSION,
    };
    const hash = entryHash(prev, row);
    const linked = { ...row, data: JSON.stringify(row.data), prev_hash: prev, hash };
    prev = hash;
    return linked;
  });
  return trx
    .insertInto('audit_log')
    .values(rows)
    .onConflict((oc) => oc.column('entry_key').doNothing());
}

/** Appends entries to the one hash chain of the audit trail (two statements). */
export async function appendAudit(trx: Transaction<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await auditInsert(trx, await lockAuditChain(trx), entries).execute();
}
