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
}

export type User = Selectable<UsersTable>;
export type TaskRow = Selectable<TasksTable>;
export type SubCenterRow = Selectable<SubCentersTable>;
