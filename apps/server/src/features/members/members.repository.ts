import { sql, type Kysely } from 'kysely';
import type { MemberListQuery } from '@xianfeng/shared';
import type { DB, NewMember } from '../../db/schema.ts';
import { memberInScope, type Scope } from '../../access/scope.ts';

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

function filtered(db: Kysely<DB>, scope: Scope, q: MemberListQuery & { orgPath?: string }, asOf: string) {
  let query = db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .where((eb) => memberInScope(scope, eb, 'member.id', 'org.path'));
  if (q.orgPath) query = query.where('org.path', 'like', `${q.orgPath}%`);
  if (q.name) query = query.where('member.name', 'like', `%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (q.status) query = query.where('member.status', '=', q.status);
  if (q.category) query = query.where('member.category', '=', q.category);
  if (q.rank) query = query.where('member.rank', '=', q.rank);
  if (q.joinFrom) query = query.where('member.join_date', '>=', q.joinFrom);
  if (q.joinTo) query = query.where('member.join_date', '<=', q.joinTo);
  const { bornOnOrBefore, bornAfter } = birthBounds(asOf, q.ageMin, q.ageMax);
  if (bornOnOrBefore) query = query.where('member.birth_date', '<=', bornOnOrBefore);
  if (bornAfter) query = query.where('member.birth_date', '>', bornAfter);
  return query;
}

export async function listMembers(db: Kysely<DB>, scope: Scope, q: MemberListQuery & { orgPath?: string }, asOf: string, paging: { limit: number; offset: number }) {
  const base = filtered(db, scope, q, asOf);
  const rows = await base
    .select(listColumns)
    .orderBy(SORT_COLUMNS[q.sort], q.order)
    .orderBy('member.id', q.order)
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
  return rows;
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
