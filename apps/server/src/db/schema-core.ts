import type { ColumnType, Generated } from 'kysely';

/* The platform's own tables: units and the organisation tree, the roster and its history, accounts, grants, sessions, imports, the audit log, settings and notifications. The DB interface in db/schema.ts extends CoreTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UnitTable {
  id: Generated<number>;
  name: string;
  type: string;
  credit_code: string | null;
  created_at: Timestamp;
}

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  path: string;
  depth: number;
  name: string;
  type: string;
  unit_id: number | null;
  founded_on: DateString | null;
  /** 启用日期 (GO-1): null = the nearest ancestor's, else the city's (app_setting go_live_on). */
  go_live_on: DateString | null;
  dissolved_on: DateString | null;
  term_start: DateString | null;
  term_end: DateString | null;
  contact: string | null;
  contact_phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MemberTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  gender: string;
  ethnicity: string;
  id_number_enc: string;
  id_number_hmac: string;
  id_number_masked: string;
  birth_date: DateString;
  education: string | null;
  category: string;
  join_date: DateString;
  full_date: DateString | null;
  job_post: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  address_enc: string | null;
  status: Generated<string>;
  lost_contact: boolean;
  lost_contact_date: DateString | null;
  flowing: boolean;
  flow_to: string | null;
  rank: string | null;
  party_post: string | null;
  cadre_type: string | null;
  hardship: boolean;
  retired: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MemberStatusHistoryTable {
  id: Generated<number>;
  member_id: number;
  from_status: string | null;
  to_status: string;
  changed_on: DateString;
  reason: string;
  org_id: number | null;
  created_at: Timestamp;
}

export interface MemberOrgHistoryTable {
  id: Generated<number>;
  member_id: number;
  from_org_id: number | null;
  to_org_id: number;
  moved_on: DateString;
  reason: string;
  created_at: Timestamp;
}

export interface OrgCommitteeMemberTable {
  id: Generated<number>;
  org_id: number;
  member_id: number;
  post: string;
  started_on: DateString;
  ended_on: DateString | null;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string | null;
  password_hash: string;
  member_id: number | null;
  must_change_password: boolean;
  disabled: Generated<boolean>;
  password_changed_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  /** The admin who created the account (NK-1: never approves its records). */
  created_by: Generated<number | null>;
  /** The admin who last set its password by a reset (NK-1 likewise). */
  password_set_by: Generated<number | null>;
}

/** Login failures per typed name (`u:…`) and per address (`ip:…`): features/auth/login-throttle.repository.ts. */
export interface LoginAttemptTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: Timestamp;
}

/** A roster import: who, how many rows, and how it ended (member-import-writer.ts). */
export interface ImportJobTable {
  id: string;
  kind: string;
  user_id: number | null;
  status: string;
  rows: number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  error: string | null;
}

/** What a chunk of an embedded-database import changed, to play back if the import fails. */
export interface ImportJobMemberTable {
  job_id: string;
  member_id: number;
  before: ColumnType<unknown, string | null, string | null>;
}

/** What a chunk of an embedded-database tree import changed (seq: the order it was written in). */
export interface ImportJobOrgTable {
  job_id: string;
  org_id: number;
  seq: number;
  before: ColumnType<unknown, string | null, string | null>;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  org_id: number;
  role: string;
  created_at: Timestamp;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: number | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface AppSettingTable {
  key: string;
  value: unknown;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface CoreTables {
  unit: UnitTable;
  org: OrgTable;
  member: MemberTable;
  member_status_history: MemberStatusHistoryTable;
  member_org_history: MemberOrgHistoryTable;
  org_committee_member: OrgCommitteeMemberTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  login_attempt: LoginAttemptTable;
  password_history: PasswordHistoryTable;
  import_job: ImportJobTable;
  import_job_member: ImportJobMemberTable;
  import_job_org: ImportJobOrgTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  app_setting: AppSettingTable;
  notification: NotificationTable;
}
