import { sql, type Kysely } from 'kysely';

// 述职评议 (issue 11 item 5): a campaign per year with its grade scale and reviewer groups (weights
// summing to 1), reviewers (accounts, one group each), reporters (one per organisation), their
// reports, the reviewers' comments (「一述一评」) and the ballots — exactly one per reviewer and
// reporter, enforced here by a unique constraint. A comment that became a list item keeps the
// item's id (the next year's report shows its rectification). list_item.source has no check
// constraint, so the new source 'review' needs none.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table review_campaign (
      id serial primary key,
      year integer not null unique,
      name text not null,
      status text not null default 'draft' check (status in ('draft', 'open', 'voting', 'closed')),
      scale jsonb not null,
      meeting_on date,
      meeting_place text,
      closed_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table review_group (
      campaign_id integer not null references review_campaign(id) on delete cascade,
      key text not null,
      name text not null,
      weight double precision not null check (weight > 0 and weight <= 1),
      seq integer not null,
      primary key (campaign_id, key)
    );

    create table review_reviewer (
      campaign_id integer not null references review_campaign(id) on delete cascade,
      user_id integer not null references app_user(id),
      group_key text not null,
      primary key (campaign_id, user_id),
      foreign key (campaign_id, group_key) references review_group(campaign_id, key)
    );
    create index review_reviewer_by_user on review_reviewer (user_id);

    create table review_reporter (
      id serial primary key,
      campaign_id integer not null references review_campaign(id) on delete cascade,
      org_id integer not null references org(id),
      secretary_name text,
      seq integer not null,
      report_text text,
      report_file_key text,
      report_file_name text,
      report_content_type text,
      report_size integer,
      report_file_at timestamptz,
      report_updated_at timestamptz,
      unique (campaign_id, org_id)
    );
    create index review_reporter_by_org on review_reporter (org_id);

    create table review_comment (
      id serial primary key,
      campaign_id integer not null references review_campaign(id) on delete cascade,
      reporter_id integer not null references review_reporter(id) on delete cascade,
      reviewer_id integer not null references app_user(id),
      text text not null,
      problem boolean not null default false,
      list_item_id integer references list_item(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (reporter_id, reviewer_id)
    );

    create table review_ballot (
      id serial primary key,
      campaign_id integer not null references review_campaign(id) on delete cascade,
      reporter_id integer not null references review_reporter(id) on delete cascade,
      reviewer_id integer not null references app_user(id),
      grade text not null,
      cast_at timestamptz not null,
      constraint review_ballot_once unique (reporter_id, reviewer_id)
    );
    create index review_ballot_by_campaign on review_ballot (campaign_id, reviewer_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
