import type { ColumnType, Generated } from 'kysely';
import type { ActivityStatus, ActivityType, AttendanceStatus, AttendeeKind, ReviewAction } from '@xianfeng/shared';

/* 组织生活 (organisational life) and its compliance: records, attendance, imports, attachments, reviews, the yearly pre-aggregates, 谈心谈话 pairs and the requirements. The DB interface in db/schema.ts extends ActivityTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface ActivityTables {
  activity: ActivityTable;
  activity_attendance: ActivityAttendanceTable;
  activity_import: ActivityImportTable;
  activity_attachment: ActivityAttachmentTable;
  activity_review: ActivityReviewTable;
  org_activity_year: OrgActivityYearTable;
  heart_talk_pair: HeartTalkPairTable;
  compliance_requirement: ComplianceRequirementTable;
}
