import type { ColumnType, Generated } from 'kysely';

/* 知识竞赛's tables (migration 2026120621_contests); the DB interface in db/schema.ts extends this one. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type Numeric = ColumnType<string | null, number | null | undefined, number | null>;

export interface ContestTable {
  id: Generated<number>;
  org_id: number;
  exam_id: number;
  paper_id: number;
  title: string;
  status: Generated<string>;
  practice_from: DateString;
  practice_to: DateString;
  contest_from: DateString;
  contest_to: DateString;
  daily_limit: number;
  time_limit_minutes: number;
  min_seconds_per_question: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContestAttemptTable {
  attempt_id: number;
  contest_id: number;
  member_id: number;
  day: DateString;
  seq: number;
  questions: number;
  score: Numeric;
  duration_ms: number | null;
  submitted_at: Timestamp | null;
  flag: Generated<string>;
  flag_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
}

export interface ContestMemberTable {
  contest_id: number;
  member_id: number;
  org_id: number;
  org_path: string;
  attempts: Generated<number>;
  best_attempt_id: number | null;
  best_score: Numeric;
  best_ms: number | null;
  best_at: Timestamp | null;
  /** In the roster taken at publication (CT-7): counts for its organisation's participation rate. */
  in_roster: Generated<boolean>;
}

/** CT-7: a member in good standing of the contest's subtree at publication, where they stood then. */
export interface ContestRosterTable {
  contest_id: number;
  member_id: number;
  org_id: number;
  path: string;
}

export interface ContestOrgTable {
  contest_id: number;
  org_id: number;
  path: string;
  members: number;
}

export interface ContestPracticeTable {
  id: Generated<number>;
  contest_id: number;
  member_id: number;
  question_id: number;
  correct: boolean;
  answered_at: Timestamp;
}

export interface ContestTables {
  contest: ContestTable;
  contest_attempt: ContestAttemptTable;
  contest_member: ContestMemberTable;
  contest_org: ContestOrgTable;
  contest_roster: ContestRosterTable;
  contest_practice: ContestPracticeTable;
}
