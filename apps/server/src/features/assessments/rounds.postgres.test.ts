import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// 年度考核 under simultaneous requests (PostgreSQL pass only: PGlite's single connection runs
// requests one after the other). Every transition of the round, a sheet or an appeal is
// load-check-write under a row lock or a guarded insert: exactly one of the racers wins, the
// others answer 409 in Chinese and change nothing — one round, one explanation per bottom unit,
// one answer with one history row, one open appeal, and no score written after publication.

let env: TestEnv;
let admins: TestClient[];
let unitadmin: TestClient;
let badmin: TestClient;
let A: number;
let B: number;

beforeAll(async () => {
  env = await createTestEnv();
  ({ a: { id: A }, b: { id: B } } = env.fx);
  await env.addAccount('badmin', [[B, 'org_admin']]);
  await login();
  const scheme = (await admins[0]!.post('/api/assessments', { year: 2026 })).json().id;
  expect((await admins[0]!.put(`/api/assessments/${scheme}`, { content: demoSchemeContent(env.fx.users.admin!) })).statusCode).toBe(200);
  expect((await admins[0]!.post(`/api/assessments/${scheme}/publish`)).statusCode).toBe(200);
});
afterAll(() => env.close());

async function login() {
  admins = await Promise.all(Array.from({ length: 5 }, () => env.login('admin')));
  [unitadmin, badmin] = await Promise.all([env.login('unitadmin'), env.login('badmin')]);
}

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const audits = async (action: string) => (await env.database.db.selectFrom('audit_log').select('id').where('action', '=', action as never).execute()).length;
const sheetStatus = async (orgId: number) => (await env.database.db.selectFrom('assessment_unit').select('status').where('org_id', '=', orgId).executeTakeFirstOrThrow()).status;
const score = (orgId: number, indicatorKey: string, value: number) => ({ orgId, indicatorKey, score: value, comment: `评${value}分`, evidence: '工作台账' });

