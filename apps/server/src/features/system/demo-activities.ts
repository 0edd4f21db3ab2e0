import { sql, type Kysely } from 'kysely';
import { BRANCH_TYPES, localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { prng } from './demo-city.ts';
import { BranchLife, type ActivityDensity, type Branch } from './demo-branch-life.ts';
import { countApprovedActivities, recordReviews, Writer } from './demo-activity-writer.ts';

export { DEMO_ACTIVITIES, type ActivityDensity } from './demo-branch-life.ts';

/**
 * Two years of organisational life for a generated city (from 1 January of last year up to the
 * Beijing day of the clock, plus plans for the coming two weeks): 三会一课, 主题党日, 组织生活会 and
 * 民主评议, 谈心谈话, 书记讲党课, with attendance. Deterministic for a seed and a day. Some branches
 * fall short (missed months, a skipped quarter or 组织生活会, talks not all held); the last weeks
 * are still in review. Rows go in with multi-row inserts (unnest of column arrays); the
 * pre-aggregates (org_activity_year, heart_talk_pair) are then computed in SQL from the rows, by
 * the same definitions approving through the service applies (countByMonth, recordTalkPairs).
 */
async function loadCity(db: Kysely<DB>): Promise<Branch[]> {
  const [orgs, members, committee] = await Promise.all([
    db.selectFrom('org').select(['id', 'parent_id', 'name', 'type', 'founded_on', 'dissolved_on']).orderBy('id').execute(),
    db.selectFrom('member').where('status', '=', 'normal').select(['id', 'org_id', 'name', 'category', 'join_date', 'full_date', 'rank']).orderBy('id').execute(),
    db.selectFrom('org_committee_member').select(['org_id', 'member_id', 'post', 'started_on', 'ended_on']).orderBy('id').execute(),
  ]);
  const branches = new Map<number, Branch>();
  for (const o of orgs) {
    if (BRANCH_TYPES.includes(o.type as never) && !o.dissolved_on) {
      branches.set(o.id, { id: o.id, name: o.name, foundedOn: o.founded_on, dissolvedOn: o.dissolved_on, roster: [], groups: [], committee: [] });
    }
  }
  const groupOf = new Map<number, Branch['groups'][number]>();
  for (const o of orgs) {
    const parent = o.parent_id === null ? undefined : branches.get(o.parent_id);
    if (o.type === 'party_group' && !o.dissolved_on && parent) {
      const g = { id: o.id, name: o.name, members: [] };
      parent.groups.push(g);
      groupOf.set(o.id, g);
    }
  }
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  for (const m of members) {
    // The branch a member belongs to: their organisation or the nearest branch above it.
    let o = orgById.get(m.org_id);
    while (o && !branches.has(o.id)) o = o.parent_id === null ? undefined : orgById.get(o.parent_id);
    if (!o) continue;
    branches.get(o.id)!.roster.push(m);
    groupOf.get(m.org_id)?.members.push(m);
  }
  for (const c of committee) branches.get(c.org_id)?.committee.push(c);
  return [...branches.values()].filter((b) => b.roster.length > 0);
}

/** Generates and writes the city's organisational life; returns how many activities and attendance rows. */
export async function seedActivities(db: Kysely<DB>, opts: { seed: number; now: Date; density: ActivityDensity }) {
  const today = localDate(opts.now);
  const branches = await loadCity(db);
  const { max } = await db.selectFrom('activity').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
  const fromId = Number(max ?? 0) + 1;
  const w = new Writer(db, fromId);
  for (const [i, b] of branches.entries()) await new BranchLife(prng(opts.seed * 13 + i), b, w, opts.density, opts.now.getTime(), today).generate();
  await w.flush();
  if (w.nextId > fromId) await sql`select setval(pg_get_serial_sequence('activity', 'id'), ${w.nextId - 1})`.execute(db);
  await recordReviews(db, fromId);
  await countApprovedActivities(db, fromId);
  return w.totals;
}

