import type { ColumnType, Generated } from 'kysely';
import type { CheckQuestion } from '@xianfeng/shared';

/* 学习's tables (migration 2026120511_study); the DB interface in db/schema.ts extends this one. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StudyTopicTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  description: Generated<string>;
  cover_text: Generated<string>;
  status: Generated<string>;
  published_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudyMaterialTable {
  id: Generated<number>;
  topic_id: number;
  kind: string;
  title: string;
  body: Generated<string>;
  url: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  storage_key: string | null;
  /** numeric(4,1): read as text. */
  credit_hours: ColumnType<string, number, number>;
  min_seconds: number;
  question: ColumnType<CheckQuestion | null, string | null, string | null>;
  position: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudySessionTable {
  id: Generated<number>;
  material_id: number;
  member_id: number;
  status: Generated<string>;
  started_at: Timestamp;
  last_beat_at: Timestamp;
  visible_seconds: Generated<number>;
  completed_at: Timestamp | null;
}

export interface StudyCreditTable {
  id: Generated<number>;
  member_id: number;
  material_id: number;
  session_id: number;
  /** numeric(4,1): read as text. */
  hours: ColumnType<string, number, number>;
  credited_on: DateString;
  created_at: Timestamp;
}

export interface StudyTables {
  study_topic: StudyTopicTable;
  study_material: StudyMaterialTable;
  study_session: StudySessionTable;
  study_credit: StudyCreditTable;
}
