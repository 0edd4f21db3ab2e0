import { sql, type Kysely } from 'kysely';
import type { SchemeContent, SchemeStatus } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { SCORER_ROLES, type SchemeReader } from '../../access/assessment-policy.ts';

type Db = Kysely<DB>;

const columns = [
  's.id',
  's.year',
  's.version',
  's.status',
  's.content',
  's.based_on_id',
  's.created_at',
  's.updated_at',
  's.published_at',
  'cu.display_name as created_by_name',
  'pu.display_name as published_by_name',
  'b.year as based_on_year',
  'b.version as based_on_version',
] as const;

function base(db: Db) {
  return db
    .selectFrom('assessment_scheme as s')
    .leftJoin('app_user as cu', 'cu.id', 's.created_by')
    .leftJoin('app_user as pu', 'pu.id', 's.published_by')
    .leftJoin('assessment_scheme as b', 'b.id', 's.based_on_id')
    .select(columns);
}
export type SchemeRow = Awaited<ReturnType<typeof findScheme>> & {};

/** The versions of a year the reader may see, newest first. */
export function versionsOf(db: Db, reader: SchemeReader, year: number) {
  let q = base(db).where('s.year', '=', year);
  if (!reader.drafts) q = q.where('s.status', '!=', 'draft');
  return q.orderBy('s.version', 'desc').execute();
}

export function findScheme(db: Db, reader: SchemeReader, id: number) {
  let q = base(db).where('s.id', '=', id);
  if (!reader.drafts) q = q.where('s.status', '!=', 'draft');
  return q.executeTakeFirst();
}

/** The row locked for a transition (inside the transaction). */
export function lockScheme(trx: Db, id: number) {
  return trx.selectFrom('assessment_scheme').select(['id', 'year', 'version', 'status', 'content']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function yearHasVersions(db: Db, year: number) {
  return !!(await db.selectFrom('assessment_scheme').select('id').where('year', '=', year).limit(1).executeTakeFirst());
}

export function draftOf(db: Db, year: number) {
  return db.selectFrom('assessment_scheme').select(['id', 'version']).where('year', '=', year).where('status', '=', 'draft').executeTakeFirst();
}

export function publishedOf(db: Db, year: number) {
  return db.selectFrom('assessment_scheme').select(['id', 'version']).where('year', '=', year).where('status', '=', 'published').forUpdate().executeTakeFirst();
}

/** The latest published scheme of the last year before `year` that has one (the copy's source). */
export function latestPublishedBefore(db: Db, year: number) {
  return db
    .selectFrom('assessment_scheme')
    .select(['id', 'year', 'version', 'content'])
    .where('year', '<', year)
    .where('status', 'in', ['published', 'superseded'])
    .orderBy('year', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function nextVersion(db: Db, year: number) {
  const r = await db.selectFrom('assessment_scheme').select((eb) => eb.fn.max('version').as('v')).where('year', '=', year).executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}

/** Inserts a draft; undefined when the year already has a draft or that version (a race lost). */
export async function insertDraft(db: Db, v: { year: number; version: number; content: SchemeContent; basedOnId: number | null; userId: number | null; now: Date }) {
  const row = await db
    .insertInto('assessment_scheme')
    .values({ year: v.year, version: v.version, status: 'draft' as SchemeStatus, content: JSON.stringify(v.content), based_on_id: v.basedOnId, created_by: v.userId, created_at: v.now, updated_at: v.now })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The committee-level accounts (AS-12), or those of `ids` that are. */
export function scorerAccounts(db: Db, ids?: number[]) {
  let q = db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.disabled', '=', false)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grant as g')
          .innerJoin('org as o', 'o.id', 'g.org_id')
          .select(sql`1`.as('one'))
          .whereRef('g.user_id', '=', 'u.id')
          .where('o.parent_id', 'is', null)
          .where('g.role', 'in', [...SCORER_ROLES]),
      ),
    );
  if (ids) q = q.where('u.id', 'in', ids.length ? ids : [0]);
  return q.orderBy('u.id').execute();
}

export function accountNames(db: Db, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('app_user').select(['id', 'display_name', 'username']).where('id', 'in', ids).orderBy('id').execute();
}
