import type { ColumnType, Generated } from 'kysely';
import type { EligibilityCheck, HonourRules } from '@xianfeng/shared';

/* 创先争优 (migration 2026120431_honours): campaigns, nominations and objections during 公示. The DB interface in db/schema.ts extends HonourTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** 创先争优 (migration 2026120431_honours). */
export interface HonourCampaignTable {
  id: Generated<number>;
  year: number;
  kind: string;
  target: string;
  title: string;
  period_from: DateString;
  period_to: DateString;
  quota: number;
  rules: ColumnType<HonourRules, string, string>;
  publicity_days: number;
  objection_contact: string;
  status: Generated<string>;
  publicity_from: DateString | null;
  publicity_until: DateString | null;
  named_on: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HonourNominationTable {
  id: Generated<number>;
  campaign_id: number;
  nominating_org_id: number;
  org_id: number | null;
  member_id: number | null;
  counts_for_org_id: number;
  deeds: string;
  eligibility: ColumnType<EligibilityCheck[], string, string>;
  eligible: boolean;
  status: Generated<string>;
  review_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HonourObjectionTable {
  id: Generated<number>;
  campaign_id: number;
  nomination_id: number;
  received_on: DateString;
  channel: string;
  from_whom: string;
  content: string;
  status: Generated<string>;
  outcome: string | null;
  answer: string | null;
  answered_on: DateString | null;
  answered_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HonourTables {
  honour_campaign: HonourCampaignTable;
  honour_nomination: HonourNominationTable;
  honour_objection: HonourObjectionTable;
}
