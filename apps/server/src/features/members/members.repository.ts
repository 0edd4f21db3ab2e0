import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { MemberListQuery } from '@xianfeng/shared';
import type { DB, NewMember } from '../../db/schema.ts';
import { inSubtree, memberInScope, orgPathInScopeAny, type Scope } from '../../access/scope.ts';
import { containsPattern } from '../../db/sql-text.ts';
import { prepared } from '../../db/prepared-statements.ts';

const listColumns = [
  'member.id',
  'member.org_id',
  'org.name as org_name',
  'member.name',
  'member.gender',
  'member.ethnicity',
  'member.id_number_masked',
  'member.birth_date',
  'member.education',
  'member.category',
  'member.join_date',
  'member.full_date',
  'member.job_post',
  'member.phone_masked',
  'member.status',
  'member.rank',
  'member.party_post',
  'member.cadre_type',
  'member.lost_contact',
  'member.lost_contact_date',
  'member.flowing',
  'member.flow_to',
  'member.hardship',
  'member.retired',
] as const;

const SORT_COLUMNS = { name: 'member.name', joinDate: 'member.join_date', birthDate: 'member.birth_date', orgName: 'org.name' } as const;

/** Birth-date bounds for an age range on a given day: age ≥ min ⇔ born on or before asOf − min years. */
export function birthBounds(asOf: string, ageMin?: number, ageMax?: number) {
  const [y, m, d] = asOf.split('-');
  const shift = (years: number) => `${String(Number(y) - years).padStart(4, '0')}-${m}-${m === '02' && d === '29' ? '28' : d}`;
  return {
    bornOnOrBefore: ageMin !== undefined ? shift(ageMin) : undefined,
    // age ≤ max ⇔ born after asOf − (max + 1) years
    bornAfter: ageMax !== undefined ? shift(ageMax + 1) : undefined,
  };
}

/** The filters on the member's own columns (name, status, category, rank, dates, age). */
function memberConditions(eb: ExpressionBuilder<DB, 'member'>, q: MemberListQuery, asOf: string) {
  const conditions: Expression<SqlBool>[] = [];
  if (q.name) conditions.push(eb('member.name', 'like', containsPattern(q.name)));
  if (q.status) conditions.push(eb('member.status', '=', q.status));
  if (q.category) conditions.push(eb('member.category', '=', q.category));
  if (q.rank) conditions.push(eb('member.rank', '=', q.rank));
  if (q.joinFrom) conditions.push(eb('member.join_date', '>=', q.joinFrom));
  if (q.joinTo) conditions.push(eb('member.join_date', '<=', q.joinTo));
  const { bornOnOrBefore, bornAfter } = birthBounds(asOf, q.ageMin, q.ageMax);
  if (bornOnOrBefore) conditions.push(eb('member.birth_date', '<=', bornOnOrBefore));
  if (bornAfter) conditions.push(eb('member.birth_date', '>', bornAfter));
  return eb.and(conditions);
}

function filtered(db: Kysely<DB>, scope: Scope, q: MemberListQuery & { orgPath?: string }, asOf: string) {
  let query = db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .where((eb) => memberInScope(scope, eb, 'member.id', 'org.path'))
    .where((eb) => memberConditions(eb as unknown as ExpressionBuilder<DB, 'member'>, q, asOf));
  if (q.orgPath) query = query.where(inSubtree(sql.ref('org.path'), q.orgPath));
  return query;
}

/**
 * Below this many matches a page is cut from the sorted matches; above it, from a walk of the
 * (name, id) index. The planner cannot tell the two apart for a 党支部 under a large 机关党委 (a
 * path prefix's share is estimated from a 100-bucket histogram): it walked 50,000 index entries to
 * find a branch's 20 members. The caller knows the count, so the query's shape says which plan.
 */
export const SORT_MATCHES_BELOW = 2000;

