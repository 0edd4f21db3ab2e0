import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { DEFAULT_REQUIREMENTS, type ActivityType, type Frequency, type OrgType, type Requirement, type RequirementNeed, type RequirementSource } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

/** A committee (支部委员会) has at least 3 serving members (ZB-21); fewer is a secretary alone (ZB-22). Ids: docs/RULES.md. */
export const COMMITTEE_MIN = 3;

export type StoredRequirements = { stored: boolean; fromYear: number | null; items: Requirement[] };

function toRequirement(r: DB['compliance_requirement'] extends infer T ? { [K in keyof T]: any } : never): Requirement {
  return {
    key: r.key,
    label: r.label,
    activityType: r.activity_type as ActivityType,
    lecturerIsSecretary: r.lecturer_is_secretary || undefined,
    pairs: r.pairs || undefined,
    frequency: r.frequency as Frequency,
    minCount: r.min_count,
    appliesTo: r.applies_to as OrgType[],
    needs: (r.needs ?? undefined) as RequirementNeed | undefined,
    source: r.source as RequirementSource,
    rule: r.rule,
    note: r.note ?? undefined,
    enabled: r.enabled,
  };
}

/**
 * The requirement table of a year: its own rows once the committee has saved it, otherwise the
 * latest earlier year's, otherwise the national defaults. Reading never writes.
 */
export async function requirementsFor(db: Kysely<DB>, year: number): Promise<StoredRequirements> {
  const latest = await db.selectFrom('compliance_requirement').where('year', '<=', year).select((eb) => eb.fn.max('year').as('y')).executeTakeFirst();
  const from = latest?.y ? Number(latest.y) : null;
  if (from === null) return { stored: false, fromYear: null, items: DEFAULT_REQUIREMENTS };
  const rows = await db.selectFrom('compliance_requirement').where('year', '=', from).selectAll().orderBy('id').execute();
  return { stored: from === year, fromYear: from, items: rows.map(toRequirement) };
}

export async function replaceRequirements(db: Kysely<DB>, year: number, items: Requirement[]) {
  await db.deleteFrom('compliance_requirement').where('year', '=', year).execute();
  await db
    .insertInto('compliance_requirement')
    .values(
      items.map((r) => ({
        year,
        key: r.key,
        label: r.label,
        activity_type: r.activityType,
        lecturer_is_secretary: !!r.lecturerIsSecretary,
        pairs: !!r.pairs,
        frequency: r.frequency,
        min_count: r.minCount,
        applies_to: r.appliesTo,
        needs: r.needs ?? null,
        source: r.source,
        rule: r.rule,
        note: r.note ?? null,
        enabled: r.enabled,
      })),
    )
    .execute();
}

export type ComplianceOrgRow = {
  id: number;
  parent_id: number | null;
  path: string;
  name: string;
  type: string;
  founded_on: string | null;
  dissolved_on: string | null;
};

/**
 * The rows of a query as one json_agg value. The heatmap reads thousands of rows for a city; as a
 * single JSON document they arrive 2–3× faster on PGlite (whose per-row protocol handling in
 * JavaScript dominates) and no slower on PostgreSQL. Rows keep their column names and JSON types:
 * numbers, strings, dates as 'YYYY-MM-DD', arrays.
 */
async function jsonRows<T>(db: Kysely<DB>, query: SelectQueryBuilder<DB, any, any> | RawBuilder<unknown>): Promise<T[]> {
  const r = await sql<{ rows: T[] }>`select coalesce(json_agg(t), '[]'::json) as rows from (${query}) as t`.execute(db);
  return r.rows[0].rows;
}

/** Organisations in scope alive at some time in the year (founded by its end, not dissolved before its start). */
export async function orgsForYear(db: Kysely<DB>, scope: Scope, year: number): Promise<ComplianceOrgRow[]> {
  return jsonRows(
    db,
    db
      .selectFrom('org')
      .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
      .where((eb) => eb.or([eb('founded_on', 'is', null), eb('founded_on', '<=', `${year}-12-31`)]))
      .where((eb) => eb.or([eb('dissolved_on', 'is', null), eb('dissolved_on', '>=', `${year}-01-01`)]))
      .select(['id', 'parent_id', 'path', 'name', 'type', 'founded_on', 'dissolved_on']),
  );
}

