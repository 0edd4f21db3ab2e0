import type { ColumnType, Generated } from 'kysely';
import type { DrawRule } from '@xianfeng/shared';

/* 考试's tables (migrations 2026120501_exams, 2026120502_exam_papers); the DB interface in db/schema.ts extends this one. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** 题库: one question; options and answer are JSON arrays of strings. */
export interface ExamQuestionTable {
  id: Generated<number>;
  org_id: number;
  type: string;
  stem: string;
  options: ColumnType<string[], string, string>;
  answer: ColumnType<string[], string, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  difficulty: string;
  explanation: string | null;
  archived_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 试卷: a fixed paper's questions are in exam_paper_question; a random one keeps its rules. */
export interface ExamPaperTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  kind: string;
  rules: ColumnType<DrawRule[], string | undefined, string>;
  partial_credit: Generated<string>;
  total_score: number;
  archived_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExamPaperQuestionTable {
  paper_id: number;
  question_id: number;
  position: number;
  score: number;
}

/** 考试: a paper set for an organisation's subtree inside a window (EX-10). */
export interface ExamTable {
  id: Generated<number>;
  org_id: number;
  paper_id: number;
  title: string;
  purpose: Generated<string>;
  status: Generated<string>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  time_limit_minutes: number;
  attempts_allowed: number;
  counting: string;
  pass_mark: number;
  shuffle_questions: boolean;
  shuffle_options: boolean;
  focus_strikes: number;
  review_policy: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 答卷: one attempt; score is numeric (half points), null until submitted or while a short answer waits. */
export interface ExamAttemptTable {
  id: Generated<number>;
  exam_id: number;
  member_id: number;
  attempt_no: number;
  seed: ColumnType<string, number | string, number | string>;
  status: Generated<string>;
  started_at: Timestamp;
  deadline_at: Timestamp;
  submitted_at: Timestamp | null;
  score: ColumnType<string | null, number | null | undefined, number | null>;
  pending_marking: Generated<boolean>;
  strikes: Generated<number>;
  forced: Generated<boolean>;
  timed_out: Generated<boolean>;
}

export interface ExamAttemptQuestionTable {
  attempt_id: number;
  position: number;
  question_id: number;
  type: string;
  stem: string;
  options: ColumnType<string[], string, string>;
  answer: ColumnType<string[], string, string>;
  score: number;
  given: ColumnType<string[] | null, string | null | undefined, string | null>;
  awarded: ColumnType<string | null, number | null | undefined, number | null>;
  /** 阅卷 (migration 2026120601_exam_marking): the marker's comment, who marked, when. */
  mark_comment: ColumnType<string | null, string | null | undefined, string | null>;
  marked_by: ColumnType<number | null, number | null | undefined, number | null>;
  marked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ExamTables {
  exam_question: ExamQuestionTable;
  exam_paper: ExamPaperTable;
  exam_paper_question: ExamPaperQuestionTable;
  exam: ExamTable;
  exam_attempt: ExamAttemptTable;
  exam_attempt_question: ExamAttemptQuestionTable;
}
