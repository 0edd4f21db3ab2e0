import { sql, type Kysely } from 'kysely';

// 考核方案 (issue 11 item 1): one row per version of a year's scheme. The content (indicator tree,
// vetoes, bands, rules, the 「2+1-1」 formula) is one JSON document, validated by the shared
// contract; its nodes carry stable keys that later slices (scores, explanations) refer to.
// A year has at most one draft (a second revise loses on the unique index) and at most one
// published version; a published version is never edited — publishing a revision supersedes it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table assessment_scheme (
      id serial primary key,
      year integer not null check (year between 2000 and 2100),
      version integer not null check (version > 0),
      status text not null default 'draft' check (status in ('draft', 'published', 'superseded')),
      content jsonb not null,
      based_on_id integer references assessment_scheme(id),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      published_by integer references app_user(id),
      published_at timestamptz,
      unique (year, version),
      check ((status = 'draft') = (published_at is null))
    );
    create unique index assessment_scheme_one_draft on assessment_scheme (year) where status = 'draft';
    create unique index assessment_scheme_one_published on assessment_scheme (year) where status = 'published';
  `.execute(db);
}

export async function down(): Promise<void> {}
