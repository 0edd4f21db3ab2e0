import type { ColumnType, Generated } from 'kysely';

/* 学习强国's tables (migration 2026120532_xuexi); the DB interface in db/schema.ts extends this one. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type XuexiRowProblem = { row: number; name: string; reason: string };

export interface XuexiImportTable {
  id: Generated<number>;
  org_id: number;
  file_name: string;
  periods: string[];
  rows: number;
  matched: number;
  unmatched: ColumnType<XuexiRowProblem[], string, string>;
  imported_by: number;
  imported_at: Timestamp;
}

export interface XuexiScoreTable {
  member_id: number;
  period: string;
  points: number;
  import_id: number;
}

export interface XuexiTables {
  xuexi_import: XuexiImportTable;
  xuexi_score: XuexiScoreTable;
}
