import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';
import { hashPassword } from '../../lib/password.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// Every 年度考核 answer goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client — down to the indicators, their events and score history,
// the ranking's rows and the appeals — for the committee, a scorer and a unit alike.

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient & { login: LightMyRequestResponse };
let unitadmin: TestClient;
let leakyUnit: LeakyClient;
let leakyB: LeakyClient;
let A: number;
let B: number;

/** What a leaky answer must be: the expected status, and no key outside the schema. */
function filtered(r: LightMyRequestResponse, status: number) {
  expect(r.statusCode, r.body).toBe(status);
  expect(r.body).not.toContain(LEAKED_KEY);
  return r;
}

beforeAll(async () => {
  ({ env } = t);
  ({ a: { id: A }, b: { id: B } } = env.fx);
  const { id: badmin } = await env.deps.db
    .insertInto('app_user')
    .values({ username: 'badmin', display_name: 'badmin', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.deps.db.insertInto('role_grant').values({ user_id: badmin, org_id: B, role: 'org_admin', created_at: env.clock.now }).execute();
  [admin, leakyAdmin] = await t.pair('admin');
  [unitadmin, leakyUnit] = await t.pair('unitadmin');
  leakyB = await t.leaky.login('badmin');
  const id = (await admin.post('/api/assessments', { year: 2026 })).json().id;
  expect((await admin.put(`/api/assessments/${id}`, { content: demoSchemeContent(env.fx.users.admin!) })).statusCode).toBe(200);
  expect((await admin.post(`/api/assessments/${id}/publish`)).statusCode).toBe(200);
});

const gets = () => ['/api/assessments/2026/round', '/api/assessments/2026/ranking', `/api/assessments/2026/units/${A}`, `/api/assessments/2026/units/${B}`, '/api/assessments/2026/appeals', '/api/assessments/2026/scoring'];

describe('年度考核 answers are filtered by their response schemas', () => {
  it('opening and the committee’s reads while scoring (with a recorded deduction and a score)', async () => {
    filtered(await leakyAdmin.post('/api/assessment-rounds', { year: 2026, asOf: '2026-11-20', appealDays: 3, explainBottom: 1 }), 200);
    filtered(await leakyAdmin.post('/api/assessments/2026/round/recompute', { asOf: '2026-11-21' }), 200);
    filtered(await leakyAdmin.put('/api/assessments/2026/scores', { orgId: A, indicatorKey: 'ideology', score: 8, comment: '较好', evidence: '台账' }), 200);
    filtered(await leakyAdmin.post('/api/assessments/2026/deduction-events', { orgId: B, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: '2026-04-01', count: 2, note: '被点名' }), 201);
    await expectFilteredGets(admin, leakyAdmin, gets());
  });

  it('taking a deduction back answers filtered', async () => {
    const { id } = (await admin.post('/api/assessments/2026/deduction-events', { orgId: A, indicatorKey: 'platform_records', event: 'dues_unpaid', occurredOn: '2026-05-01', count: 1, note: '误登' })).json();
    // The leaky client has no DELETE: send it with the leaky session's cookie and token.
    const cookie = leakyAdmin.login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const r = await t.leaky.app.inject({ method: 'DELETE', url: `/api/assessment-deductions/${id}`, headers: { cookie, 'x-csrf-token': leakyAdmin.login.json().csrfToken } });
    filtered(r, 200);
  });

  it('a unit’s self-assessment and the committee’s review', async () => {
    filtered(await leakyUnit.put(`/api/assessments/2026/units/${A}/self`, { note: '总结', scores: [{ indicatorKey: 'ideology', score: 9, note: '到位' }] }), 200);
    filtered(await leakyUnit.post(`/api/assessments/2026/units/${A}/submit`), 200);
    filtered(await leakyAdmin.post(`/api/assessments/2026/units/${A}/return`, { reason: '请补充' }), 200);
    filtered(await leakyUnit.post(`/api/assessments/2026/units/${A}/submit`), 200);
    filtered(await leakyAdmin.post(`/api/assessments/2026/units/${A}/accept`), 200);
    filtered(await leakyB.post(`/api/assessments/2026/units/${B}/submit`), 200);
    filtered(await leakyAdmin.post(`/api/assessments/2026/units/${B}/accept`), 200);
    filtered(await leakyAdmin.put(`/api/assessments/2026/units/${B}/vetoes`, { vetoes: [{ key: 'accountability', reason: '被问责' }] }), 200);
    // The unit's own reads: its round state and sheet.
    await expectFilteredGets(unitadmin, leakyUnit, ['/api/assessments/2026/round', `/api/assessments/2026/units/${A}`, '/api/assessments/2026/appeals']);
  });

  it('publish, an appeal answered, close — and every read afterwards, history and explanation included', async () => {
    for (const org of [A, B]) {
      await admin.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: 'brand', score: 8, comment: '有品牌', evidence: '材料' });
      await admin.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: 'review_result', score: org === A ? 80 : 90, comment: '评议', evidence: '评议票' });
    }
    await admin.put('/api/assessments/2026/scores', { orgId: B, indicatorKey: 'ideology', score: 9, comment: '较好', evidence: '台账' });
    filtered(await leakyAdmin.post('/api/assessments/2026/round/publish'), 200);
    const appeal = filtered(await leakyUnit.post(`/api/assessments/2026/units/${A}/appeals`, { indicatorKey: 'ideology', reason: '已补交材料' }), 201).json();
    await expectFilteredGets(admin, leakyAdmin, gets());
    filtered(await leakyAdmin.post(`/api/assessment-appeals/${appeal.id}/answer`, { decision: 'upheld', answer: '材料属实', newScore: 9.5 }), 200);
    env.clock.advanceMinutes(60 * 24 * 7);
    [admin, leakyAdmin] = await t.pair('admin');
    [unitadmin, leakyUnit] = await t.pair('unitadmin');
    filtered(await leakyAdmin.post('/api/assessments/2026/round/close'), 200);
    const sheet = (await admin.get(`/api/assessments/2026/units/${A}`)).json();
    // The answers checked carry what is worth filtering: a history, an appeal, an explanation item.
    expect(sheet.categories[0].indicators.find((i: { key: string }) => i.key === 'ideology').changes).toHaveLength(2);
    expect(sheet.appeals).toHaveLength(1);
    expect(sheet.explanation).toMatchObject({ status: 'in_progress' });
    await expectFilteredGets(admin, leakyAdmin, gets());
    await expectFilteredGets(unitadmin, leakyUnit, ['/api/assessments/2026/round', '/api/assessments/2026/ranking', `/api/assessments/2026/units/${A}`, '/api/assessments/2026/appeals']);
  });
});
