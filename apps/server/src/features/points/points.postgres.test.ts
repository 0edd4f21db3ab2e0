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
});
