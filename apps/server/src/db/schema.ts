import type { Insertable, Selectable } from 'kysely';
import type { CoreTables, MemberTable, OrgTable } from './schema-core.ts';
import type { ActivityTable, ActivityTables } from './schema-activities.ts';
import type { ListTables } from './schema-lists.ts';
import type { InspectionTables } from './schema-inspections.ts';
import type { DisciplineTables } from './schema-discipline.ts';
import type { HonourTables } from './schema-honours.ts';
import type { ReviewCampaignTables } from './schema-review-campaigns.ts';
import type { AssessmentRoundTables } from './schema-assessment-rounds.ts';
import type { TrainingTables } from './schema-training.ts';
import type { XuexiTables } from './schema-xuexi.ts';
import type { ExamTables } from './schema-exams.ts';
import type { StudyTables } from './schema-study.ts';
import type { PointTables } from './schema-points.ts';
import type { ContestTables } from './schema-contests.ts';

/**
 * The database as Kysely sees it: every table, one interface per area in its own schema-*.ts
 * (the area's migration names it). A new area adds its file and one name here.
 */
export interface DB
  extends CoreTables,
    ActivityTables,
    ListTables,
    InspectionTables,
    DisciplineTables,
    HonourTables,
    ReviewCampaignTables,
    AssessmentRoundTables,
    TrainingTables,
    XuexiTables,
    ExamTables,
    StudyTables,
    PointTables,
    ContestTables {}

export type { ActivityTable };
export type OrgRow = Selectable<OrgTable>;
export type MemberRow = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type ActivityRow = Selectable<ActivityTable>;
