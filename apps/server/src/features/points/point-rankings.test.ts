import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 积分排名 and the 民主评议参考表 (PT-13, PT-14) on the fixture city: A1's members attend approved
// meetings, one is exempt; the ranking reads the snapshot 重新统计 computes from the records (the
// same totals as each member's ledger), the sheet computes live; B's admin sees none of A.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let member: TestClient;
let badmin: TestClient;

async function meeting(title: string, startsAt: string, types: string[], present: number[]) {
  const start = new Date(startsAt);
  const heldOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(start);
  const { id } = await env.deps.db
    .insertInto('activity')
    .values({ org_id: env.fx.a1.id, types, status: 'approved', title, starts_at: start, ends_at: new Date(start.getTime() + 3600_000), held_on: heldOn, created_at: env.clock.now, updated_at: env.clock.now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of env.fx.membersA1) await env.deps.db.insertInto('activity_attendance').values({ activity_id: id, member_id: m, kind: 'expected', status: present.includes(m) ? 'present' : 'absent' } as never).execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  [admin, unit, secA1, member, badmin] = await Promise.all(['admin', 'unitadmin', 'sec_a1', 'member_a1', 'badmin'].map((u) => env.login(u)));
  const rs = (await admin.post('/api/point-rule-sets', { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' })).json().id;
  await admin.post(`/api/point-rule-sets/${rs}/publish`);
  const [a, b, c] = env.fx.membersA1;
  await meeting('三月支部党员大会', '2026-03-02T09:00:00+08:00', ['branch_assembly'], [a, b, c]);
  await meeting('四月党课', '2026-04-02T09:00:00+08:00', ['party_lecture'], [a, b]);
  await meeting('五月主题党日', '2026-05-08T09:00:00+08:00', ['theme_day'], [a]);
  expect((await secA1.post('/api/point-exemptions', { year: 2026, memberId: env.fx.membersA1[7], reason: '长期患病，经支部委员会决定', decidedOn: '2026-02-10' })).statusCode).toBe(201);
});
afterAll(() => env.close());

describe('积分排名 (PT-13)', () => {
  it('before any 统计 the members are listed without ranks; 重新统计 computes every total from the records', async () => {
    let r = await unit.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().summary).toMatchObject({ members: 8, computed: 0, average: null, computedAt: null });
    expect(r.json().items.every((x: { rank: number | null }) => x.rank === null)).toBe(true);
    const refresh = await unit.post(`/api/point-rankings/refresh?orgId=${env.fx.a1.id}&year=2026`);
    expect(refresh.statusCode, refresh.body).toBe(200);
    expect(refresh.json()).toMatchObject({ members: 8 });
    r = await unit.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026`);
    const rows = r.json().items as { rank: number; memberId: number; name: string; total: number }[];
    const [a, b, c] = env.fx.membersA1;
    expect(rows.slice(0, 3).map((x) => [x.rank, x.memberId, x.total])).toEqual([[1, a, 68], [2, b, 66], [3, c, 63]]);
    // Equal totals share a place; the exempt member (base 0) comes last.
    expect(rows.slice(3, 7).map((x) => [x.rank, x.total])).toEqual([[4, 60], [4, 60], [4, 60], [4, 60]]);
    expect(rows[7]).toMatchObject({ rank: 8, memberId: env.fx.membersA1[7], total: 0 });
    expect(r.json().summary).toMatchObject({ members: 8, computed: 8, computedAt: env.clock.now.toISOString() });
    // The snapshot agrees with each member's ledger.
    for (const x of rows.slice(0, 3)) expect((await unit.get(`/api/points?memberId=${x.memberId}&year=2026`)).json().total).toBe(x.total);
    const audits = await env.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'point_totals.refresh' as never).execute();
    expect(audits).toHaveLength(1);
  });

  it('pages and filters by name in the database; the parent shows each child organisation’s average', async () => {
    const page2 = (await unit.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026&page=2&pageSize=3`)).json();
    expect([page2.total, page2.items.map((x: { rank: number }) => x.rank)]).toEqual([8, [4, 4, 4]]);
    const named = (await unit.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026&q=${encodeURIComponent('钱')}`)).json();
    expect(named.items.map((x: { name: string; rank: number }) => [x.name, x.rank])).toEqual([['钱二', 2]]);
    const top = (await unit.get(`/api/point-rankings?orgId=${env.fx.a.id}&year=2026`)).json();
    const a1 = top.children.find((c: { orgId: number }) => c.orgId === env.fx.a1.id);
    expect(a1).toMatchObject({ members: 8, average: Math.round(((68 + 66 + 63 + 60 * 4 + 0) / 8) * 10) / 10 });
    // A2's members were not computed by A1's refresh: they are listed without a rank and without an average.
    expect(top.children.find((c: { orgId: number }) => c.orgId === env.fx.a2.id)).toMatchObject({ average: null });
    expect(top.summary.computed).toBe(8);
  });

  it('who may: organisations’ readers in their subtree; B is 404; a plain member and the 三员 are 403', async () => {
    expect((await badmin.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(404);
    expect((await badmin.post(`/api/point-rankings/refresh?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(404);
    expect((await member.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(403);
    expect((await member.get(`/api/point-review-sheet?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(403);
    for (const u of ['sysadmin', 'secadmin', 'auditor']) {
      const c = await env.login(u);
      expect((await c.get(`/api/point-rankings?orgId=${env.fx.root.id}&year=2026`)).statusCode).toBe(403);
      expect((await c.post(`/api/point-rankings/refresh?orgId=${env.fx.root.id}&year=2026`)).statusCode).toBe(403);
    }
    expect((await unit.get(`/api/point-rankings?orgId=${env.fx.a1.id}&year=1999`)).statusCode).toBe(400);
  });
});

describe('民主评议参考表 (PT-14)', () => {
  it('the branch’s members with the year’s points computed live, ranked, the exempt member marked', async () => {
    const [a] = env.fx.membersA1;
    await meeting('六月主题党日', '2026-06-05T09:00:00+08:00', ['theme_day'], [a]); // after the snapshot: the sheet sees it
    const r = await secA1.get(`/api/point-review-sheet?orgId=${env.fx.a1.id}&year=2026`);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ orgName: expect.any(String), year: 2026 });
    expect(s.rows).toHaveLength(8);
    const row = (id: number) => s.rows.find((x: { memberId: number }) => x.memberId === id);
    expect(row(a)).toMatchObject({ total: 70, additions: 10, deductions: 0, basePoints: 60, rank: 1, exempt: false });
    expect(row(env.fx.membersA1[7])).toMatchObject({ exempt: true, total: 0, rank: null });
    expect(s.rows.map((x: { no: number }) => x.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a department of more than 300 members is refused with a Chinese message naming what to pick', async () => {
    const { id: _id, ...template } = await env.deps.db.selectFrom('member').selectAll().where('id', '=', env.fx.membersA2[0]).executeTakeFirstOrThrow();
    const ids = await env.deps.db
      .insertInto('member')
      .values(Array.from({ length: 300 }, (_, i) => ({ ...template, name: `党员${i}`, id_number_hmac: `bulk-${i}` }) as never))
      .returning('id')
      .execute();
    expect(ids).toHaveLength(300);
    const r = await unit.get(`/api/point-review-sheet?orgId=${env.fx.a.id}&year=2026`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('请选择具体的党支部打印民主评议参考表');
  });
});