describe('年度考核 races on PostgreSQL', () => {
  it('five simultaneous openings of one year: one round, each unit’s sheet once', async () => {
    const rs = await Promise.all(admins.map((c) => c.post('/api/assessment-rounds', { year: 2026, asOf: '2026-11-20', appealDays: 3, explainBottom: 1 })));
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('2026年度考核已经启动（可能刚被他人启动），请刷新后重试');
    expect(await env.database.db.selectFrom('assessment_round').select('year').execute()).toEqual([{ year: 2026 }]);
    const units = await env.database.db.selectFrom('assessment_unit').select('org_id').orderBy('org_id').execute();
    expect(units.map((u) => u.org_id)).toEqual([A, B]);
    expect(await audits('assessment_round.open')).toBe(1);
  });

  it('a submission and an acceptance at once: accepted only what was submitted', async () => {
    const [submit, accept] = await Promise.all([unitadmin.post(`/api/assessments/2026/units/${A}/submit`), admins[0]!.post(`/api/assessments/2026/units/${A}/accept`)]);
    expect(submit.statusCode).toBe(200);
    // Either the acceptance waited for the submission (both done) or it came first and found nothing to accept.
    expect([200, 409]).toContain(accept.statusCode);
    expect(await sheetStatus(A)).toBe(accept.statusCode === 200 ? 'reviewed' : 'submitted');
    expect(await audits('assessment_unit.accept')).toBe(accept.statusCode === 200 ? 1 : 0);
    if (accept.statusCode === 409) expect((await admins[0]!.post(`/api/assessments/2026/units/${A}/accept`)).statusCode).toBe(200);
  });

  it('a submission and a return at once: returned only what was submitted', async () => {
    const [submit, ret] = await Promise.all([badmin.post(`/api/assessments/2026/units/${B}/submit`), admins[3]!.post(`/api/assessments/2026/units/${B}/return`, { reason: '材料不全' })]);
    expect(submit.statusCode).toBe(200);
    expect([200, 409]).toContain(ret.statusCode);
    const row = await env.database.db.selectFrom('assessment_unit').select(['status', 'return_reason']).where('org_id', '=', B).executeTakeFirstOrThrow();
    expect(row).toEqual(ret.statusCode === 200 ? { status: 'self_assessing', return_reason: '材料不全' } : { status: 'submitted', return_reason: null });
    expect(await audits('assessment_unit.return')).toBe(ret.statusCode === 200 ? 1 : 0);
  });

  it('a return and an acceptance of one submitted sheet at once: exactly one decision', async () => {
    if ((await sheetStatus(B)) === 'self_assessing') expect((await badmin.post(`/api/assessments/2026/units/${B}/submit`)).statusCode).toBe(200);
    const returnsBefore = await audits('assessment_unit.return');
    const [ret, accept] = await Promise.all([admins[1]!.post(`/api/assessments/2026/units/${B}/return`, { reason: '请补充材料' }), admins[2]!.post(`/api/assessments/2026/units/${B}/accept`)]);
    expect(codes([ret, accept])).toEqual([200, 409]);
    expect(await sheetStatus(B)).toBe(accept.statusCode === 200 ? 'reviewed' : 'self_assessing');
    expect((await audits('assessment_unit.return')) - returnsBefore + (await audits('assessment_unit.accept'))).toBe(2); // A's acceptance and this one decision
    if (ret.statusCode === 200) {
      expect((await badmin.post(`/api/assessments/2026/units/${B}/submit`)).statusCode).toBe(200);
      expect((await admins[0]!.post(`/api/assessments/2026/units/${B}/accept`)).statusCode).toBe(200);
    }
  });

  it('five publishes ‖ a department score: one publication; the score landed before it or was refused — the published ranking is what is stored', async () => {
    for (const org of [A, B]) for (const key of ['ideology', 'brand', 'review_result']) expect((await admins[0]!.put('/api/assessments/2026/scores', score(org, key, 8))).statusCode).toBe(200);
    const late = admins[4]!.put('/api/assessments/2026/scores', score(B, 'review_result', 60));
    const rs = await Promise.all([...admins.slice(0, 4).map((c) => c.post('/api/assessments/2026/round/publish')), admins[4]!.post('/api/assessments/2026/round/publish')]);
    const scored = await late;
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    expect(await audits('assessment_round.publish')).toBe(1);
    expect([200, 409]).toContain(scored.statusCode);
    if (scored.statusCode === 409) expect(scored.json().message).toMatch(/不能评分|已公布|申诉期/);
    const stored = await env.database.db.selectFrom('assessment_score').select('score').where('org_id', '=', B).where('indicator_key', '=', 'review_result').where('kind', '=', 'department').executeTakeFirstOrThrow();
    expect(Number(stored.score)).toBe(scored.statusCode === 200 ? 60 : 8);
    // The totals recorded at publication equal the ranking read now from what is stored.
    const published = await env.database.db.selectFrom('audit_log').select('after').where('action', '=', 'assessment_round.publish' as never).executeTakeFirstOrThrow();
    const atPublication = (published.after as { ranking: { orgId: number; total: number }[] }).ranking;
    const now = (await admins[0]!.get('/api/assessments/2026/ranking')).json().series.flatMap((s: { units: { orgId: number; parts: { total: number } }[] }) => s.units.map((u) => ({ orgId: u.orgId, total: u.parts.total })));
    expect(now.sort((x: { orgId: number }, y: { orgId: number }) => x.orgId - y.orgId)).toEqual(atPublication.map(({ orgId, total }) => ({ orgId, total })).sort((x, y) => x.orgId - y.orgId));
    expect((await env.database.db.selectFrom('assessment_round').select('status').executeTakeFirstOrThrow()).status).toBe('published');
  });

  it('five filings of the same appeal at once: one open appeal', async () => {
    const units = await Promise.all(Array.from({ length: 5 }, () => env.login('unitadmin')));
    const rs = await Promise.all(units.map((c, i) => c.post(`/api/assessments/2026/units/${A}/appeals`, { indicatorKey: 'ideology', reason: `申诉理由${i}` })));
    expect(codes(rs)).toEqual([201, 409, 409, 409, 409]);
    for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('“意识形态和宣传思想工作”已有待答复的申诉，请等待答复');
    const appeals = await env.database.db.selectFrom('assessment_appeal').select(['id', 'status']).execute();
    expect(appeals).toEqual([{ id: rs.find((r) => r.statusCode === 201)!.json().id, status: 'open' }]);
    expect(await audits('assessment_appeal.create')).toBe(1);
  });

  it('five answers of one appeal with different decisions at once: one answer, at most one history row — the winner’s', async () => {
    const { id } = await env.database.db.selectFrom('assessment_appeal').select('id').executeTakeFirstOrThrow();
    const answers = [
      { decision: 'upheld', answer: '成立甲', newScore: 9 },
      { decision: 'rejected', answer: '驳回乙' },
      { decision: 'upheld', answer: '成立丙', newScore: 9.5 },
      { decision: 'rejected', answer: '驳回丁' },
      { decision: 'upheld', answer: '成立戊', newScore: 10 },
    ];
    const rs = await Promise.all(admins.map((c, i) => c.post(`/api/assessment-appeals/${id}/answer`, answers[i])));
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    const winner = answers[rs.findIndex((r) => r.statusCode === 200)]!;
    const appeal = await env.database.db.selectFrom('assessment_appeal').select(['status', 'answer', 'new_score']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(appeal).toMatchObject({ status: winner.decision, answer: winner.answer });
    const history = await env.database.db.selectFrom('assessment_score_change').select(['to_score', 'appeal_id']).where('appeal_id', '=', id).execute();
    const appealScores = await env.database.db.selectFrom('assessment_score').select('score').where('kind', '=', 'appeal').execute();
    if (winner.decision === 'upheld') {
      expect(history.map((h) => Number(h.to_score))).toEqual([winner.newScore]);
      expect(appealScores.map((s) => Number(s.score))).toEqual([winner.newScore]);
    } else {
      expect(history).toEqual([]);
      expect(appealScores).toEqual([]);
    }
    expect(await audits('assessment_appeal.answer')).toBe(1);
  });

  it('five closings at once: one, with one explanation item per bottom unit', async () => {
    env.clock.advanceMinutes(60 * 24 * 7);
    await login();
    const rs = await Promise.all(admins.map((c) => c.post('/api/assessments/2026/round/close')));
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    expect(await audits('assessment_round.close')).toBe(1);
    const ranking = (await admins[0]!.get('/api/assessments/2026/ranking')).json();
    type Row = { orgId: number; mustExplain: boolean; parts: { total: number } };
    const bottom = ranking.series.flatMap((s: { units: Row[] }) => s.units.filter((u) => u.mustExplain).map((u) => u.orgId)).sort();
    // The last place of each series explains — all of it when units tie there (the answer race
    // above decides A's score, so A and B may tie).
    const last = ranking.series.flatMap((s: { units: Row[] }) => {
      const min = Math.min(...s.units.map((u) => u.parts.total));
      return s.units.length > 1 ? s.units.filter((u) => u.parts.total === min).map((u) => u.orgId) : [];
    }).sort();
    expect(last.length).toBeGreaterThan(0);
    expect(bottom).toEqual(last);
    const items = await env.database.db.selectFrom('list_item').select('org_id').where('source', '=', 'assessment').execute();
    expect(items.map((i) => i.org_id).sort()).toEqual(bottom);
  });
});
