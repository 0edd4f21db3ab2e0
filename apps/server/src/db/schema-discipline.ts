import type { ColumnType, Generated } from 'kysely';

/* The 纪检 register (migration 2026120421_discipline), read only by 纪检干部. The DB interface in db/schema.ts extends DisciplineTables. */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** 党纪政务处分与约谈 (migration 2026120421_discipline). */
export interface DisciplineRecordTable {
  id: Generated<number>;
  member_id: number;
  org_id: number;
  kind: string;
  category: string;
  decided_on: DateString;
  effective_from: DateString;
  effective_until: DateString | null;
  decided_by: string;
  document_no: Generated<string>;
  case_no: Generated<string>;
  referred_to_judiciary: Generated<boolean>;
  summary: string;
  status: Generated<string>;
  revoked_on: DateString | null;
  revoked_reason: string | null;
  revoked_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DisciplineTables {
  discipline_record: DisciplineRecordTable;
}
