import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberListQuery, type MemberListQuery } from '@xianfeng/shared';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { insertOrg, insertRootOrg } from '../orgs/orgs.repository.ts';
import { subtreeOf, systemScope, type Scope } from '../../access/scope.ts';
import { memberColumns } from './member-mapping.ts';
import { memberInput } from '../../../test/fixture.ts';
import { listMembers, pageInOrgs, wholeCityPage } from './members.repository.ts';
import { coversEveryOrg } from './members.service.ts';

// The member list picks its query's shape by the number of matches and the caller's reach
// (members.repository.ts): sorted matches for a few, an index walk for many, an index-only walk
// for the whole city. Whatever the shape, a page must hold the same members in the same order.

let env: TestEnv;
const ASOF = '2026-11-23';
beforeAll(async () => {
  env = await createTestEnv();
  // Enough members for pages: 60 more in A1 and B1, with ties on name and join date.
  const now = env.clock.now;
  for (let i = 0; i < 60; i++) {
    const orgId = i % 2 ? env.fx.a1.id : env.fx.b1.id;
    const input = memberInput(orgId, { name: `同名${i % 7}`, joinDate: `20${10 + (i % 5)}-07-01`, fullDate: `20${11 + (i % 5)}-07-01` });
    await env.database.db.insertInto('member').values({ ...memberColumns(input, env.deps.cipher, now), created_at: now }).execute();
  }
});
afterAll(() => env.close());

const query = (over: Record<string, unknown>) => memberListQuery.parse(over) as MemberListQuery;
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe('member list: every query shape gives the same page', () => {
  const cases: Record<string, unknown>[] = [
    { sort: 'name', order: 'asc' },
    { sort: 'name', order: 'desc' },
    { sort: 'joinDate', order: 'asc' },
    { sort: 'birthDate', order: 'desc' },
    { sort: 'orgName', order: 'asc' },
    { sort: 'name', name: '同名' },
    { sort: 'joinDate', joinFrom: '2011-01-01', joinTo: '2013-12-31' },
  ];
  for (const over of cases) {
    it(`${JSON.stringify(over)}, pages 1–4 of 20`, async () => {
      const q = query(over);
      const root: Scope = subtreeOf(env.fx.root.path);
      for (let page = 0; page < 4; page++) {
        const paging = { limit: 20, offset: page * 20 };
        const sorted = await listMembers(env.database.db, root, q, ASOF, { ...paging, matches: 0 });
        const walked = await listMembers(env.database.db, root, q, ASOF, paging);
        expect(ids(walked)).toEqual(ids(sorted));
        const allOrgs = (await env.database.db.selectFrom('org').select('id').execute()).map((o) => o.id);
        expect(ids(await pageInOrgs(env.database.db, root, allOrgs, q, ASOF, paging))).toEqual(ids(sorted));
        if (q.sort !== 'orgName') {
          const whole = await wholeCityPage(env.database.db, root, { ...q, sort: q.sort }, ASOF, paging);
          expect(ids(whole)).toEqual(ids(sorted));
        }
        if (page === 0) expect(sorted.length).toBeGreaterThan(0);
      }
    });
  }

  it('a unit scope stays inside its subtree in both shapes', async () => {
    const unit: Scope = subtreeOf(env.fx.a.path);
    const q = query({});
    const sorted = await listMembers(env.database.db, unit, q, ASOF, { limit: 200, offset: 0, matches: 0 });
    const walked = await listMembers(env.database.db, unit, q, ASOF, { limit: 200, offset: 0 });
    expect(ids(walked)).toEqual(ids(sorted));
    expect(new Set(sorted.map((r) => r.org_id))).toEqual(new Set([env.fx.a1.id, env.fx.a2.id]));
    // The organisation ids under A, from the in-memory tree: A, A1, A1's 党小组, A2.
    const orgIds = await env.deps.caches.orgTree.idsUnder(env.database.db, [[env.fx.a.path]], 300);
    expect(new Set(orgIds)).toEqual(new Set([env.fx.a.id, env.fx.a1.id, env.fx.a1g.id, env.fx.a2.id]));
    expect(ids(await pageInOrgs(env.database.db, unit, orgIds!, q, ASOF, { limit: 200, offset: 0 }))).toEqual(ids(sorted));
    // Within A and under A1 at once; and too many organisations gives none.
    expect(new Set(await env.deps.caches.orgTree.idsUnder(env.database.db, [[env.fx.a.path], [env.fx.a1.path]], 300))).toEqual(new Set([env.fx.a1.id, env.fx.a1g.id]));
    expect(await env.deps.caches.orgTree.idsUnder(env.database.db, [[env.fx.root.path]], 3)).toBeNull();
  });
});

describe('a stale organisation tree cannot leak members', () => {
  it('ids outside the scope (as a tree from before a move would give) return none of their members', async () => {
    const unit: Scope = subtreeOf(env.fx.a.path);
    const rows = await pageInOrgs(env.database.db, unit, [env.fx.a2.id, env.fx.b1.id], query({}), ASOF, { limit: 200, offset: 0 });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([env.fx.a2.id]));
  });

  it("the whole-city page keeps only the scope's members (a shorter page, never a foreign one)", async () => {
    const unit: Scope = subtreeOf(env.fx.a.path);
    const rows = await wholeCityPage(env.database.db, unit, { ...query({}), sort: 'name' }, ASOF, { limit: 200, offset: 0 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => [env.fx.a1.id, env.fx.a2.id, env.fx.a1g.id].includes(r.org_id))).toBe(true);
  });
});

describe('whole-city paging only for a scope that holds every organisation', () => {
  it('the working committee holds the city; a unit does not', async () => {
    expect(await coversEveryOrg(env.deps, subtreeOf(env.fx.root.path))).toBe(true);
    expect(await coversEveryOrg(env.deps, subtreeOf(env.fx.a.path, env.fx.b.path))).toBe(false);
    expect(await coversEveryOrg(env.deps, systemScope('test'))).toBe(true);
  });

  it('a second root (another 工委) ends it at once, and its members never show to the first', async () => {
    const now = env.clock.now;
    const rootId = await insertRootOrg(env.database.db, '另一工委', 'working_committee', now);
    const other = await env.database.db.selectFrom('org').select(['id', 'path', 'depth']).where('id', '=', rootId).executeTakeFirstOrThrow();
    const branch = await insertOrg(env.database.db, { parent: other, name: '另一支部', type: 'branch', unitId: null, foundedOn: '2020-01-01', termStart: null, termEnd: null, contact: null, contactPhone: null, now });
    await env.database.db.insertInto('member').values({ ...memberColumns(memberInput(branch, { name: '外人' }), env.deps.cipher, now), created_at: now }).execute();
    expect(await coversEveryOrg(env.deps, subtreeOf(env.fx.root.path))).toBe(false);
    const admin = await env.login('admin');
    const all = await admin.get('/api/members?pageSize=100&name=外人');
    expect(all.json().total).toBe(0);
  });
});
