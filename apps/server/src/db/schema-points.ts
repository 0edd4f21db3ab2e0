import type { ColumnType, Generated } from 'kysely';
import type { PointAppealStatus, PointEntryStatus, PointItem, PointRuleSetStatus } from '@xianfeng/shared';

/* 党员积分制's tables (migration 2026120521_points), beside db/schema.ts. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PointRuleSetTable {
  id: Generated<number>;
  year: number;
  version: number;
  status: Generated<PointRuleSetStatus>;
  effective_from: DateString;
  base_points: number;
  floor: number | null;
  items: ColumnType<PointItem[], string, string>;
  note: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

export interface PointExemptionTable {
  id: Generated<number>;
  year: number;
  member_id: number;
  reason: string;
  decided_on: DateString;
  created_by: number | null;
  created_at: Timestamp;
}

export interface PointEntryTable {
  id: Generated<number>;
  member_id: number;
  org_id: number;
  kind: 'manual_addition' | 'manual_deduction';
  occurred_on: DateString;
  points: number;
  reason: string;
  evidence: string;
  status: Generated<PointEntryStatus>;
  review_reason: string | null;
  entered_by: number | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  created_at: Timestamp;
  appeal_id: Generated<number | null>;
}

export interface PointAppealTable {
  id: Generated<number>;
  member_id: number;
  year: number;
  line_type: string;
  line_id: number;
  line_day: DateString;
  line_title: string;
  line_points: number;
  reason: string;
  status: Generated<PointAppealStatus>;
  answer: string | null;
  correction_entry_id: number | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** 积分排名's snapshot (PT-13): a member's year total as last computed from the records. */
export interface PointTotalTable {
  year: number;
  member_id: number;
  base_points: number;
  additions: number;
  deductions: number;
  total: number;
  computed_at: Timestamp;
}

/** 佐证材料 files of a branch entry (PT-10). */
export interface PointEntryFileTable {
  id: Generated<number>;
  entry_id: number;
  file_name: string;
  content_type: string;
  size: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface PointTables {
  point_total: PointTotalTable;
  point_entry_file: PointEntryFileTable;
  point_rule_set: PointRuleSetTable;
  point_exemption: PointExemptionTable;
  point_entry: PointEntryTable;
  point_appeal: PointAppealTable;
}
