import type { ColumnType, Generated } from 'kysely';
import type { EvaluationItem, LecturerKind, PlanLine, TrainingClassStatus, TraineeAttendance } from '@xianfeng/shared';

/* 培训班's tables (migration 2026120531_training); the DB interface in db/schema.ts extends this one. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric(4,1): the drivers answer a string; repositories turn it into a number. */
type Numeric = ColumnType<string, number | string, number | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TrainingClassTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  plan_line: Exclude<PlanLine, 'expert_lecture' | 'secretary_lecture'> | null;
  plan: Generated<string>;
  starts_on: DateString;
  ends_on: DateString;
  place: string | null;
  min_attendance: Generated<number>;
  evaluation_items: Json<EvaluationItem[]>;
  status: Generated<TrainingClassStatus>;
  finished_on: DateString | null;
  /** TR-8: 入学必测 and 结业必考, exams of purpose training_entry / training_final. */
  entry_exam_id: number | null;
  final_exam_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingTraineeTable {
  class_id: number;
  member_id: number;
  enrolled_at: Timestamp;
  completed: boolean | null;
  outcome_reason: string | null;
  certificate_no: string | null;
}

export interface TrainingSessionTable {
  id: Generated<number>;
  class_id: number;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  held_on: DateString;
  lecturer_name: string;
  lecturer_kind: LecturerKind;
  lecturer_member_id: number | null;
  hours: Numeric;
  created_at: Timestamp;
}

export interface TrainingAttendanceTable {
  session_id: number;
  member_id: number;
  status: TraineeAttendance;
}

export interface TrainingEvaluationTable {
  class_id: number;
  member_id: number;
  ratings: Json<Record<string, number>>;
  comment: string | null;
  submitted_at: Timestamp;
}

export interface TrainingPlanTargetTable {
  year: number;
  line: PlanLine;
  target: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface TrainingTables {
  training_class: TrainingClassTable;
  training_trainee: TrainingTraineeTable;
  training_session: TrainingSessionTable;
  training_attendance: TrainingAttendanceTable;
  training_evaluation: TrainingEvaluationTable;
  training_plan_target: TrainingPlanTargetTable;
}
