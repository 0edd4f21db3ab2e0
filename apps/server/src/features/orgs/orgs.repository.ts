import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { OrgType } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { inSubtree, orgPathInScope, type Scope } from '../../access/scope.ts';

const orgColumns = [
  'org.id',
  'org.parent_id',
  'org.path',
  'org.depth',
  'org.name',
  'org.type',
  'org.unit_id',
  'org.founded_on',
  'org.go_live_on',
  'org.dissolved_on',
  'org.term_start',
  'org.term_end',
  'org.contact',
  'org.contact_phone',
] as const;

export async function listOrgs(db: Kysely<DB>, scope: Scope, includeDissolved: boolean) {
  let q = db
    .selectFrom('org')
    .leftJoin('unit', 'unit.id', 'org.unit_id')
    .select([...orgColumns, 'unit.name as unit_name'])
    .select((eb) => directMemberCount(eb as never))
    .where(orgPathInScope(scope, sql.ref('org.path')));
  if (!includeDissolved) q = q.where('org.dissolved_on', 'is', null);
  return q.orderBy('org.depth').orderBy('org.id').execute();
}

const directMemberCount = (eb: ExpressionBuilder<DB & { unit: DB['unit'] }, 'org'>) =>
  eb
    .selectFrom('member')
    .whereRef('member.org_id', '=', 'org.id')
    .where('member.status', '=', 'normal')
    .select(sql<number>`count(*)::int`.as('n'))
    .as('member_count');

export function findOrg(db: Kysely<DB>, scope: Scope, id: number) {
  return db
    .selectFrom('org')
    .leftJoin('unit', 'unit.id', 'org.unit_id')
    .select([...orgColumns, 'unit.name as unit_name'])
    .select((eb) => directMemberCount(eb as never))
    .where('org.id', '=', id)
    .where(orgPathInScope(scope, sql.ref('org.path')))
    .executeTakeFirst();
}

export type OrgRecord = NonNullable<Awaited<ReturnType<typeof findOrg>>>;

/**
 * Counts the size rules need: members and 正式党员 of the whole subtree (a 党支部's members include
 * those kept in its 党小组) and the serving committee.
 */
export async function orgFacts(db: Kysely<DB>, org: { id: number; path: string }, asOf: string) {
  const counts = await db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .select([sql<number>`count(*)::int`.as('members'), sql<number>`count(*) filter (where member.category = 'full')::int`.as('full_members')])
    .where(inSubtree(sql.ref('org.path'), org.path))
    .where('member.status', '=', 'normal')
    .executeTakeFirstOrThrow();
  const committee = await db
    .selectFrom('org_committee_member')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', org.id)
    .where('started_on', '<=', asOf)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', asOf)]))
    .executeTakeFirstOrThrow();
  return { members: counts.members, fullMembers: counts.full_members, subtreeMembers: counts.members, committeeSize: committee.n };
}

export async function insertOrg(
  db: Kysely<DB>,
  values: { parent: { id: number; path: string; depth: number }; name: string; type: string; unitId: number | null; foundedOn: string | null; goLiveOn?: string | null; termStart: string | null; termEnd: string | null; contact: string | null; contactPhone: string | null; now: Date },
) {
  const { id } = await db
    .insertInto('org')
    .values({
      parent_id: values.parent.id,
      // A unique placeholder until the id is known; replaced in the same transaction.
      path: `${values.parent.path}new-${Math.random()}/`,
      depth: values.parent.depth + 1,
      name: values.name,
      type: values.type,
      unit_id: values.unitId,
      founded_on: values.foundedOn,
      go_live_on: values.goLiveOn ?? null,
      term_start: values.termStart,
      term_end: values.termEnd,
      contact: values.contact,
      contact_phone: values.contactPhone,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('org').set({ path: `${values.parent.path}${id}/` }).where('id', '=', id).execute();
  return id;
}

export async function insertRootOrg(db: Kysely<DB>, name: string, type: string, now: Date) {
  const { id } = await db
    .insertInto('org')
    .values({ parent_id: null, path: `/new-${Math.random()}/`, depth: 0, name, type, unit_id: null, founded_on: null, go_live_on: null, term_start: null, term_end: null, contact: null, contact_phone: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('org').set({ path: `/${id}/` }).where('id', '=', id).execute();
  return id;
}

export async function updateOrg(db: Kysely<DB>, id: number, set: Record<string, unknown>, now: Date) {
  await db.updateTable('org').set({ ...set, updated_at: now }).where('id', '=', id).execute();
}

/** Re-roots a whole subtree under a new parent: one UPDATE on the path prefix. */
export async function moveSubtree(db: Kysely<DB>, org: { id: number; path: string; depth: number }, newParent: { id: number; path: string; depth: number }, now: Date) {
  const newPath = `${newParent.path}${org.id}/`;
  const depthDelta = newParent.depth + 1 - org.depth;
  await db
    .updateTable('org')
    .set({
      path: sql`${newPath} || substr(path, ${org.path.length + 1})`,
      depth: sql`depth + ${depthDelta}`,
      updated_at: now,
    })
    .where(inSubtree(sql.ref('path'), org.path))
    .execute();
  await db.updateTable('org').set({ parent_id: newParent.id }).where('id', '=', org.id).execute();
}

export async function countActiveChildren(db: Kysely<DB>, orgId: number) {
  const r = await db
    .selectFrom('org')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', orgId)
    .where('dissolved_on', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** The organisation's children that are not dissolved, with their types. */
export async function activeChildren(db: Kysely<DB>, orgId: number) {
  const rows = await db.selectFrom('org').select(['id', 'type']).where('parent_id', '=', orgId).where('dissolved_on', 'is', null).execute();
  return rows.map((r) => ({ id: r.id, type: r.type as OrgType }));
}

export function activeMemberIds(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('member')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', 'in', ['normal', 'suspended'])
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

export async function moveMembers(db: Kysely<DB>, memberIds: number[], fromOrgId: number, toOrgId: number, movedOn: string, reason: string, now: Date) {
  if (!memberIds.length) return;
  await db.updateTable('member').set({ org_id: toOrgId, updated_at: now }).where('id', 'in', memberIds).execute();
  await db
    .insertInto('member_org_history')
    .values(memberIds.map((id) => ({ member_id: id, from_org_id: fromOrgId, to_org_id: toOrgId, moved_on: movedOn, reason, created_at: now })))
    .execute();
}

export function listCommittee(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('org_committee_member as c')
    .innerJoin('member as m', 'm.id', 'c.member_id')
    .select(['c.id', 'c.member_id', 'm.name as member_name', 'c.post', 'c.started_on', 'c.ended_on'])
    .where('c.org_id', '=', orgId)
    .orderBy('c.ended_on', 'desc')
    .orderBy('c.id')
    .execute();
}

export function findCommitteeMember(db: Kysely<DB>, orgId: number, id: number) {
  return db.selectFrom('org_committee_member').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function listUnits(db: Kysely<DB>) {
  return db.selectFrom('unit').select(['id', 'name', 'type', 'credit_code']).orderBy('id').execute();
}
