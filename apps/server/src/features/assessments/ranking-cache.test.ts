import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';
import { computeRanking, rankingOf, requireRound } from './round-data.ts';

// The ranking kept per round state (rankingOf) is always the ranking computed afresh from the rows
// (computeRanking): after each kind of change the ranking is made of — a department score, a
// deduction, a self-assessment's status, a veto, an open appeal, a recomputation, an organisation
// renamed, the explanation item's status — the kept one follows, and the API answers it.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unitadmin] = await Promise.all([env.login('admin'), env.login('unitadmin')]);
  const content = demoSchemeContent(env.fx.users.admin!);
  const created = (await admin.post('/api/assessments', { year: 2026 })).json();
  expect((await admin.put(`/api/assessments/${created.id}`, { content })).statusCode).toBe(200);
  expect((await admin.post(`/api/assessments/${created.id}/publish`)).statusCode).toBe(200);
  expect((await admin.post('/api/assessment-rounds', { year: 2026, asOf: '2026-11-20', appealDays: 1, explainBottom: 1 })).statusCode).toBe(200);
});
afterAll(() => env.close());

/** The kept ranking equals the computed one; returns it (as the API's rows). */
async function same() {
  const r = await requireRound(env.deps.db, 2026);
  const kept = await rankingOf(env.deps.db, r);
  expect(kept).toEqual(await computeRanking(env.deps.db, r));
  // The API answers the same rows.
  const api = (await admin.get('/api/assessments/2026/ranking')).json();
  const byOrg = new Map(api.series.flatMap((s: { units: { orgId: number }[] }) => s.units).map((u: { orgId: number }) => [u.orgId, u]));
  for (const u of kept) expect(byOrg.get(u.orgId)).toMatchObject({ rank: u.rank, grade: u.grade, status: u.status, pending: u.pending, openAppeals: u.openAppeals, orgName: u.orgName });
  return kept;
}
const unit = (rows: Awaited<ReturnType<typeof same>>, orgId: number) => rows.find((u) => u.orgId === orgId)!;

describe('the kept ranking', () => {
  it('follows every change it is made of', async () => {
    const { a, b } = env.fx;
    let rows = await same();
    expect(unit(rows, a.id).pending).toBe(3);

    // A department score.
    expect((await admin.put('/api/assessments/2026/scores', { orgId: a.id, indicatorKey: 'ideology', score: 8, comment: '好', evidence: '台账' })).statusCode).toBe(200);
    rows = await same();
    expect(unit(rows, a.id).pending).toBe(2);
    const before = unit(rows, a.id).parts.total;
    // The same score changed.
    await admin.put('/api/assessments/2026/scores', { orgId: a.id, indicatorKey: 'ideology', score: 9, comment: '好', evidence: '台账' });
    rows = await same();
    expect(unit(rows, a.id).parts.total).toBeGreaterThan(before);

    // A recorded deduction, then taken back.
    const ev = (await admin.post('/api/assessments/2026/deduction-events', { orgId: b.id, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: '2026-04-01', count: 3, note: '点名' })).json();
    const bBefore = unit(rows, b.id).parts.total;
    rows = await same();
    expect(unit(rows, b.id).parts.total).toBeLessThan(bBefore);
    await admin.delete(`/api/assessment-deductions/${ev.id}`);
    rows = await same();
    expect(unit(rows, b.id).parts.total).toBe(bBefore);

    // A self-assessment submitted and accepted.
    await unitadmin.post(`/api/assessments/2026/units/${a.id}/submit`);
    expect(unit(await same(), a.id).status).toBe('submitted');
    await admin.post(`/api/assessments/2026/units/${a.id}/accept`);
    expect(unit(await same(), a.id).status).toBe('reviewed');

    // A veto.
    await admin.put(`/api/assessments/2026/units/${b.id}/vetoes`, { vetoes: [{ key: 'accountability', reason: '被问责' }] });
    expect(unit(await same(), b.id).vetoes).toBe(1);

    // A recomputation as of another day (the computed indicators change with the records).
    await env.deps.db.insertInto('card').values({ kind: 'red', org_id: env.fx.b1.id, member_id: null, reason: '三会一课不落实', issued_on: '2026-11-25', year: 2026, inspection_id: null, issued_by: null, created_at: env.clock.now }).execute();
    const bCards = unit(await same(), b.id).parts.total;
    expect((await admin.post('/api/assessments/2026/round/recompute', { asOf: '2026-11-30' })).statusCode).toBe(200);
    expect(unit(await same(), b.id).parts.total).toBeLessThan(bCards);

    // An organisation renamed.
    await env.deps.db.updateTable('org').set({ name: 'A局机关党委（更名）' }).where('id', '=', a.id).execute();
    expect(unit(await same(), a.id).orgName).toBe('A局机关党委（更名）');
  });

  it('follows appeals and the explanation item after publishing and closing', async () => {
    const { a, b } = env.fx;
    for (const org of [a.id, b.id]) {
      for (const key of ['ideology', 'brand']) await admin.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: key, score: 8, comment: '好', evidence: '材料' });
      await admin.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: 'review_result', score: org === a.id ? 70 : 90, comment: '评议', evidence: '票' });
    }
    await unitadmin.post(`/api/assessments/2026/units/${a.id}/submit`);
    await env.deps.db.updateTable('assessment_unit').set({ status: 'reviewed' }).where('org_id', '=', b.id).execute();
    expect((await admin.post('/api/assessments/2026/round/publish')).statusCode).toBe(200);
    const filed = (await unitadmin.post(`/api/assessments/2026/units/${a.id}/appeals`, { indicatorKey: 'brand', reason: '材料已补' })).json();
    expect(unit(await same(), a.id).openAppeals).toBe(1);
    await admin.post(`/api/assessment-appeals/${filed.id}/answer`, { decision: 'upheld', answer: '属实', newScore: 10 });
    const rows = await same();
    expect(unit(rows, a.id).openAppeals).toBe(0);
    env.clock.advanceMinutes(60 * 24 * 3);
    admin = await env.login('admin');
    expect((await admin.post('/api/assessments/2026/round/close')).statusCode).toBe(200);
    const closed = await same();
    const last = closed.find((u) => u.mustExplain)!;
    expect(last.explanation).toMatchObject({ status: 'in_progress' });
    // The explanation item moves on in the lists' workflow (outside the round): the ranking shows it.
    await env.deps.db.updateTable('list_item').set({ status: 'closed', closed_on: '2026-12-20' }).where('id', '=', last.explanation!.itemId).execute();
    expect(unit(await same(), last.orgId).explanation).toMatchObject({ status: 'closed' });
  });
});
