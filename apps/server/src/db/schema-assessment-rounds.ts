import type { ColumnType, Generated } from 'kysely';
import type { AppealStatus, RoundStatus, ScoreEvent, SheetStatus, UnitType } from '@xianfeng/shared';

/*
 * 年度考核's tables (migration 2026120441_assessment_rounds). Kept beside db/schema.ts, which
 * had grown past 800 lines; the DB interface there extends this one.
 */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric(7,2): the drivers answer a string; repositories turn it into a number. */
type Numeric = ColumnType<string, number | string, number | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** One computed indicator of a unit, as of the round's date. */
export type ComputedIndicator = { score: number; summary: string; raw: number | null; moreEvents: number };

export interface AssessmentRoundTable {
  id: Generated<number>;
  year: number;
  scheme_id: number;
  status: Generated<RoundStatus>;
  as_of: DateString;
  computed_at: Timestamp;
  appeal_days: number;
  explain_bottom: number;
  appeal_until: DateString | null;
  opened_by: number | null;
  opened_at: Timestamp;
  published_by: number | null;
  published_at: Timestamp | null;
  closed_by: number | null;
  closed_at: Timestamp | null;
}

export interface AssessmentUnitTable {
  round_id: number;
  org_id: number;
  series: UnitType;
  status: Generated<SheetStatus>;
  self_note: Generated<string>;
  submitted_by: number | null;
  submitted_at: Timestamp | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  return_reason: string | null;
  computed: Json<Record<string, ComputedIndicator>>;
  events: Json<Record<string, ScoreEvent[]>>;
  vetoes: Json<{ key: string; reason: string }[]>;
  counted_cases: ColumnType<string[], string[] | undefined, string[]>;
  final_total: Numeric | null;
  final_grade: string | null;
  final_rank: number | null;
  explanation_item_id: number | null;
}

export interface AssessmentScoreTable {
  round_id: number;
  org_id: number;
  indicator_key: string;
  kind: 'self' | 'department' | 'appeal';
  score: Numeric;
  note: Generated<string>;
  evidence: Generated<string>;
  scored_by: number | null;
  scored_at: Timestamp;
}

export interface AssessmentAppealTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  indicator_key: string;
  reason: string;
  status: Generated<AppealStatus>;
  score_before: Numeric | null;
  new_score: Numeric | null;
  answer: string | null;
  filed_by: number | null;
  filed_at: Timestamp;
  answered_by: number | null;
  answered_at: Timestamp | null;
}

export interface AssessmentScoreChangeTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  indicator_key: string;
  kind: string;
  from_score: Numeric | null;
  to_score: Numeric;
  reason: string;
  appeal_id: number | null;
  changed_by: number | null;
  changed_at: Timestamp;
}

export interface AssessmentDeductionEventTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  indicator_key: string;
  event: string;
  occurred_on: DateString;
  count: number;
  note: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface AssessmentRoundTables {
  assessment_round: AssessmentRoundTable;
  assessment_unit: AssessmentUnitTable;
  assessment_score: AssessmentScoreTable;
  assessment_appeal: AssessmentAppealTable;
  assessment_score_change: AssessmentScoreChangeTable;
  assessment_deduction_event: AssessmentDeductionEventTable;
}
