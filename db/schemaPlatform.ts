/** The platform's own tables (db/schema.ts joins them into the Database type): sign-in, sessions, the audit trail, notifications and mail, incidents, the operation log, idempotency, saved views. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from './columnTypes.js';

export interface LoginThrottleTable {
  username: string;
  source: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  last_attempt_at: Generated<Timestamp>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ended_reason: string | null;
  /** A session that may only enrol a second factor (migration 0020). */
  enrolment_only: Generated<boolean>;
}

export interface AuditLogTable {
  id: Generated<string>;
  entry_key: string;
  case_type: string;
  case_id: string;
  actor_id: string;
  actor_name: string;
  acting_for: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  at: Timestamp;
  prev_hash: string;
  hash: string;
  /** 1: SHA-256 of the content (before migration 0011); 2: HMAC-SHA256 of every field (AUDIT_KEY). */
  hash_version: Generated<number>;
}

/** The last entry of the audit chain (one row, moved by PostgreSQL on every append: migration 0023). */
export interface AuditChainHeadTable {
  id: Generated<number>;
  entry_id: string;
  hash: string;
}

export interface NotificationsTable {
  id: Generated<string>;
  entry_key: string;
  recipient_user: string | null;
  recipient_role: string | null;
  recipient_city: string | null;
  kind: string;
  case_type: string;
  case_id: string;
  message: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** An objector, reached by the address they gave (no user account). */
  recipient_email: string | null;
  read_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  /** Set when delivery failed for good. */
  failed_at: Timestamp | null;
}

export interface MailboxTable {
  id: Generated<number>;
  message_id: string;
  mail_from: string;
  rcpt_to: string;
  subject: string;
  text: string;
  received_at: CreatedAt;
}

/** A step a workflow could not record, waiting for an administrator's retry (migration 0016). */
export interface IncidentsTable {
  id: string;
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  case_type: string | null;
  case_id: string | null;
  activity: string;
  error: string;
  error_type: string | null;
  failures: Generated<number>;
  status: 'open' | 'retrying' | 'resolved';
  created_at: Timestamp;
  updated_at: Timestamp;
  retry_requested_by: string | null;
  retry_requested_at: Timestamp | null;
  resolved_at: Timestamp | null;
}

/** Sign-ins, downloads, prints, exports, administrative changes, refusals (migration 0019). */
export interface OperationLogTable {
  id: Generated<string>;
  at: CreatedAt;
  user_id: string | null;
  username: string | null;
  source: string | null;
  action: string;
  method: string;
  path: string;
  status: number;
  detail: JSONColumnType<Record<string, unknown>>;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  status_code: number | null;
  response: JSONColumnType<object> | null;
  /** SHA-256 of the request body (null for keys stored before migration 0010). */
  body_sha256: string | null;
  /** Until when the request in progress holds the key (a retry after it takes the request over). */
  lease_until: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  /** The API instance holding the lease (migration 0018). */
  lease_owner: string | null;
}

/** A saved view of a list (migration 0034): filters and sort under a name, own or shared with a role. */
export interface SavedViewsTable {
  id: Generated<string>;
  owner: string;
  resource: string;
  name: string;
  params: JSONColumnType<{
    filter: Record<string, unknown>;
    sort: { field: string; order: 'ASC' | 'DESC' };
    perPage: number;
  }>;
  shared_role: string | null;
  created_at: CreatedAt;
  archived_at: Timestamp | null;
}
