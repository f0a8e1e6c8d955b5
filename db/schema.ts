import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  city: string | null;
  organization_id: string | null;
  failed_logins: Generated<number>;
  active: Generated<boolean>;
  locked_until: Timestamp | null;
  created_at: CreatedAt;
  /** 代理: who stands in for this user, and when. */
  proxy_username: string | null;
  proxy_from: Timestamp | null;
  proxy_to: Timestamp | null;
  /** PNG of the user's signature, attached to decisions on request. */
  signature: Buffer | null;
  /** Where notifications are mailed (none: in-app only). */
  email: string | null;
}

export interface CitiesTable {
  name: string;
  name_en: string;
  sort: number;
}

export interface WorkdayCalendarTable {
  year: number;
  holidays: JSONColumnType<string[]>;
  adjusted_workdays: JSONColumnType<string[]>;
  source: string;
  updated_at: CreatedAt;
}

export interface RuleSetsTable {
  id: Generated<number>;
  kind: string;
  version: number;
  body: JSONColumnType<object>;
  comment: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface ApplicationsTable {
  id: string;
  workflow_id: string;
  run_id: string;
  status: string;
  current_step: string | null;
  org_name: string;
  credit_code: string;
  system: string;
  category: string;
  applicant_kind: string;
  city: string;
  created_by: string;
  organization_id: string | null;
  body: JSONColumnType<object>;
  version: number;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TasksTable {
  id: string;
  case_type: string;
  case_id: string;
  workflow_id: string;
  title: string;
  step: string;
  role: string;
  candidate_roles: string[];
  city: string | null;
  assignee: string | null;
  due_at: Timestamp;
  priority: number;
  status: string;
  escalation_level: number;
  decision: string | null;
  comment: string | null;
  completed_by: string | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  organization_id: string | null;
  conflict_city: string | null;
  conflict_organization_id: string | null;
  delegated_to: string | null;
  added_by: string | null;
  step_run: string | null;
  /** 代理: the username whose task it was, when a proxy decided. */
  acting_for: string | null;
  signed: Generated<boolean>;
}
export interface CaseCcTable {
  case_type: string;
  case_id: string;
  username: string;
  created_at: Timestamp;
}

export interface SubCentersTable {
  id: string;
  application_id: string;
  name: string;
  credit_code: string;
  system: string;
  category: string;
  city: string;
  organization_id: string | null;
  status: string;
  admitted_at: Timestamp;
  published_at: Timestamp;
  revoked_at: Timestamp | null;
  revocation_reason: string | null;
}

/** Columns every case read model has. */
interface CaseColumns {
  id: string;
  status: string;
  body: JSONColumnType<object>;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EvaluationRoundsTable extends CaseColumns {
  year: number;
  system: string;
}
export interface EvaluationsTable extends CaseColumns {
  round_id: string;
  year: number;
  sub_center_id: string;
  sub_center_name: string;
  organization_id: string | null;
  city: string;
  system: string;
  category: string;
  current_step: string | null;
  grade: string | null;
  total_score: number | null;
}
export interface RevocationsTable extends CaseColumns {
  sub_center_id: string;
  sub_center_name: string;
  organization_id: string | null;
  city: string;
  trigger: string;
}
export interface PayoutsTable extends CaseColumns {
  source: string;
  source_id: string;
  sub_center_id: string;
  sub_center_name: string;
  organization_id: string | null;
  year: number;
  amount: ColumnType<string, number, number>;
}
export interface CompetitionTasksTable extends CaseColumns {
  year: number;
  title: string;
}
export interface BidsTable extends CaseColumns {
  competition_id: string;
  sub_center_id: string;
  sub_center_name: string;
  organization_id: string | null;
  city: string;
  requested_amount: ColumnType<string, number, number>;
}
export interface PaymentInstructionsTable {
  payout_id: string;
  budget_key: string;
  sub_center_id: string;
  amount: ColumnType<string, number, number>;
  created_at: CreatedAt;
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

export interface NoticesTable {
  id: string;
  series_id: string;
  version: number;
  kind: string;
  title: string;
  status: string;
  case_type: string;
  case_id: string;
  workflow_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  review_until: Timestamp | null;
  how_to_object: string;
  items: JSONColumnType<NoticeItemRow[]>;
  updated_at: Timestamp;
}
export interface NoticeItemRow {
  id: string;
  orgName: string;
  city: string;
  system: string;
  category: string;
  result: string;
  organizationId: string | null;
}
export interface ObjectionsTable {
  id: string;
  notice_id: string;
  series_id: string;
  item_id: string;
  kind: string;
  real_name: string | null;
  org_name: string | null;
  contact_person: string | null;
  phone: string;
  email: string | null;
  content: string;
  status: string;
  outcome: string | null;
  source_ip: string;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}
export interface ObjectionFilesTable {
  id: string;
  objection_id: string;
  role: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: CreatedAt;
}
export interface ReviewRequestsTable {
  id: string;
  notice_id: string;
  series_id: string;
  item_id: string;
  organization_id: string;
  requested_by: string;
  content: string;
  reasons: string;
  status: string;
  outcome: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
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

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  status_code: number | null;
  response: JSONColumnType<object> | null;
  created_at: CreatedAt;
}

export interface AttachmentsTable {
  id: string;
  case_type: string;
  case_id: string;
  item: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: string;
  created_at: CreatedAt;
}

export interface Database {
  attachments: AttachmentsTable;
  evaluation_rounds: EvaluationRoundsTable;
  evaluations: EvaluationsTable;
  revocations: RevocationsTable;
  payouts: PayoutsTable;
  competition_tasks: CompetitionTasksTable;
  bids: BidsTable;
  payment_instructions: PaymentInstructionsTable;
  users: UsersTable;
  cities: CitiesTable;
  workday_calendar: WorkdayCalendarTable;
  rule_sets: RuleSetsTable;
  applications: ApplicationsTable;
  tasks: TasksTable;
  sub_centers: SubCentersTable;
  audit_log: AuditLogTable;
  notifications: NotificationsTable;
  idempotency_keys: IdempotencyKeysTable;
  case_cc: CaseCcTable;
  notices: NoticesTable;
  objections: ObjectionsTable;
  objection_files: ObjectionFilesTable;
  review_requests: ReviewRequestsTable;
  mailbox: MailboxTable;
}

export type User = Selectable<UsersTable>;
export type TaskRow = Selectable<TasksTable>;
export type SubCenterRow = Selectable<SubCentersTable>;