export async function listMembers(
  db: Kysely<DB>,
  scope: Scope,
  q: MemberListQuery & { orgPath?: string },
  asOf: string,
  paging: { limit: number; offset: number; matches?: number },
) {
  if (paging.matches !== undefined && paging.matches < SORT_MATCHES_BELOW) {
    return sortedPage(db, filteredRows(db, scope, q, asOf), q, paging).execute();
  }
  return filtered(db, scope, q, asOf)
    .select(listColumns)
    .orderBy(SORT_COLUMNS[q.sort], q.order)
    .orderBy('member.id', q.order)
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

/**
 * A page among few matches in known organisations (a branch, a unit): the matches by organisation
 * id, sorted. With ids rather than a path prefix the statement's plan does not depend on the
 * values, so it is prepared once per connection and reused for every branch.
 */
// The shapes whose organisations come from memory check the caller's scope once more in SQL
// (orgPathInScopeAny): if the in-memory tree were ever stale, a page could come out shorter, never
// with a member outside the scope — written so that a prepared plan stays a few key lookups.

export function pageInOrgs(db: Kysely<DB>, scope: Scope, orgIds: number[], q: MemberListQuery, asOf: string, paging: { limit: number; offset: number }) {
  // The organisation's name by a lookup per match, not a join: a generic plan does not know how
  // many ids come and would hash-join the whole org table (0.5–1 ms) for a branch of 20.
  const matches = db
    .selectFrom('member')
    .select(listColumns.filter((c) => c !== 'org.name as org_name') as Exclude<(typeof listColumns)[number], 'org.name as org_name'>[])
    .select((eb) => eb.selectFrom('org').select('org.name').whereRef('org.id', '=', 'member.org_id').$asScalar().$notNull().as('org_name'))
    // The ids, each checked against the scope once (an InitPlan), then the members by organisation.
    .where('member.org_id', '=', sql<number>`any(array(select o.id from org o where o.id = any(${orgIds}::int[]) and ${orgPathInScopeAny(scope, sql.ref('o.path'))}))`)
    .where((eb) => memberConditions(eb, q, asOf));
  // Same columns as the joined rows, so the same page and row type.
  return prepared(sortedPage(db, matches as unknown as ReturnType<typeof filteredRows>, q, paging)).execute();
}

/** The matches fetched whole, then sorted and cut: a materialised CTE is a fence the planner keeps. */
function sortedPage(db: Kysely<DB>, matches: ReturnType<typeof filteredRows>, q: MemberListQuery, paging: { limit: number; offset: number }) {
  const alias = { name: 'name', joinDate: 'join_date', birthDate: 'birth_date', orgName: 'org_name' } as const;
  return db
    .with((w) => w('matched').materialized(), () => matches)
    .selectFrom('matched')
    .selectAll()
    .orderBy(alias[q.sort], q.order)
    .orderBy('id', q.order)
    .limit(paging.limit)
    .offset(paging.offset);
}
const filteredRows = (db: Kysely<DB>, scope: Scope, q: MemberListQuery & { orgPath?: string }, asOf: string) => filtered(db, scope, q, asOf).select(listColumns);

/**
 * A page of the whole city, for a caller whose scope holds every organisation: the page's ids come
 * from the (name, id) or (join_date, id) index alone, without checking each skipped member's
 * organisation (page 50 walks 1,000 members), and only the twenty rows found are joined.
 */
export function wholeCityPage(db: Kysely<DB>, scope: Scope, q: MemberListQuery & { sort: 'name' | 'joinDate' | 'birthDate' }, asOf: string, paging: { limit: number; offset: number }) {
  const pageIds = db
    .selectFrom('member')
    .select('member.id')
    .where((eb) => memberConditions(eb, q, asOf))
    .orderBy(SORT_COLUMNS[q.sort] as 'member.name', q.order)
    .orderBy('member.id', q.order)
    .limit(paging.limit)
    .offset(paging.offset);
  return prepared(
    db
      .selectFrom('member')
      .innerJoin('org', 'org.id', 'member.org_id')
      .select(listColumns)
      // any(array(…)) rather than in (…): the generic plan then looks up twenty ids by key instead
      // of hash-joining the whole table (PostgreSQL does not know the limit of a prepared statement).
      .where('member.id', '=', sql<number>`any(array(${pageIds}))`)
      .where(orgPathInScopeAny(scope, sql.ref('org.path')))
      .orderBy(SORT_COLUMNS[q.sort], q.order)
      .orderBy('member.id', q.order),
  ).execute();
}

export async function countMembers(db: Kysely<DB>, scope: Scope, q: MemberListQuery & { orgPath?: string }, asOf: string) {
  const r = await filtered(db, scope, q, asOf).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

export type MemberListRow = Awaited<ReturnType<typeof listMembers>>[number];

export function findMember(db: Kysely<DB>, scope: Scope, id: number) {
  return db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .select([...listColumns, 'org.path as org_path', 'member.id_number_enc', 'member.phone_enc', 'member.address_enc', 'member.updated_at'])
    .where('member.id', '=', id)
    .where((eb) => memberInScope(scope, eb, 'member.id', 'org.path'))
    .executeTakeFirst();
}
export type MemberRecord = NonNullable<Awaited<ReturnType<typeof findMember>>>;

/** The member row locked for the rest of the transaction (status changes serialise on it). */
export function lockMember(db: Kysely<DB>, scope: Scope, id: number) {
  return db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .select(['member.id', 'member.status', 'member.org_id', 'org.path as org_path'])
    .where('member.id', '=', id)
    .where((eb) => memberInScope(scope, eb, 'member.id', 'org.path'))
    .forUpdate('member')
    .executeTakeFirst();
}

export function findMemberIdByIdHash(db: Kysely<DB>, hmac: string) {
  return db.selectFrom('member').select(['id', 'org_id']).where('id_number_hmac', '=', hmac).executeTakeFirst();
}

export async function insertMember(db: Kysely<DB>, values: NewMember) {
  const { id } = await db.insertInto('member').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateMember(db: Kysely<DB>, id: number, values: Partial<NewMember>) {
  await db.updateTable('member').set(values).where('id', '=', id).execute();
}

export function statusHistory(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('member_status_history')
    .select(['id', 'from_status', 'to_status', 'changed_on', 'reason'])
    .where('member_id', '=', memberId)
    .orderBy('changed_on')
    .orderBy('id')
    .execute();
}

export function orgHistory(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('member_org_history as h')
    .leftJoin('org as f', 'f.id', 'h.from_org_id')
    .innerJoin('org as t', 't.id', 'h.to_org_id')
    .select(['h.id', 'h.moved_on', 'h.reason', 'f.name as from_org_name', 't.name as to_org_name'])
    .where('h.member_id', '=', memberId)
    .orderBy('h.moved_on')
    .orderBy('h.id')
    .execute();
}
