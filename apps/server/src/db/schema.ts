import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AssessmentRoundTables } from './schema-assessment-rounds.ts';
import type { TrainingTables } from './schema-training.ts';
import type { XuexiTables } from './schema-xuexi.ts';
import type { ExamTables } from './schema-exams.ts';
import type { StudyTables } from './schema-study.ts';
import type { PointTables } from './schema-points.ts';
import type { ContestTables } from './schema-contests.ts';
import type { SchemeContent, SchemeStatus } from '@xianfeng/shared';
import type { ActivityStatus, ActivityType, AttendanceStatus, AttendeeKind, CardStatus, CheckResult, InspectionFact, InspectionKind, InspectionStatus, ReviewAction, TargetStatus } from '@xianfeng/shared';
import type { EligibilityCheck, HonourRules } from '@xianfeng/shared';

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

export interface ActivityTable {
  id: Generated<number>;
  org_id: number;
  // Text columns with a CHECK constraint (or validated on input) carry their literal types.
  types: ActivityType[];
  status: ActivityStatus;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  held_on: DateString;
  place: string | null;
  host_member_id: number | null;
  recorder_member_id: number | null;
  lecturer_member_id: number | null;
  lecturer_name: string | null;
  lecturer_is_secretary: Generated<boolean>;
  first_topic: string | null;
  agenda: string | null;
  minutes: string | null;
  observer_comment: string | null;
  votes: ColumnType<unknown, string | undefined, string>;
  review_comment: string | null;
  submitted_at: Timestamp | null;
  /** Who submitted it (NK-1: never the one who approves it). */
  submitted_by: number | null;
  reviewed_at: Timestamp | null;
  reviewed_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 补录: the history import that wrote this record (null: recorded through the form). */
  import_id: Generated<number | null>;
  /** Day | title of an imported record: unique per organisation, so a file imported twice adds nothing. */
  import_key: Generated<string | null>;
}

export interface ActivityImportTable {
  id: Generated<number>;
  file_name: string;
  imported_by: number;
  imported_at: Timestamp;
  rows: number;
  created: number;
  skipped: number;
}

export interface ActivityAttendanceTable {
  activity_id: number;
  member_id: number;
  kind: AttendeeKind;
  status: Generated<AttendanceStatus>;
  reason: string | null;
  dual_life: Generated<boolean>;
  voter: Generated<boolean>;
  signed_in_at: Timestamp | null;
  /** A sign-in by someone outside the expected list, waiting for the secretary's confirmation. */
  pending: Generated<boolean>;
}

