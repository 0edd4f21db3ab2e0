import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix of 党员积分: the committee, unit A's admin, the sibling unit B's admin, a
// branch secretary below A, a plain member (own ledger only) and the three separated admins.
// Without the permission: 403; out of reach: 404.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const SEPARATED = { sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let ruleSetId: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}
const ruleSet = { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' };

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  for (const a of ACTORS) as[a] = await env.login(a);
  ruleSetId = (await as.admin.post('/api/point-rule-sets', ruleSet)).json().id;
});
afterAll(() => env.close());

describe('points permission matrix', () => {
  it('rule sets: organisations read, only the committee writes', async () => {
    expect(await statuses((c) => c.get('/api/point-rule-sets?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.get(`/api/point-rule-sets/${ruleSetId}`))).toEqual({ admin: 200, unitadmin: 404, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.post('/api/point-rule-sets', ruleSet))).toEqual({ admin: 201, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.put(`/api/point-rule-sets/${ruleSetId}`, ruleSet))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.post(`/api/point-rule-sets/${ruleSetId}/publish`))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.get(`/api/point-rule-sets/${ruleSetId}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.delete(`/api/point-rule-sets/${ruleSetId}`))).toEqual({ admin: 409, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
  });

  it('the ledger: a member reads their own only; admins their subtree; another subtree is 404', async () => {
    const own = env.fx.membersA1[1];
    expect(await statuses((c) => c.get(`/api/points?memberId=${own}&year=2026`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, member_a1: 200, ...SEPARATED });
    const other = env.fx.membersA1[2];
    expect(await statuses((c) => c.get(`/api/points?memberId=${other}&year=2026`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, member_a1: 403, ...SEPARATED });
    const a2 = env.fx.membersA2[1];
    expect(await statuses((c) => c.get(`/api/points?memberId=${a2}&year=2026`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
  });

  it('exemptions: the branch and the levels above; B cannot touch A\'s members', async () => {
    let n = 0;
    const body = () => ({ year: 2026 + n++, memberId: env.fx.membersA1[3], reason: '长期患病', decidedOn: '2026-02-01' });
    const created = await statuses((c) => c.post('/api/point-exemptions', body()));
    expect(created).toEqual({ admin: 201, unitadmin: 201, badmin: 404, sec_a1: 201, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.get('/api/point-exemptions?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    expect((await as.badmin.get('/api/point-exemptions?year=2026')).json().items).toEqual([]);
    const id = (await as.admin.get('/api/point-exemptions?year=2026')).json().items[0].id;
    expect(await statuses((c) => c.delete(`/api/point-exemptions/${id}`))).toMatchObject({ badmin: 404, member_a1: 403, ...SEPARATED });
  });

  it('entries: the branch and above enter; a proper ancestor reviews; B sees none of A\'s', async () => {
    const body = { memberId: env.fx.membersA1[5], kind: 'manual_addition', occurredOn: '2026-05-04', points: 1, reason: '志愿服务', evidence: '记录' };
    expect(await statuses((c) => c.post('/api/point-entries', body))).toEqual({ admin: 201, unitadmin: 201, badmin: 404, sec_a1: 201, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.get('/api/point-entries?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    expect((await as.badmin.get('/api/point-entries?year=2026')).json().total).toBe(0);
    const bySec = (await as.admin.get('/api/point-entries?year=2026')).json().items.find((e: { enteredBy: string }) => e.enteredBy === 'sec_a1').id;
    const res = await statuses((c) => c.post(`/api/point-entries/${bySec}/review`, { decision: 'return', reason: '佐证不足' }));
    expect(res).toMatchObject({ badmin: 404, sec_a1: 403, member_a1: 403, ...SEPARATED });
    expect([res.admin, res.unitadmin].sort()).toEqual([200, 409]);
  });

  it('appeals: only the member on their own ledger; the branch (and above) answers; B is 404', async () => {
    const own = env.fx.membersA1[1];
    const entry = (await as.sec_a1.post('/api/point-entries', { memberId: own, kind: 'manual_addition', occurredOn: '2026-05-06', points: 2, reason: '志愿服务', evidence: '记录' })).json().id;
    expect((await as.unitadmin.post(`/api/point-entries/${entry}/review`, { decision: 'approve' })).statusCode).toBe(200);
    const body = { year: 2026, sourceType: 'point_entry', sourceId: entry, day: '2026-05-06', reason: '应为3分' };
    const created = await statuses((c) => c.post('/api/point-appeals', body));
    expect(created).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 404, member_a1: 201, ...SEPARATED });
    expect(await statuses((c) => c.get('/api/point-appeals?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 200, ...SEPARATED });
    expect((await as.badmin.get('/api/point-appeals?year=2026')).json().items).toEqual([]);
    const id = (await as.member_a1.get('/api/point-appeals?year=2026')).json().items[0].id;
    const answered = await statuses((c) => c.post(`/api/point-appeals/${id}/answer`, { decision: 'reject', answer: '按规则计分' }));
    expect(answered).toMatchObject({ badmin: 404, member_a1: 403, ...SEPARATED });
    expect([answered.admin, answered.unitadmin, answered.sec_a1].sort()).toEqual([200, 409, 409]);
  });
});
