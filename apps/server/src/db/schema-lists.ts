import type { ColumnType, Generated } from 'kysely';

/* 清单制+责任制 (migration 2026120301_lists and after): key tasks, list items and their workflow, lights, escalation, the work calendar, the supervision settings and the per-year counts. The DB interface in db/schema.ts extends ListTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface ListTables {
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
  work_calendar_day: WorkCalendarDayTable;
  supervision_setting: SupervisionSettingTable;
  list_stats: ListStatsTable;
}
