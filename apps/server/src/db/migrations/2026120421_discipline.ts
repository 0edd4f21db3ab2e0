import { sql, type Kysely } from 'kysely';

// 党纪政务处分与约谈台账 (issue 11, the "−1"): one row per sanction, 诫勉 or 约谈 of a member, with the
// organisation the member belonged to when it was decided (the unit it counts against in the
// assessment, even after the member moved). Rows are never deleted: a wrong record is revoked with
// a reason (status effective → revoked, guarded). case_no ties a party and a government sanction of
// one case together so the assessment counts the case once (DC-4).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table discipline_record (
      id serial primary key,
      member_id integer not null references member(id),
      org_id integer not null references org(id),
      kind text not null,
      category text not null check (category in ('party', 'government', 'organisational', 'talk')),
      decided_on date not null,
      effective_from date not null,
      effective_until date,
      decided_by text not null,
      document_no text not null default '',
      case_no text not null default '',
      referred_to_judiciary boolean not null default false,
      summary text not null,
      status text not null default 'effective' check (status in ('effective', 'revoked')),
      revoked_on date,
      revoked_reason text,
      revoked_by integer references app_user(id),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (effective_until is null or effective_until >= effective_from)
    );
    create index discipline_record_org on discipline_record (org_id, decided_on);
    create index discipline_record_member on discipline_record (member_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
