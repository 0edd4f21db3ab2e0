import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): two committee admins publishing
// one draft at once, a publish against a delete, three drafts created at once, two exemptions of one
// member. Exactly one wins each; the others answer 409 and change nothing.

let env: TestEnv;
let admins: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['ca1', 'ca2', 'ca3']) await env.addAccount(u, [[env.fx.root.id, 'committee_admin']]);
  admins = await Promise.all(['ca1', 'ca2', 'ca3'].map((u) => env.login(u)));
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const ruleSet = (effectiveFrom: string) => ({ year: 2026, effectiveFrom, basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' });
const auditCount = async (action: string) => (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

describe('points races on PostgreSQL', () => {
  it('three drafts at once: versions stay unique; the losers get 409', async () => {
    const results = await Promise.all(admins.map((a) => a.post('/api/point-rule-sets', ruleSet('2026-01-01'))));
    const won = results.filter((r) => r.statusCode === 201);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.statusCode).toBe(409);
    const rows = await env.deps.db.selectFrom('point_rule_set').select('version').orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual(won.map((_, i) => i + 1));
    expect(await auditCount('point_rule_set.create')).toBe(won.length);
  });

  it('two publishes of one draft at once: one 200, one 409, one audit record', async () => {
    const [first] = await env.deps.db.selectFrom('point_rule_set').select('id').orderBy('id').execute();
    const results = await Promise.all(admins.slice(0, 2).map((a) => a.post(`/api/point-rule-sets/${first.id}/publish`)));
    expect(codes(results)).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toMatch(/请刷新后重试|生效日期/);
    expect(await auditCount('point_rule_set.publish')).toBe(1);
  });

  it('publish ‖ delete of one draft: exactly one happens, the other is refused', async () => {
    const id = (await admins[0].post('/api/point-rule-sets', ruleSet('2026-07-01'))).json().id;
    const [pub, del] = await Promise.all([admins[0].post(`/api/point-rule-sets/${id}/publish`), admins[1].delete(`/api/point-rule-sets/${id}`)]);
    // Publish first: the delete finds it published (409). Delete first: the draft is gone (404 to the publish).
    expect([pub.statusCode, del.statusCode]).toContainEqual(200);
    expect(pub.statusCode === 200 ? del.statusCode : pub.statusCode).toBe(pub.statusCode === 200 ? 409 : 404);
    const row = await env.deps.db.selectFrom('point_rule_set').select('status').where('id', '=', id).executeTakeFirst();
    expect(row?.status ?? 'deleted').toBe(pub.statusCode === 200 ? 'published' : 'deleted');
  });

  it('two exemptions of one member at once: one stands', async () => {
    const body = { year: 2026, memberId: env.fx.membersA1[3], reason: '长期患病', decidedOn: '2026-02-01' };
    const results = await Promise.all(admins.slice(0, 2).map((a) => a.post('/api/point-exemptions', body)));
    expect(codes(results)).toEqual([201, 409]);
    expect(await auditCount('point_exemption.create')).toBe(1);
  });

  it('approve ‖ return of one entry: exactly one decision stands', async () => {
    for (const u of ['ua1', 'ua2', 'ua3', 'ua4', 'ua5']) await env.addAccount(u, [[env.fx.a.id, 'org_admin']]);
    const sec = await env.login('sec_a1');
    const reviewers = await Promise.all(['ua1', 'ua2', 'ua3', 'ua4', 'ua5'].map((u) => env.login(u)));
    const entry = (await sec.post('/api/point-entries', { memberId: env.fx.membersA1[4], kind: 'manual_addition', occurredOn: '2026-05-04', points: 3, reason: '志愿服务', evidence: '记录' })).json().id;
    const [a, r] = await Promise.all([reviewers[0].post(`/api/point-entries/${entry}/review`, { decision: 'approve' }), reviewers[1].post(`/api/point-entries/${entry}/review`, { decision: 'return', reason: '佐证不足' })]);
    expect(codes([a, r])).toEqual([200, 409]);
    const row = await env.deps.db.selectFrom('point_entry').select('status').where('id', '=', entry).executeTakeFirstOrThrow();
    expect(row.status).toBe(a.statusCode === 200 ? 'approved' : 'returned');
    expect((await auditCount('point_entry.approve')) + (await auditCount('point_entry.return'))).toBe(1);

    // Five approvals of one entry at once: one 200, four 409, the points counted once.
    const second = (await sec.post('/api/point-entries', { memberId: env.fx.membersA1[5], kind: 'manual_addition', occurredOn: '2026-05-05', points: 3, reason: '支部宣传', evidence: '记录' })).json().id;
    const five = await Promise.all(reviewers.map((c) => c.post(`/api/point-entries/${second}/review`, { decision: 'approve' })));
    expect(codes(five)).toEqual([200, 409, 409, 409, 409]);
    expect((await sec.get(`/api/points?memberId=${env.fx.membersA1[5]}&year=2026`)).json().additions).toBe(3);
  });

  it('uphold ‖ reject of one appeal: one answer stands, at most one correction entry', async () => {
    const member = await env.login('member_a1');
    const sec = await env.login('sec_a1');
    await env.addAccount('sec2', [[env.fx.a1.id, 'org_admin']]);
    const sec2 = await env.login('sec2');
    const own = env.fx.membersA1[1];
    const entry = (await sec.post('/api/point-entries', { memberId: own, kind: 'manual_addition', occurredOn: '2026-05-06', points: 2, reason: '志愿服务', evidence: '记录' })).json().id;
    const ua = await env.login('ua1');
    expect((await ua.post(`/api/point-entries/${entry}/review`, { decision: 'approve' })).statusCode).toBe(200);
    const appeal = (await member.post('/api/point-appeals', { year: 2026, sourceType: 'point_entry', sourceId: entry, day: '2026-05-06', reason: '应为3分' })).json().id;
    const [u, r] = await Promise.all([sec.post(`/api/point-appeals/${appeal}/answer`, { decision: 'uphold', answer: '同意', correction: 1 }), sec2.post(`/api/point-appeals/${appeal}/answer`, { decision: 'reject', answer: '不同意' })]);
    expect(codes([u, r])).toEqual([200, 409]);
    const corrections = await env.deps.db.selectFrom('point_entry').select('id').where('appeal_id', '=', appeal).execute();
    expect(corrections).toHaveLength(u.statusCode === 200 ? 1 : 0);
  });

  it('重新统计 ×3 of one year at once: never two at a time (the others told to wait); the snapshot holds one row per member', async () => {
    const three = await Promise.all(admins.map((c) => c.post(`/api/point-rankings/refresh?orgId=${env.fx.a.id}&year=2026`)));
    const got = codes(three);
    expect(got).toContain(200);
    expect(got.every((c) => c === 200 || c === 409)).toBe(true);
    for (const r of three.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('该年度的积分正在统计中，请稍后再看');
    const rows = await env.deps.db.selectFrom('point_total').select('member_id').where('year', '=', 2026).execute();
    expect(rows.length).toBe(three.find((x) => x.statusCode === 200)!.json().members);
    expect(new Set(rows.map((r) => r.member_id)).size).toBe(rows.length);
  });
});