export interface ActivityAttachmentTable {
  id: Generated<number>;
  activity_id: number;
  file_name: string;
  content_type: string;
  size: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface ActivityReviewTable {
  id: Generated<number>;
  activity_id: number;
  action: ReviewAction;
  comment: string | null;
  actor_user_id: number | null;
  at: Timestamp;
}

export interface OrgActivityYearTable {
  org_id: number;
  year: number;
  count_key: string;
  months: number[];
}

export interface HeartTalkPairTable {
  org_id: number;
  year: number;
  member_a: number;
  member_b: number;
  activity_id: number;
}

export interface ComplianceRequirementTable {
  id: Generated<number>;
  year: number;
  key: string;
  label: string;
  activity_type: string;
  lecturer_is_secretary: boolean;
  pairs: boolean;
  frequency: string;
  min_count: number;
  applies_to: string[];
  needs: string | null;
  source: string;
  rule: string;
  note: string | null;
  enabled: boolean;
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

// 清单制+责任制 (migration 2026120301_lists).
export interface KeyTaskTable {
  id: Generated<number>;
  year: number;
  list_kind: string;
  category: string;
  title: string;
  description: string;
  unit_types: string[];
  org_types: string[];
  deadline: DateString;
  evidence_required: string;
  status: Generated<string>;
  published_at: Timestamp | null;
  published_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ListItemTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  list_kind: string;
  source: string;
  key_task_id: number | null;
  category: string;
  title: string;
  content: string;
  evidence_required: string;
  start_on: DateString;
  deadline: DateString;
  responsible_member_id: number | null;
  responsible_name: string;
  leader_name: string;
  status: Generated<string>;
  closed_on: DateString | null;
  light: Generated<string>;
  progress_state: Generated<string>;
  expected: Generated<number>;
  actual: Generated<number>;
  assessed_on: DateString | null;
  /** A finding of an inspection (migration 2026120304_rectification). */
  inspection_id: number | null;
  finding_class: Generated<string>;
  severity: string | null;
  principal_name: Generated<string>;
  immediate: Generated<boolean>;
  outcome: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ListItemOrgTable {
  item_id: number;
  org_id: number;
}

export interface ListItemMilestoneTable {
  id: Generated<number>;
  item_id: number;
  seq: number;
  title: string;
  due_on: DateString;
  weight: number;
  status: Generated<string>;
  claim_note: string | null;
  claimed_at: Timestamp | null;
  claimed_by: number | null;
  accepted_on: DateString | null;
  accepted_by: number | null;
  return_comment: string | null;
}

export interface ListItemStepTable {
  item_id: number;
  seq: number;
  text: string;
}

export interface ListItemAdjustmentTable {
  id: Generated<number>;
  item_id: number;
  status: Generated<string>;
  reason: string;
  proposed: ColumnType<{ deadline?: string; title?: string; content?: string }, string, string>;
  before: ColumnType<{ deadline: string; title: string; content: string }, string, string>;
  requested_by: number;
  requested_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  comment: string | null;
}

export interface ListItemClosingTable {
  id: Generated<number>;
  item_id: number;
  status: Generated<string>;
  summary: string;
  submitted_by: number;
  submitted_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  comment: string | null;
  outcome: string | null;
  verifiers: Generated<string[]>;
}

export interface ListItemMeasureTable {
  id: Generated<number>;
  item_id: number;
  seq: number;
  content: string;
  owner_name: string;
  deadline: DateString;
  status: Generated<string>;
  done_note: string | null;
  done_at: Timestamp | null;
  done_by: number | null;
}

export interface ListItemEvidenceTable {
  id: Generated<number>;
  closing_id: number;
  kind: string;
  text: string;
  ref_id: number | null;
  label: string;
}

/** A document uploaded as 销号 evidence; closing_id: the closing request it currently belongs to. */
export interface ListItemFileTable {
  id: Generated<number>;
  item_id: number;
  closing_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface ListItemLightTable {
  id: Generated<number>;
  item_id: number;
  day: DateString;
  light: string;
  expected: number;
  actual: number;
}

export interface ListItemEventTable {
  id: Generated<number>;
  item_id: number;
  kind: string;
  note: string;
  by_user: number | null;
  at: Timestamp;
}

export interface ListItemHandoverTable {
  id: Generated<number>;
  org_id: number;
  from_member_id: number | null;
  from_name: string;
  to_member_id: number | null;
  to_name: string;
  reason: string;
  item_ids: number[];
  by_user: number;
  at: Timestamp;
}

export interface ListItemEscalationTable {
  id: Generated<number>;
  item_id: number;
  step: string;
  label: string;
  due_on: DateString;
  sent_at: Timestamp;
  recipients: number;
}

/** WC-1: an exception to Monday–Friday (true: 调休 working day, false: holiday). */
export interface WorkCalendarDayTable {
  day: DateString;
  workday: boolean;
  note: string;
  updated_by: number | null;
  updated_at: Timestamp | null;
}

/** LT-1 / ES-1: one version of the supervision settings, in force from effective_from. */
export interface SupervisionSettingTable {
  version: Generated<number>;
  effective_from: DateString;
  thresholds: ColumnType<unknown, string, string>;
  ladder: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Timestamp;
}

/** 督查: a checklist template (ordered items, each optionally pointing to a system fact). */
export interface ChecklistTemplateTable {
  id: Generated<number>;
  name: string;
  items: ColumnType<{ key: string; label: string; fact: string | null }[], string, string>;
  built_in: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionTable {
  id: Generated<number>;
  year: number;
  kind: InspectionKind;
  quarter: number | null;
  title: string;
  starts_on: DateString;
  ends_on: DateString;
  team: ColumnType<string[], string, string>;
  leader: string | null;
  template_id: number;
  /** The template's items copied when planned: later template changes do not rewrite an inspection. */
  checklist: ColumnType<{ key: string; label: string; fact: string | null }[], string, string>;
  status: Generated<InspectionStatus>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionTargetTable {
  inspection_id: number;
  org_id: number;
  status: Generated<TargetStatus>;
  visited_on: DateString | null;
  summary: string | null;
  results: ColumnType<{ key: string; result: CheckResult; note: string | null }[], string | undefined, string>;
  /** The facts as computed when the checklist was recorded (系统数据 snapshot). */
  facts: ColumnType<InspectionFact[] | null, string | null, string | null>;
  facts_as_of: DateString | null;
  recorded_by: number | null;
  recorded_at: Timestamp | null;
}

export interface CardKindTable {
  key: string;
  name: string;
  color: string;
  consequence: string | null;
  active: Generated<boolean>;
  sort: number;
}

export interface CardTable {
  id: Generated<number>;
  kind: string;
  org_id: number;
  member_id: number | null;
  reason: string;
  issued_on: DateString;
  year: number;
  inspection_id: number | null;
  status: Generated<CardStatus>;
  withdrawn_reason: string | null;
  withdrawn_by: number | null;
  withdrawn_at: Timestamp | null;
  issued_by: number | null;
  created_at: Timestamp;
}

/** Counts of list items per organisation and year, kept by a trigger (migration 2026120308_list_stats). */
export interface ListStatsTable {
  org_id: number;
  year: number;
  items: number;
  closed: number;
  red: number;
  yellow: number;
  blue: number;
  overdue: number;
  findings: number;
  rectified: number;
  /** Decisions waiting for the level above: claimed milestones, pending adjustments, submitted closings (migration 2026120309). */
  pending: number;
}

/** 党纪政务处分与约谈 (migration 2026120421_discipline). */
export interface DisciplineRecordTable {
  id: Generated<number>;
  member_id: number;
  org_id: number;
  kind: string;
  category: string;
  decided_on: DateString;
  effective_from: DateString;
  effective_until: DateString | null;
  decided_by: string;
  document_no: Generated<string>;
  case_no: Generated<string>;
  referred_to_judiciary: Generated<boolean>;
  summary: string;
  status: Generated<string>;
  revoked_on: DateString | null;
  revoked_reason: string | null;
  revoked_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 创先争优 (migration 2026120431_honours). */
export interface HonourCampaignTable {
  id: Generated<number>;
  year: number;
  kind: string;
  target: string;
  title: string;
  period_from: DateString;
  period_to: DateString;
  quota: number;
  rules: ColumnType<HonourRules, string, string>;
  publicity_days: number;
  objection_contact: string;
  status: Generated<string>;
  publicity_from: DateString | null;
  publicity_until: DateString | null;
  named_on: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HonourNominationTable {
  id: Generated<number>;
  campaign_id: number;
  nominating_org_id: number;
  org_id: number | null;
  member_id: number | null;
  counts_for_org_id: number;
  deeds: string;
  eligibility: ColumnType<EligibilityCheck[], string, string>;
  eligible: boolean;
  status: Generated<string>;
  review_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HonourObjectionTable {
  id: Generated<number>;
  campaign_id: number;
  nomination_id: number;
  received_on: DateString;
  channel: string;
  from_whom: string;
  content: string;
  status: Generated<string>;
  outcome: string | null;
  answer: string | null;
  answered_on: DateString | null;
  answered_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** The findings (list items of source 'inspection') a card was issued for. */
export interface CardFindingTable {
  card_id: number;
  item_id: number;
}

export interface DB extends AssessmentRoundTables, TrainingTables, XuexiTables, ExamTables, StudyTables, PointTables, ContestTables {
  list_stats: ListStatsTable;
  checklist_template: ChecklistTemplateTable;
  inspection: InspectionTable;
  inspection_target: InspectionTargetTable;
  card_kind: CardKindTable;
  card: CardTable;
  card_finding: CardFindingTable;
  discipline_record: DisciplineRecordTable;
  honour_campaign: HonourCampaignTable;
  honour_nomination: HonourNominationTable;
  honour_objection: HonourObjectionTable;
  activity: ActivityTable;
  activity_attendance: ActivityAttendanceTable;
  activity_import: ActivityImportTable;
  activity_attachment: ActivityAttachmentTable;
  activity_review: ActivityReviewTable;
  org_activity_year: OrgActivityYearTable;
  heart_talk_pair: HeartTalkPairTable;
  compliance_requirement: ComplianceRequirementTable;
  app_setting: AppSettingTable;
  work_calendar_day: WorkCalendarDayTable;
  supervision_setting: SupervisionSettingTable;
  notification: NotificationTable;
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
  key_task: KeyTaskTable;
  list_item: ListItemTable;
  list_item_org: ListItemOrgTable;
  list_item_milestone: ListItemMilestoneTable;
  list_item_step: ListItemStepTable;
  list_item_adjustment: ListItemAdjustmentTable;
  list_item_closing: ListItemClosingTable;
  list_item_evidence: ListItemEvidenceTable;
  list_item_file: ListItemFileTable;
  list_item_light: ListItemLightTable;
  list_item_event: ListItemEventTable;
  list_item_handover: ListItemHandoverTable;
  list_item_escalation: ListItemEscalationTable;
  list_item_measure: ListItemMeasureTable;
  assessment_scheme: AssessmentSchemeTable;
  review_campaign: ReviewCampaignTable;
  review_group: ReviewGroupTable;
  review_reviewer: ReviewReviewerTable;
  review_reporter: ReviewReporterTable;
  review_comment: ReviewCommentTable;
  review_ballot: ReviewBallotTable;
}

/** 考核方案: one version of a year's scheme (migration 2026120401_assessment_schemes). */
export interface AssessmentSchemeTable {
  id: Generated<number>;
  year: number;
  version: number;
  status: Generated<SchemeStatus>;
  content: ColumnType<SchemeContent, string, string>;
  based_on_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

export type OrgRow = Selectable<OrgTable>;
export type MemberRow = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type ActivityRow = Selectable<ActivityTable>;

// 述职评议 (issue 11 item 5; migration 2026120411_review_campaigns)
import type { ReviewStatus } from '@xianfeng/shared';
export interface ReviewCampaignTable {
  id: Generated<number>;
  year: number;
  name: string;
  status: Generated<ReviewStatus>;
  scale: ColumnType<{ key: string; label: string; score: number }[], string, string>;
  meeting_on: DateString | null;
  meeting_place: string | null;
  closed_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewGroupTable {
  campaign_id: number;
  key: string;
  name: string;
  weight: number;
  seq: number;
}

export interface ReviewReviewerTable {
  campaign_id: number;
  user_id: number;
  group_key: string;
}

export interface ReviewReporterTable {
  id: Generated<number>;
  campaign_id: number;
  org_id: number;
  secretary_name: string | null;
  seq: number;
  report_text: string | null;
  report_file_key: string | null;
  report_file_name: string | null;
  report_content_type: string | null;
  report_size: number | null;
  report_file_at: Timestamp | null;
  report_updated_at: Timestamp | null;
}

export interface ReviewCommentTable {
  id: Generated<number>;
  campaign_id: number;
  reporter_id: number;
  reviewer_id: number;
  text: string;
  problem: Generated<boolean>;
  list_item_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewBallotTable {
  id: Generated<number>;
  campaign_id: number;
  reporter_id: number;
  reviewer_id: number;
  grade: string;
  cast_at: Timestamp;
}
