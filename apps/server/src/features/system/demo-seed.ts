import { BRANCH_TYPES, localDate } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import { insertOrg, insertRootOrg, setCityGoLive } from '../orgs/index.ts';
import { memberColumns } from '../members/index.ts';
import { planCity, plannedMember, prng } from './demo-city.ts';
import { DEMO_ACTIVITIES, seedActivities, type ActivityDensity } from './demo-activities.ts';

/** activities: two years of organisational life (demo-activities.ts) at that density; absent = none. */
export type CitySize = { units: number; branchesPerUnit: number; members: number; seed?: number; activities?: ActivityDensity };
export const DEMO_CITY: CitySize = { units: 20, branchesPerUnit: 5, members: 2400, activities: DEMO_ACTIVITIES };
// Scaled to ~200,000 activities and ~3,000,000 attendance rows over the two years (docs/benchmarks.md).
export const BENCH_CITY: CitySize = { units: 300, branchesPerUnit: 10, members: 60_000, activities: { talkShare: 0.1, studyShare: 0.5, lectureShare: 0.4 } };

type Placed = { id: number; path: string; depth: number; type: string };

/** Writes a generated city (units, tree, members, committees) in one transaction. */
export async function seedCity(deps: AppDeps, ctx: SystemContext, size: CitySize) {
  const asOf = localDate(ctx.now);
  const seed = size.seed ?? 20261123;
  const plan = planCity({ units: size.units, branchesPerUnit: size.branchesPerUnit, seed, asOfYear: Number(asOf.slice(0, 4)) });
  const rng = prng(seed + 1);
  return deps.db.transaction().execute(async (trx) => {
    const unitIds: number[] = [];
    for (const u of plan.units) {
      const { id } = await trx.insertInto('unit').values({ name: u.name, type: u.type, credit_code: null, created_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
      unitIds.push(id);
    }
    const placed = new Map<string, Placed>();
    for (const o of plan.orgs) {
      const parent = o.parentKey ? placed.get(o.parentKey)! : null;
      const id = parent
        ? await insertOrg(trx, { parent, name: o.name, type: o.type, unitId: o.unitIndex === null ? null : unitIds[o.unitIndex], foundedOn: '2015-01-01', termStart: o.termStart ?? null, termEnd: o.termEnd ?? null, contact: null, contactPhone: null, now: ctx.now })
        : await insertRootOrg(trx, o.name, o.type, ctx.now);
      placed.set(o.key, { id, path: parent ? `${parent.path}${id}/` : `/${id}/`, depth: parent ? parent.depth + 1 : 0, type: o.type });
    }
    // Members are spread evenly over the branches; where a branch has 党小组, most sit in one of them.
    const homes = [...placed.entries()].filter(([, p]) => BRANCH_TYPES.includes(p.type as never));
    const groupsOf = new Map<string, Placed[]>();
    for (const o of plan.orgs) if (o.type === 'party_group') groupsOf.set(o.parentKey!, [...(groupsOf.get(o.parentKey!) ?? []), placed.get(o.key)!]);
    const columns = [];
    const usedIds = new Set<string>();
    for (let i = 0; i < size.members; i++) {
      const [branchKey, branch] = homes[Math.floor(rng.next() * homes.length)];
      const groups = groupsOf.get(branchKey);
      const home = groups && rng.chance(0.8) ? groups[Math.floor(rng.next() * groups.length)] : branch;
      let person = plannedMember(rng, home.id, asOf, home.type === 'retired_branch', i);
      // Random ID numbers can collide at city scale; draw again until unique.
      while (usedIds.has(person.idNumber)) person = plannedMember(rng, home.id, asOf, home.type === 'retired_branch', i);
      usedIds.add(person.idNumber);
      columns.push({ ...memberColumns(person, deps.cipher, ctx.now), created_at: ctx.now });
    }
    const memberIds: number[] = [];
    for (let i = 0; i < columns.length; i += 1000) {
      const rows = await trx.insertInto('member').values(columns.slice(i, i + 1000)).returning(['id']).execute();
      memberIds.push(...rows.map((r) => r.id));
    }
    await seedCommittees(trx, rng, [...placed.values()], asOf, ctx.now);
    // The demo city has used the platform since its two years of activities began (GO-1).
    await setCityGoLive(trx, `${Number(asOf.slice(0, 4)) - 1}-01-01`);
    const life = size.activities && memberIds.length ? await seedActivities(trx, { seed, now: ctx.now, density: size.activities }) : { activities: 0, attendance: 0 };
    await audit(trx, ctx, { action: 'system.seed_city', entityType: 'system', after: { units: unitIds.length, orgs: placed.size, members: memberIds.length, ...life } });
    return { rootId: placed.get('root')!.id, firstUnitCommitteeId: placed.get('u0')!.id, firstBranchId: placed.get('u0b0')!.id, orgs: placed.size, members: memberIds.length, ...life };
  });
}

/**
 * Committees elected before the two years of demo activities: branches with 7+ 正式党员 get a
 * 支部委员会 of 3–5 (书记 and 2–4 委员, ZB-21), smaller ones a secretary alone (ZB-22; ids in docs/RULES.md). The longest
 * serving 正式党员 of the higher ranks are chosen.
 */
async function seedCommittees(trx: AppDeps['db'], rng: ReturnType<typeof prng>, orgs: Placed[], asOf: string, now: Date) {
  const POSTS = ['secretary', 'organization', 'propaganda', 'discipline', 'deputy_secretary'];
  const RANK = ['bureau', 'county', 'section', 'staff', 'none'];
  const members = await trx.selectFrom('member').innerJoin('org', 'org.id', 'member.org_id').select(['member.id', 'member.category', 'member.join_date', 'member.rank', 'org.path']).orderBy('member.id').execute();
  const below = new Map<string, typeof members>();
  for (const m of members) {
    for (let i = m.path.indexOf('/', 1); i > 0; i = m.path.indexOf('/', i + 1)) {
      const prefix = m.path.slice(0, i + 1);
      (below.get(prefix) ?? below.set(prefix, []).get(prefix)!).push(m);
    }
  }
  const lastYear = Number(asOf.slice(0, 4)) - 1;
  const rows: { org_id: number; member_id: number; post: string; started_on: string; ended_on: null; created_at: Date }[] = [];
  const secretaries: number[] = [];
  for (const org of orgs.filter((o) => BRANCH_TYPES.includes(o.type as never))) {
    const full = (below.get(org.path) ?? []).filter((m) => m.category === 'full');
    if (!full.length) continue;
    const size = full.length >= 7 ? rng.int(3, 5) : 1;
    const startedOn = `${lastYear - rng.int(1, 2)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`;
    const senior = [...full].sort((a, b) => RANK.indexOf(a.rank ?? 'none') - RANK.indexOf(b.rank ?? 'none') || a.join_date.localeCompare(b.join_date) || a.id - b.id);
    senior.slice(0, size).forEach((m, i) => rows.push({ org_id: org.id, member_id: m.id, post: POSTS[i], started_on: startedOn, ended_on: null, created_at: now }));
    secretaries.push(senior[0].id);
  }
  for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('org_committee_member').values(rows.slice(i, i + 1000)).execute();
  if (secretaries.length) await trx.updateTable('member').set({ party_post: '党支部书记' }).where('id', 'in', secretaries).execute();
}
