import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// The permission matrix of 年度考核 (AR-…, docs/SECURITY.md §1.5): the committee opens,
// recomputes, reviews, sets vetoes, publishes, answers and closes; a scoring department scores its
// own indicators only; a unit speaks through the 组织管理员 at its own organisation (A: unitadmin,
// B: badmin) — a branch admin under A (sec_a1) neither speaks for A nor reads its sheet or B's;
// members and the three separated admins are refused everything.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor', 'scorer'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 } as const;
/** Only one actor succeeds (`ok`); everybody else 403. */
const only = (who: ActorName, ok: number) => ({ ...Object.fromEntries(ACTORS.map((a) => [a, 403])), [who]: ok }) as Record<ActorName, number>;

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let A: number;
let B: number;

const addAccount = (username: string, orgId: number) => env.addAccount(username, [[orgId, 'org_admin']]);
const loginAll = async () => {
  for (const a of ACTORS) as[a] = await env.login(a);
};

beforeAll(async () => {
  env = await createTestEnv();
  ({ a: { id: A }, b: { id: B } } = env.fx);
  await addAccount('badmin', B);
  const scorerId = await addAccount('scorer', env.fx.root.id);
  await loginAll();
  // 宣传部's indicators (意识形态, 品牌阵地) are scored by `scorer` alone; the rest by the committee's admin.
  const content = demoSchemeContent(env.fx.users.admin!);
  for (const c of content.categories) for (const i of c.indicators) if (i.department.name === '宣传部') i.department.userIds = [scorerId];
  const id = (await as.admin.post('/api/assessments', { year: 2026 })).json().id;
  expect((await as.admin.put(`/api/assessments/${id}`, { content })).statusCode).toBe(200);
  expect((await as.admin.post(`/api/assessments/${id}/publish`)).statusCode).toBe(200);
});
afterAll(() => env.close());

/** Every actor's status for one call; the committee's admin goes last, so a refusal is never a consequence of its write. */
async function statuses(call: (c: TestClient) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of [...ACTORS.filter((x) => x !== 'admin'), 'admin' as const]) out[a] = (await call(as[a])).statusCode;
  return out;
}

const snapshot = async () => {
  const db = env.database.db;
  return {
    rounds: await db.selectFrom('assessment_round').selectAll().orderBy('id').execute(),
    units: await db.selectFrom('assessment_unit').selectAll().orderBy('org_id').execute(),
    scores: await db.selectFrom('assessment_score').selectAll().orderBy('org_id').orderBy('indicator_key').orderBy('kind').execute(),
    changes: await db.selectFrom('assessment_score_change').selectAll().orderBy('id').execute(),
    deductions: await db.selectFrom('assessment_deduction_event').selectAll().orderBy('id').execute(),
    appeals: await db.selectFrom('assessment_appeal').selectAll().orderBy('id').execute(),
    items: await db.selectFrom('list_item').select('id').orderBy('id').execute(),
    audits: (await db.selectFrom('audit_log').select('id').where('action', 'like', 'assessment_%' as never).execute()).length,
  };
};

const self = { note: '全年工作总结', scores: [{ indicatorKey: 'ideology', score: 9, note: '落实到位' }] };
const score = (orgId: number, indicatorKey: string) => ({ orgId, indicatorKey, score: 8, comment: '较好', evidence: '工作台账' });
const deduction = () => ({ orgId: B, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: '2026-04-01', count: 1, note: '被点名' });

