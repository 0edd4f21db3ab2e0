import { sql, type Kysely } from 'kysely';

// 创先争优 (issue 11, the "+1"): campaigns, nominations and objections raised during 公示. A
// campaign's rules are stored with it (jsonb), so a later change of the defaults does not change a
// campaign already run; a nomination keeps the eligibility computed when it was made. A nominee is
// nominated once per campaign while its nomination stands (partial unique indexes); the quota per
// nominating organisation is checked under the campaign's row lock (HN-5).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table honour_campaign (
      id serial primary key,
      year integer not null,
      kind text not null,
      target text not null check (target in ('org', 'member')),
      title text not null,
      period_from date not null,
      period_to date not null,
      quota integer not null check (quota > 0),
      rules jsonb not null,
      publicity_days integer not null check (publicity_days > 0),
      objection_contact text not null,
      status text not null default 'draft' check (status in ('draft', 'nominating', 'reviewing', 'publicity', 'named', 'cancelled')),
      publicity_from date,
      publicity_until date,
      named_on date,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (period_to >= period_from)
    );
    create index honour_campaign_year on honour_campaign (year);

    create table honour_nomination (
      id serial primary key,
      campaign_id integer not null references honour_campaign(id),
      nominating_org_id integer not null references org(id),
      org_id integer references org(id),
      member_id integer references member(id),
      counts_for_org_id integer not null references org(id),
      deeds text not null,
      eligibility jsonb not null,
      eligible boolean not null,
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'rejected', 'withdrawn', 'named')),
      review_reason text,
      reviewed_by integer references app_user(id),
      reviewed_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      check ((org_id is null) <> (member_id is null))
    );
    create index honour_nomination_campaign on honour_nomination (campaign_id, nominating_org_id);
    create unique index honour_nomination_org_once on honour_nomination (campaign_id, org_id) where org_id is not null and status in ('submitted', 'approved', 'named');
    create unique index honour_nomination_member_once on honour_nomination (campaign_id, member_id) where member_id is not null and status in ('submitted', 'approved', 'named');
    create index honour_nomination_member on honour_nomination (member_id) where member_id is not null;
    create index honour_nomination_counts_for on honour_nomination (counts_for_org_id);

    create table honour_objection (
      id serial primary key,
      campaign_id integer not null references honour_campaign(id),
      nomination_id integer not null references honour_nomination(id),
      received_on date not null,
      channel text not null,
      from_whom text not null,
      content text not null,
      status text not null default 'open' check (status in ('open', 'answered')),
      outcome text check (outcome in ('dismissed', 'upheld')),
      answer text,
      answered_on date,
      answered_by integer references app_user(id),
      created_by integer references app_user(id),
      created_at timestamptz not null
    );
    create index honour_objection_campaign on honour_objection (campaign_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
