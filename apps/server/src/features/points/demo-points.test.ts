import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { seedPoints, seedPointTotals } from './demo-points.ts';

// The demo's points on the fixture city: the published default rule set and the 积分排名 snapshot
// seeded last — a visitor opening 积分排名 sees every member ranked, and each total is the ledger's.

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  const start = new Date('2026-03-02T09:00:00+08:00');
  const { id } = await env.deps.db
    .insertInto('activity')
    .values({ org_id: env.fx.a1.id, types: ['branch_assembly'], status: 'approved', title: '三月支部党员大会', starts_at: start, ends_at: new Date(+start + 3600_000), held_on: '2026-03-02', created_at: env.clock.now, updated_at: env.clock.now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.deps.db.insertInto('activity_attendance').values(env.fx.membersA1.slice(0, 2).map((m) => ({ activity_id: id, member_id: m, kind: 'expected', status: 'present' }) as never)).execute();
  await env.deps.db.transaction().execute((trx) => seedPoints(trx, { now: env.clock.now, creatorId: null }));
  await env.deps.db.transaction().execute((trx) => seedPointTotals(trx, { now: env.clock.now }));
});
afterAll(() => env.close());

describe('the demo’s points', () => {
  it('积分排名 is ready: every member in good standing computed, the attendees first, totals equal to their ledgers', async () => {
    const admin = await env.login('admin');
    const r = (await admin.get(`/api/point-rankings?orgId=${env.fx.root.id}&year=2026`)).json();
    const normal = await env.deps.db.selectFrom('member').select('id').where('status', '=', 'normal').execute();
    expect(r.summary).toMatchObject({ members: normal.length, computed: normal.length });
    expect(r.items.slice(0, 2).map((x: { memberId: number; total: number; rank: number }) => [x.rank, x.total])).toEqual([[1, 63], [1, 63]]);
    for (const x of r.items.slice(0, 3)) expect((await admin.get(`/api/points?memberId=${x.memberId}&year=2026`)).json().total).toBe(x.total);
  });
});