/** Pre-aggregated monthly counts of approved activities (org_activity_year) for organisations in scope; only `keys` when given. */
export async function yearCounts(db: Kysely<DB>, scope: Scope, year: number, keys?: string[]): Promise<{ org_id: number; count_key: string; months: number[] }[]> {
  let q = db
    .selectFrom('org_activity_year as c')
    .innerJoin('org', 'org.id', 'c.org_id')
    .where('c.year', '=', year)
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')));
  if (keys) q = q.where('c.count_key', 'in', keys);
  return jsonRows(db, q.select(['c.org_id', 'c.count_key', 'c.months']));
}

/** Organisations with a serving committee today (≥3 members). */
export async function orgsWithCommittee(db: Kysely<DB>, scope: Scope, day: string): Promise<Set<number>> {
  const rows = await jsonRows<{ org_id: number }>(
    db,
    db
      .selectFrom('org_committee_member as c')
      .innerJoin('org', 'org.id', 'c.org_id')
      .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
      .where('c.started_on', '<=', day)
      .where((eb) => eb.or([eb('c.ended_on', 'is', null), eb('c.ended_on', '>', day)]))
      .groupBy('c.org_id')
      .having(sql`count(distinct c.member_id)`, '>=', COMMITTEE_MIN)
      .select('c.org_id'),
  );
  return new Set(rows.map((r) => r.org_id));
}

/**
 * 谈心谈话 pairs per branch (ZB-19 in docs/RULES.md, which notes this is narrower than the text):
 * required = the secretary with every other member, plus every
 * pair of the other committee members; covered = those pairs with an approved talk this year.
 * Members of a branch's 党小组 belong to the branch. "Both are committee members" is a hashed IN,
 * not a subquery per pair.
 */
export async function talkPairs(db: Kysely<DB>, scope: Scope, year: number, branchTypes: string[], day: string) {
  return jsonRows<{ org_id: number; required: number; covered: number }>(db, sql`
    with b as (
      select id from org
      where type in (${sql.join(branchTypes)}) and dissolved_on is null and ${orgPathInScope(scope, sql.ref('org.path'))}
    ),
    serving as (
      select c.org_id, c.member_id, c.post = 'secretary' as is_sec
      from org_committee_member c join b on b.id = c.org_id
      where c.started_on <= ${day} and (c.ended_on is null or c.ended_on > ${day})
    ),
    sec as (select org_id, min(member_id) as member_id from serving where is_sec group by org_id),
    others as (select org_id, count(distinct member_id)::int as k from serving where not is_sec group by org_id),
    roster as (
      select coalesce(case when o.type = 'party_group' then o.parent_id end, o.id) as org_id, count(*)::int as n
      from member m join org o on o.id = m.org_id
      where m.status = 'normal' and (o.type in (${sql.join(branchTypes)}) or o.type = 'party_group') and ${orgPathInScope(scope, sql.ref('o.path'))}
      group by 1
    ),
    covered as (
      select p.org_id, count(*)::int as n
      from (select distinct p.org_id, p.member_a, p.member_b from heart_talk_pair p join b on b.id = p.org_id where p.year = ${year}) p
      left join sec s on s.org_id = p.org_id
      where p.member_a = s.member_id or p.member_b = s.member_id
         or ((p.org_id, p.member_a) in (select org_id, member_id from serving where not is_sec)
             and (p.org_id, p.member_b) in (select org_id, member_id from serving where not is_sec))
      group by p.org_id
    )
    select b.id as org_id,
           (case when s.member_id is null then 0 else greatest(coalesce(r.n, 0) - 1, 0) end
             + coalesce(ot.k, 0) * (coalesce(ot.k, 0) - 1) / 2)::int as required,
           coalesce(c.n, 0) as covered
    from b
    left join sec s on s.org_id = b.id
    left join others ot on ot.org_id = b.id
    left join roster r on r.org_id = b.id
    left join covered c on c.org_id = b.id
  `);
}
