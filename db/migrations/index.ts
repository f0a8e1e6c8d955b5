import type { Migration } from 'kysely';
import * as admission from './2026_11_22_0001_admission.js';
import * as attachments from './2026_11_22_0002_attachments_and_admin.js';
import * as evaluation from './2026_11_22_0003_evaluation.js';
import * as competition from './2026_11_22_0004_competition.js';
import * as approvalEngine from './2026_11_28_0005_approval_engine.js';
import * as publicNotice from './2026_11_28_0006_public_notice.js';
import * as inboxIndexes from './2026_11_28_0007_inbox_indexes.js';
import * as liveEvents from './2026_11_28_0008_live_events.js';
import * as sessions from './2026_11_28_0009_sessions.js';
import * as idempotencyBody from './2026_11_28_0010_idempotency_body.js';
import * as auditHmac from './2026_11_28_0011_audit_hmac.js';
import * as loginThrottle from './2026_11_28_0012_login_throttle.js';
import * as idempotencyLease from './2026_11_28_0013_idempotency_lease.js';
import * as passwordHistory from './2026_11_28_0014_password_history.js';
import * as usersLockDerived from './2026_11_28_0015_users_lock_derived.js';
import * as incidents from './2026_11_28_0016_incidents.js';
import * as separationOfDuties from './2026_11_28_0017_separation_of_duties.js';
import * as idempotencyLeaseOwner from './2026_11_28_0018_idempotency_lease_owner.js';
import * as operationLog from './2026_11_28_0019_operation_log.js';
import * as secondFactor from './2026_11_28_0020_second_factor.js';
import * as organizations from './2026_11_28_0021_organizations.js';
import * as proxyIndex from './2026_11_28_0022_proxy_index.js';
import * as auditChainHead from './2026_11_28_0023_audit_chain_head.js';
import * as taskPanel from './2026_11_28_0024_task_panel.js';
import * as ownTaskOrder from './2026_12_05_0025_own_task_order.js';
import * as taskQueue from './2026_12_05_0026_task_queue.js';
import * as calendarVersions from './2026_12_07_0027_calendar_versions.js';
import * as objectionThrottle from './2026_12_07_0028_objection_throttle.js';
import * as proxyConsent from './2026_12_07_0029_proxy_consent.js';
import * as objectionTasks from './2026_12_07_0030_objection_tasks.js';
import * as taskPriorityQueue from './2026_12_07_0031_task_priority_queue.js';
import * as taskRecusal from './2026_12_07_0032_task_recusal.js';
import * as taskParty from './2026_12_07_0033_task_party.js';
import * as savedViews from './2026_12_08_0034_saved_views.js';

/** Every migration, in order. Listed by hand so the set is explicit and bundler-proof. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_admission': admission,
  '2026_11_22_0002_attachments_and_admin': attachments,
  '2026_11_22_0003_evaluation': evaluation,
  '2026_11_22_0004_competition': competition,
  '2026_11_28_0005_approval_engine': approvalEngine,
  '2026_11_28_0006_public_notice': publicNotice,
  '2026_11_28_0007_inbox_indexes': inboxIndexes,
  '2026_11_28_0008_live_events': liveEvents,
  '2026_11_28_0009_sessions': sessions,
  '2026_11_28_0010_idempotency_body': idempotencyBody,
  '2026_11_28_0011_audit_hmac': auditHmac,
  '2026_11_28_0012_login_throttle': loginThrottle,
  '2026_11_28_0013_idempotency_lease': idempotencyLease,
  '2026_11_28_0014_password_history': passwordHistory,
  '2026_11_28_0015_users_lock_derived': usersLockDerived,
  '2026_11_28_0016_incidents': incidents,
  '2026_11_28_0017_separation_of_duties': separationOfDuties,
  '2026_11_28_0018_idempotency_lease_owner': idempotencyLeaseOwner,
  '2026_11_28_0019_operation_log': operationLog,
  '2026_11_28_0020_second_factor': secondFactor,
  '2026_11_28_0021_organizations': organizations,
  '2026_11_28_0022_proxy_index': proxyIndex,
  '2026_11_28_0023_audit_chain_head': auditChainHead,
  '2026_11_28_0024_task_panel': taskPanel,
  '2026_12_05_0025_own_task_order': ownTaskOrder,
  '2026_12_05_0026_task_queue': taskQueue,
  '2026_12_07_0027_calendar_versions': calendarVersions,
  '2026_12_07_0028_objection_throttle': objectionThrottle,
  '2026_12_07_0029_proxy_consent': proxyConsent,
  '2026_12_07_0030_objection_tasks': objectionTasks,
  '2026_12_07_0031_task_priority_queue': taskPriorityQueue,
  '2026_12_07_0032_task_recusal': taskRecusal,
  '2026_12_07_0033_task_party': taskParty,
  '2026_12_08_0034_saved_views': savedViews,
};
