import type { ColumnType, Generated } from 'kysely';
import type { SchemeContent, SchemeStatus, ReviewStatus } from '@xianfeng/shared';

/* 述职评议 (issue 11 item 5; migration 2026120411_review_campaigns) and the 考核方案 versions (migration 2026120401_assessment_schemes). The DB interface in db/schema.ts extends ReviewCampaignTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** 考核方案: one version of a year's scheme (migration 2026120401_assessment_schemes). */
export interface AssessmentSchemeTable {
  id: Generated<number>;
  year: number;
  version: number;
  status: Generated<SchemeStatus>;
  content: ColumnType<SchemeContent, string, string>;
  based_on_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

export interface ReviewCampaignTable {
  id: Generated<number>;
  year: number;
  name: string;
  status: Generated<ReviewStatus>;
  scale: ColumnType<{ key: string; label: string; score: number }[], string, string>;
  meeting_on: DateString | null;
  meeting_place: string | null;
  closed_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewGroupTable {
  campaign_id: number;
  key: string;
  name: string;
  weight: number;
  seq: number;
}

export interface ReviewReviewerTable {
  campaign_id: number;
  user_id: number;
  group_key: string;
}

export interface ReviewReporterTable {
  id: Generated<number>;
  campaign_id: number;
  org_id: number;
  secretary_name: string | null;
  seq: number;
  report_text: string | null;
  report_file_key: string | null;
  report_file_name: string | null;
  report_content_type: string | null;
  report_size: number | null;
  report_file_at: Timestamp | null;
  report_updated_at: Timestamp | null;
}

export interface ReviewCommentTable {
  id: Generated<number>;
  campaign_id: number;
  reporter_id: number;
  reviewer_id: number;
  text: string;
  problem: Generated<boolean>;
  list_item_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewBallotTable {
  id: Generated<number>;
  campaign_id: number;
  reporter_id: number;
  reviewer_id: number;
  grade: string;
  cast_at: Timestamp;
}

export interface ReviewCampaignTables {
  review_campaign: ReviewCampaignTable;
  review_group: ReviewGroupTable;
  review_reviewer: ReviewReviewerTable;
  review_reporter: ReviewReporterTable;
  review_comment: ReviewCommentTable;
  review_ballot: ReviewBallotTable;
  assessment_scheme: AssessmentSchemeTable;
}