describe('年度考核 permissions while scoring', () => {
  it('open a round: the committee only', async () => {
    expect(await statuses((c) => c.post('/api/assessment-rounds', { year: 2026, asOf: '2026-11-20', appealDays: 3, explainBottom: 1 }))).toEqual(only('admin', 200));
    expect(await statuses((c) => c.post('/api/assessment-rounds', { year: 2026 }))).toEqual(only('admin', 409));
  });

  it('the round’s state: whoever reads assessments; which units are mine, whether I score', async () => {
    const readers = { admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, scorer: 200, ...REFUSED };
    expect(await statuses((c) => c.get('/api/assessments/2026/round'))).toEqual(readers);
    expect((await as.unitadmin.get('/api/assessments/2026/round')).json()).toMatchObject({ myUnits: [{ orgId: A }], scorer: false });
    expect((await as.sec_a1.get('/api/assessments/2026/round')).json()).toMatchObject({ myUnits: [], scorer: false });
    expect((await as.scorer.get('/api/assessments/2026/round')).json()).toMatchObject({ myUnits: [], scorer: true, round: { abilities: { publish: false, close: false } } });
  });

  it('a unit’s sheet: the committee, the scorers and the unit’s own admins; a branch admin below it and the other unit get 404', async () => {
    expect(await statuses((c) => c.get(`/api/assessments/2026/units/${A}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, scorer: 200, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/assessments/2026/units/${B}`))).toEqual({ admin: 200, unitadmin: 404, badmin: 200, sec_a1: 404, scorer: 200, ...REFUSED });
    // A branch is not a unit of the assessment.
    expect((await as.sec_a1.get(`/api/assessments/2026/units/${env.fx.a1.id}`)).statusCode).toBe(404);
    // While scoring the unit sees no grade or rank yet.
    expect((await as.unitadmin.get(`/api/assessments/2026/units/${A}`)).json()).toMatchObject({ grade: '', rank: 0, abilities: { selfAssess: true, review: false } });
  });

  it('the ranking: the committee’s preview only, until published', async () => {
    expect(await statuses((c) => c.get('/api/assessments/2026/ranking'))).toEqual(only('admin', 200));
    expect(await statuses((c) => c.get('/api/assessments/2026/ranking.xlsx'))).toEqual(only('admin', 200));
  });

  it('the scoring page: the committee sees every indicator, a scorer only its own, nobody else', async () => {
    expect(await statuses((c) => c.get('/api/assessments/2026/scoring'))).toEqual({ ...only('admin', 200), scorer: 200 });
    expect((await as.scorer.get('/api/assessments/2026/scoring')).json().indicators.map((i: { key: string }) => i.key)).toEqual(['ideology', 'brand']);
    expect((await as.admin.get('/api/assessments/2026/scoring')).json().indicators.map((i: { key: string }) => i.key)).toEqual(['ideology', 'platform_records', 'supervision_issues', 'brand', 'review_result']);
  });

  it('department scores: only the accounts named on the indicator — the committee itself is refused another department’s', async () => {
    expect(await statuses((c) => c.put('/api/assessments/2026/scores', score(A, 'ideology')))).toEqual(only('scorer', 200));
    expect(await statuses((c) => c.put('/api/assessments/2026/scores', score(A, 'review_result')))).toEqual(only('admin', 200));
    const refused = await as.scorer.put('/api/assessments/2026/scores', score(A, 'review_result'));
    expect(refused.json().message).toBe('您不是“党组织书记抓党建述职评议”的评分人员');
  });

  it('deduction events: recorded and taken back by the indicator’s scorers only', async () => {
    expect(await statuses((c) => c.post('/api/assessments/2026/deduction-events', deduction()))).toEqual(only('admin', 201));
    const [event] = await env.database.db.selectFrom('assessment_deduction_event').select('id').execute();
    expect(await statuses((c) => c.delete(`/api/assessment-deductions/${event!.id}`))).toEqual(only('admin', 200));
  });

  it('self-assessment and submission: the unit’s own admin only — not the committee, not the other unit, not a branch below', async () => {
    expect(await statuses((c) => c.put(`/api/assessments/2026/units/${A}/self`, self))).toEqual(only('unitadmin', 200));
    expect(await statuses((c) => c.put(`/api/assessments/2026/units/${B}/self`, self))).toEqual(only('badmin', 200));
    expect(await statuses((c) => c.post(`/api/assessments/2026/units/${A}/submit`))).toEqual(only('unitadmin', 200));
    expect(await statuses((c) => c.post(`/api/assessments/2026/units/${B}/submit`))).toEqual(only('badmin', 200));
  });

  it('review, vetoes and recompute: the committee only', async () => {
    expect(await statuses((c) => c.post(`/api/assessments/2026/units/${A}/return`, { reason: '请补充材料' }))).toEqual(only('admin', 200));
    expect((await as.unitadmin.post(`/api/assessments/2026/units/${A}/submit`)).statusCode).toBe(200);
    expect(await statuses((c) => c.post(`/api/assessments/2026/units/${A}/accept`))).toEqual(only('admin', 200));
    expect(await statuses((c) => c.put(`/api/assessments/2026/units/${B}/vetoes`, { vetoes: [] }))).toEqual(only('admin', 200));
    expect(await statuses((c) => c.post('/api/assessments/2026/round/recompute', {}))).toEqual(only('admin', 200));
  });

  it('refusals change nothing: every write by every refused actor leaves the round as it was, unaudited', async () => {
    const before = await snapshot();
    const writes: [string, (c: TestClient) => Promise<{ statusCode: number }>, ActorName[]][] = [
      ['open', (c) => c.post('/api/assessment-rounds', { year: 2027 }), ['admin']],
      ['recompute', (c) => c.post('/api/assessments/2026/round/recompute', { asOf: '2026-06-30' }), ['admin']],
      ['publish', (c) => c.post('/api/assessments/2026/round/publish'), ['admin']],
      ['close', (c) => c.post('/api/assessments/2026/round/close'), ['admin']],
      ['score ideology', (c) => c.put('/api/assessments/2026/scores', { ...score(B, 'ideology'), score: 1 }), ['scorer']],
      ['score review', (c) => c.put('/api/assessments/2026/scores', { ...score(B, 'review_result'), score: 1 }), ['admin']],
      ['deduction', (c) => c.post('/api/assessments/2026/deduction-events', deduction()), ['admin']],
      ['self A', (c) => c.put(`/api/assessments/2026/units/${A}/self`, { note: '改', scores: [] }), ['unitadmin']],
      ['submit B', (c) => c.post(`/api/assessments/2026/units/${B}/submit`), ['badmin']],
      ['accept B', (c) => c.post(`/api/assessments/2026/units/${B}/accept`), ['admin']],
      ['return B', (c) => c.post(`/api/assessments/2026/units/${B}/return`, { reason: '退回' }), ['admin']],
      ['vetoes', (c) => c.put(`/api/assessments/2026/units/${A}/vetoes`, { vetoes: [{ key: 'severe_case', reason: '严重违纪' }] }), ['admin']],
      ['appeal', (c) => c.post(`/api/assessments/2026/units/${A}/appeals`, { indicatorKey: 'ideology', reason: '申诉' }), ['unitadmin']],
    ];
    for (const [name, call, allowed] of writes)
      for (const a of ACTORS.filter((x) => !allowed.includes(x))) expect((await call(as[a])).statusCode, `${name} by ${a}`).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('年度考核 permissions once published', () => {
  let appealId: number;

  it('publish: the committee only', async () => {
    expect((await as.admin.post(`/api/assessments/2026/units/${B}/accept`)).statusCode).toBe(200);
    for (const org of [A, B]) {
      await as.scorer.put('/api/assessments/2026/scores', score(org, 'brand'));
      await as.admin.put('/api/assessments/2026/scores', score(org, 'review_result'));
    }
    await as.scorer.put('/api/assessments/2026/scores', score(B, 'ideology'));
    expect(await statuses((c) => c.post('/api/assessments/2026/round/publish'))).toEqual(only('admin', 200));
  });

  it('the ranking and its Excel: every reader of assessments', async () => {
    const readers = { admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, scorer: 200, ...REFUSED };
    expect(await statuses((c) => c.get('/api/assessments/2026/ranking'))).toEqual(readers);
    expect(await statuses((c) => c.get('/api/assessments/2026/ranking.xlsx'))).toEqual(readers);
    // Sheets stay as before: a branch admin below A still reads neither A’s nor B’s.
    expect(await statuses((c) => c.get(`/api/assessments/2026/units/${B}`))).toEqual({ admin: 200, unitadmin: 404, badmin: 200, sec_a1: 404, scorer: 200, ...REFUSED });
  });

  it('appeals: filed by the unit’s own admin only; listed to the committee and the unit', async () => {
    const results = await statuses((c) => c.post(`/api/assessments/2026/units/${A}/appeals`, { indicatorKey: 'ideology', reason: '已补交材料' }));
    expect(results).toEqual(only('unitadmin', 201));
    appealId = (await env.database.db.selectFrom('assessment_appeal').select('id').executeTakeFirstOrThrow()).id;
    expect(await statuses((c) => c.get('/api/assessments/2026/appeals'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, scorer: 200, ...REFUSED });
    const seen = async (a: ActorName) => (await as[a].get('/api/assessments/2026/appeals')).json().items.map((x: { id: number }) => x.id);
    expect(await seen('admin')).toEqual([appealId]);
    expect(await seen('unitadmin')).toEqual([appealId]);
    for (const a of ['badmin', 'sec_a1', 'scorer'] as const) expect(await seen(a), a).toEqual([]);
  });

  it('answering an appeal: the committee only', async () => {
    const before = await snapshot();
    for (const a of ACTORS.filter((x) => x !== 'admin')) expect((await as[a].post(`/api/assessment-appeals/${appealId}/answer`, { decision: 'upheld', answer: '成立', newScore: 10 })).statusCode, a).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect(await statuses((c) => c.post(`/api/assessment-appeals/${appealId}/answer`, { decision: 'rejected', answer: '维持原评分' }))).toEqual(only('admin', 200));
  });

  it('closing: the committee only, after the window', async () => {
    env.clock.advanceMinutes(60 * 24 * 7);
    await loginAll();
    expect(await statuses((c) => c.post('/api/assessments/2026/round/close'))).toEqual(only('admin', 200));
    expect((await as.admin.get('/api/assessments/2026/round')).json().round.status).toBe('closed');
  });
});
