import type { ColumnType, Generated } from 'kysely';
import type { CardStatus, CheckResult, InspectionFact, InspectionKind, InspectionStatus, TargetStatus } from '@xianfeng/shared';

/* 督查 (inspections): checklist templates, inspections and their targets, 黄牌红牌 cards and the findings behind them. The DB interface in db/schema.ts extends InspectionTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

/** The findings (list items of source 'inspection') a card was issued for. */
export interface CardFindingTable {
  card_id: number;
  item_id: number;
}

export interface InspectionTables {
  checklist_template: ChecklistTemplateTable;
  inspection: InspectionTable;
  inspection_target: InspectionTargetTable;
  card_kind: CardKindTable;
  card: CardTable;
  card_finding: CardFindingTable;
}
