import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// 年度考核 through the API (AR-1…AR-8): a round opened on the published scheme, computed
// indicators equal to a recount of their records, departments scoring only their indicators, the
// self-assessment reviewed, results published with an appeal window, an appeal upheld with its
// history, closing with the bottom unit's explanation in its supervision list.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let scorer: TestClient;
let badmin: TestClient;
const users: Record<string, number> = {};

const addAccount = async (username: string, grants: [number, string][]) => {
  users[username] = await env.addAccount(username, grants);
};

/** Key tasks of A: one closed on time, one closed late, one overdue and open; one of B not yet due. */
async function seedRecords() {
  const db = env.deps.db;
  const { a1, a2, b1 } = env.fx;
  const item = async (orgId: number, title: string, deadline: string, closedOn: string | null, source = 'key_task') => {
    const { id } = await db
      .insertInto('list_item')
      .values({ org_id: orgId, year: 2026, list_kind: 'task', source, category: '重点任务', title, content: title, evidence_required: '', start_on: '2026-01-05', deadline, closed_on: closedOn, status: closedOn ? 'closed' : 'in_progress', responsible_name: '', leader_name: '', created_by: null, created_at: env.clock.now, updated_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  await item(a1.id, '按期完成的任务', '2026-06-30', '2026-06-20');
  const late = await item(a2.id, '逾期完成的任务', '2026-06-30', '2026-07-10');
  const open = await item(a1.id, '逾期未完成的任务', '2026-09-30', null);
  await item(b1.id, '尚未到期的任务', '2026-12-31', null);
  await db.insertInto('card').values({ kind: 'red', org_id: b1.id, member_id: null, reason: '三会一课长期不落实', issued_on: '2026-05-10', year: 2026, inspection_id: null, issued_by: null, created_at: env.clock.now }).execute();
  return { late, open };
}

beforeAll(async () => {
  env = await createTestEnv();
  await addAccount('scorer_xc', [[env.fx.root.id, 'org_admin']]);
  await addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  [admin, unitadmin, scorer, badmin] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('scorer_xc'), env.login('badmin')]);
  // The 2026 scheme: the demo's, with 宣传部's manual indicators scored by scorer_xc.
  const content = demoSchemeContent(env.fx.users.admin!);
  for (const c of content.categories) for (const i of c.indicators) if (i.department.name === '宣传部') i.department.userIds = [users.scorer_xc!];
  const created = (await admin.post('/api/assessments', { year: 2026 })).json();
  expect((await admin.put(`/api/assessments/${created.id}`, { content })).statusCode).toBe(200);
  expect((await admin.post(`/api/assessments/${created.id}/publish`)).statusCode).toBe(200);
});
afterAll(() => env.close());

const sheet = async (c: TestClient, orgId: number) => (await c.get(`/api/assessments/2026/units/${orgId}`)).json();
const indicator = (s: { categories: { indicators: { key: string }[] }[] }, key: string) => s.categories.flatMap((c) => c.indicators).find((i) => i.key === key) as unknown as Record<string, unknown> & { score: number | null; events: { label: string; ref: { type: string; id: number } | null }[] };

describe('a year’s round', () => {
  let records: Awaited<ReturnType<typeof seedRecords>>;

  it('only the committee opens it, on the published scheme, once', async () => {
    records = await seedRecords();
    expect((await unitadmin.post('/api/assessment-rounds', { year: 2026 })).statusCode).toBe(403);
    expect((await admin.post('/api/assessment-rounds', { year: 2025 })).json().message).toBe('2025年度考核方案尚未发布，发布后才能启动考核');
    const bad = await admin.post('/api/assessment-rounds', { year: 2026, asOf: '2025-12-31' });
    expect(bad.statusCode).toBe(400);
    const r = await admin.post('/api/assessment-rounds', { year: 2026, asOf: '2026-11-20', appealDays: 3, explainBottom: 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().round).toMatchObject({ year: 2026, status: 'scoring', asOf: '2026-11-20', units: 2, submitted: 0, reviewed: 0 });
    expect((await admin.post('/api/assessment-rounds', { year: 2026 })).statusCode).toBe(409);
  });

  it('a computed indicator equals a recount of the records it names, and lists them', async () => {
    const a = await sheet(admin, env.fx.a.id);
    const keyTasks = indicator(a, 'key_tasks');
    // Independent recount: A's subtree, key tasks due by the day, closed by their deadline.
    const { rows } = await sql<{ due: number; on_time: number }>`
      select count(*)::int as due, (count(*) filter (where i.closed_on <= i.deadline))::int as on_time
      from list_item i join org o on o.id = i.org_id
      where o.path like ${`${env.fx.a.path}%`} and i.year = 2026 and i.source = 'key_task'
        and (i.deadline <= '2026-11-20' or i.closed_on <= '2026-11-20')`.execute(env.deps.db);
    const { due, on_time } = rows[0]!;
    expect(due).toBe(3);
    const rate = Math.round((on_time * 1000) / due) / 10;
    // fullAt 100, zeroAt 50: (33.3 − 50) < 0 → 0 points
    expect(keyTasks.summary).toBe(`到期重点任务${due}项，按期办结${on_time}项，按期率${rate}%（满分线100%，零分线50%）`);
    expect(keyTasks.score).toBe(0);
    expect(keyTasks.events.map((e) => e.ref)).toEqual([{ type: 'list_item', id: records.late }, { type: 'list_item', id: records.open }]);
    expect(keyTasks.events[0]!.label).toContain('逾期办结（时限2026-06-30，2026-07-10销号）');

    const b = await sheet(admin, env.fx.b.id);
    expect(indicator(b, 'key_tasks')).toMatchObject({ score: 15, summary: '截至计算日没有到期的重点任务，按满分计' });
    // The red card: 3 points off 10.
    const cards = indicator(b, 'cards');
    expect(cards).toMatchObject({ score: 7, summary: '年度内被亮牌1张，共扣3分' });
    expect(cards.events[0]!.label).toBe('B局综合处党支部被亮红牌：三会一课长期不落实');
  });

  it('a scoring department sees only its own indicators and scores them with evidence', async () => {
    expect((await unitadmin.get('/api/assessments/2026/scoring')).statusCode).toBe(403);
    // The session tells the console whom to show 部门评分 in the menu, and for which year.
    expect((await scorer.get('/api/auth/session')).json().scoringYear).toBe(2026);
    expect((await unitadmin.get('/api/auth/session')).json().scoringYear).toBeNull();
    const mine = (await scorer.get('/api/assessments/2026/scoring')).json();
    expect(mine.indicators.map((i: { key: string }) => i.key)).toEqual(['ideology', 'brand']);
    expect(mine.canScore).toBe(true);
    const all = (await admin.get('/api/assessments/2026/scoring')).json();
    expect(all.indicators.map((i: { key: string }) => i.key)).toEqual(['ideology', 'platform_records', 'supervision_issues', 'brand', 'review_result']);

    // Not theirs: 403; without evidence: 400; above the maximum: 400 — nothing stored.
    expect((await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.a.id, indicatorKey: 'review_result', score: 90, comment: '好', evidence: '材料' })).statusCode).toBe(403);
    const noEvidence = await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.a.id, indicatorKey: 'ideology', score: 8, comment: '责任制落实较好' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().message).toBe('“意识形态和宣传思想工作”评分须写明评分依据');
    expect((await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.a.id, indicatorKey: 'ideology', score: 11, comment: 'x', evidence: 'y' })).json().message).toBe('“意识形态和宣传思想工作”最高10分');
    expect((await sheet(admin, env.fx.a.id)).pending).toBe(3);

    const ok = await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.a.id, indicatorKey: 'ideology', score: 8, comment: '责任制落实较好', evidence: '2026年意识形态工作台账' });
    expect(ok.statusCode, ok.body).toBe(200);
    const ideology = indicator(await sheet(admin, env.fx.a.id), 'ideology');
    expect(ideology).toMatchObject({ score: 8, comment: '责任制落实较好', evidence: '2026年意识形态工作台账', scoredBy: 'scorer_xc' });
  });

  it('a deduction table counts the recorded events and caps the deduction', async () => {
    const add = (n: number) => admin.post('/api/assessments/2026/deduction-events', { orgId: env.fx.b.id, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: '2026-04-01', count: n, note: '被工委点名通报' });
    expect((await add(3)).statusCode).toBe(201);
    let b = indicator(await sheet(admin, env.fx.b.id), 'supervision_issues');
    expect(b).toMatchObject({ score: 8.5, summary: '被工委或纪检组点名指出问题，每次3次，扣1.5分' });
    const big = (await add(20)).json();
    b = indicator(await sheet(admin, env.fx.b.id), 'supervision_issues');
    // cap 6: at most 6 points off 10
    expect(b.score).toBe(4);
    expect((await admin.delete(`/api/assessment-deductions/${big.id}`)).statusCode).toBe(200);
    expect(indicator(await sheet(admin, env.fx.b.id), 'supervision_issues').score).toBe(8.5);
    const wrong = await admin.post('/api/assessments/2026/deduction-events', { orgId: env.fx.b.id, indicatorKey: 'supervision_issues', event: 'dues_unpaid', occurredOn: '2026-04-01', note: 'x' });
    expect(wrong.json().message).toBe('“督查和点名问题”的扣分表中没有该事项');
  });

  it('a unit self-assesses and submits; only its own admin may; the committee returns or accepts', async () => {
    const self = { note: '全年工作总结', scores: [{ indicatorKey: 'ideology', score: 10, note: '落实到位' }] };
    expect((await badmin.put(`/api/assessments/2026/units/${env.fx.a.id}/self`, self)).statusCode).toBe(403);
    expect((await admin.put(`/api/assessments/2026/units/${env.fx.a.id}/self`, self)).statusCode).toBe(403);
    expect((await unitadmin.put(`/api/assessments/2026/units/${env.fx.a.id}/self`, self)).statusCode).toBe(200);
    expect((await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/submit`)).statusCode).toBe(200);
    expect((await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/submit`)).statusCode).toBe(409);
    expect((await unitadmin.put(`/api/assessments/2026/units/${env.fx.a.id}/self`, self)).statusCode).toBe(409);
    expect((await admin.post(`/api/assessments/2026/units/${env.fx.a.id}/return`, { reason: '请补充意识形态工作材料' })).statusCode).toBe(200);
    const a = await sheet(unitadmin, env.fx.a.id);
    expect(a).toMatchObject({ status: 'self_assessing', returnReason: '请补充意识形态工作材料', selfNote: '全年工作总结', grade: '', rank: 0 });
    expect(indicator(a, 'ideology')).toMatchObject({ selfScore: 10, selfNote: '落实到位', score: 8 });
    await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/submit`);
    expect((await admin.post(`/api/assessments/2026/units/${env.fx.a.id}/accept`)).statusCode).toBe(200);
  });

  it('the ranking is the committee’s preview until published; publishing waits for every review and score', async () => {
    expect((await unitadmin.get('/api/assessments/2026/ranking')).statusCode).toBe(403);
    expect((await admin.get('/api/assessments/2026/ranking')).json()).toMatchObject({ published: false });
    let r = await admin.post('/api/assessments/2026/round/publish');
    expect(r.json().message).toBe('还有1个单位的自评未审核（B局机关党委），审核后才能公布');
    await badmin.post(`/api/assessments/2026/units/${env.fx.b.id}/submit`);
    await admin.post(`/api/assessments/2026/units/${env.fx.b.id}/accept`);
    r = await admin.post('/api/assessments/2026/round/publish');
    expect(r.json().message).toMatch(/^还有5项部门评分未完成/);
    for (const org of [env.fx.a.id, env.fx.b.id]) {
      await scorer.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: 'brand', score: 8, comment: '有品牌', evidence: '品牌创建材料' });
      await admin.put('/api/assessments/2026/scores', { orgId: org, indicatorKey: 'review_result', score: org === env.fx.a.id ? 80 : 92, comment: '述职评议', evidence: '评议票' });
    }
    await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.b.id, indicatorKey: 'ideology', score: 9, comment: '较好', evidence: '台账' });
    r = await admin.post('/api/assessments/2026/round/publish');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().round).toMatchObject({ status: 'published', appealUntil: '2026-11-25' });
    expect((await scorer.get('/api/auth/session')).json().scoringYear).toBeNull(); // scoring is over: 部门评分 leaves the menu
    const ranking = (await unitadmin.get('/api/assessments/2026/ranking')).json();
    expect(ranking.published).toBe(true);
    const units = ranking.series[0].units;
    expect(units.map((u: { orgName: string; rank: number }) => [u.orgName, u.rank])).toEqual([['B局机关党委', 1], ['A局机关党委', 2]]);
    // Two units: the last is never 优秀, and it must explain.
    expect(units[1]).toMatchObject({ mustExplain: true });
    expect(units[0].mustExplain).toBe(false);
  });

  it('a unit appeals within the window; the committee answers; an upheld appeal changes the score with its history', async () => {
    const before = indicator(await sheet(unitadmin, env.fx.a.id), 'ideology');
    const filed = await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/appeals`, { indicatorKey: 'ideology', reason: '已补交意识形态工作台账' });
    expect(filed.statusCode, filed.body).toBe(201);
    expect((await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/appeals`, { indicatorKey: 'ideology', reason: '再次' })).json().message).toBe('“意识形态和宣传思想工作”已有待答复的申诉，请等待答复');
    expect((await badmin.post(`/api/assessments/2026/units/${env.fx.a.id}/appeals`, { indicatorKey: 'ideology', reason: 'x' })).statusCode).toBe(403);
    expect((await unitadmin.post(`/api/assessment-appeals/${filed.json().id}/answer`, { decision: 'rejected', answer: 'x' })).statusCode).toBe(403);
    expect((await admin.post(`/api/assessment-appeals/${filed.json().id}/answer`, { decision: 'upheld', answer: '材料属实' })).statusCode).toBe(400);
    const answered = await admin.post(`/api/assessment-appeals/${filed.json().id}/answer`, { decision: 'upheld', answer: '材料属实，予以调整', newScore: 9.5 });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await admin.post(`/api/assessment-appeals/${filed.json().id}/answer`, { decision: 'rejected', answer: '再答' })).statusCode).toBe(409);
    const after = await sheet(unitadmin, env.fx.a.id);
    const ideology = indicator(after, 'ideology');
    expect(before.score).toBe(8);
    expect(ideology).toMatchObject({ score: 9.5, originalScore: 8 });
    expect((ideology.changes as { from: number | null; to: number; reason: string; appealId: number | null }[]).map((c) => [c.from, c.to, c.appealId])).toEqual([[null, 8, null], [8, 9.5, filed.json().id]]);
    expect(after.appeals[0]).toMatchObject({ status: 'upheld', scoreBefore: 8, newScore: 9.5, answer: '材料属实，予以调整', indicatorName: '意识形态和宣传思想工作' });
  });

  it('closing waits for the window; then the bottom unit’s explanation is an item of its supervision list', async () => {
    const r = await admin.post('/api/assessments/2026/round/close');
    expect(r.json().message).toBe('申诉期至2026-11-25结束，申诉期满后才能定档');
    env.clock.advanceMinutes(60 * 24 * 3);
    [admin, unitadmin, scorer] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('scorer_xc')]);
    expect((await unitadmin.post(`/api/assessments/2026/units/${env.fx.a.id}/appeals`, { indicatorKey: 'brand', reason: '晚了' })).json().message).toBe('申诉期已于2026-11-25结束');
    const closed = await admin.post('/api/assessments/2026/round/close');
    expect(closed.statusCode, closed.body).toBe(200);
    const ranking = (await admin.get('/api/assessments/2026/ranking')).json();
    const last = ranking.series[0].units[1];
    expect(last).toMatchObject({ orgName: 'A局机关党委', mustExplain: true, explanation: { status: 'in_progress', statusLabel: '推进中' } });
    const item = await env.deps.db.selectFrom('list_item').selectAll().where('id', '=', last.explanation.itemId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ org_id: env.fx.a.id, list_kind: 'problem', source: 'assessment', title: '2026年度党建考核排名靠后情况说明' });
    // The unit sees it in its own lists.
    const lists = (await unitadmin.get(`/api/lists?year=2026&orgId=${env.fx.a.id}&kind=problem`)).json();
    expect(JSON.stringify(lists)).toContain('2026年度党建考核排名靠后情况说明');
    // Fixed: no more scoring.
    expect((await scorer.put('/api/assessments/2026/scores', { orgId: env.fx.a.id, indicatorKey: 'brand', score: 1, comment: 'x', evidence: 'y' })).statusCode).toBe(409);
  });

  it('every change left an audit record', async () => {
    const actions = (await env.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'assessment_%').execute()).map((a) => a.action);
    for (const a of ['assessment_round.open', 'assessment_score.set', 'assessment_deduction.create', 'assessment_deduction.delete', 'assessment_unit.self_assess', 'assessment_unit.submit', 'assessment_unit.return', 'assessment_unit.accept', 'assessment_round.publish', 'assessment_appeal.create', 'assessment_appeal.answer', 'assessment_round.close'])
      expect(actions).toContain(a);
  });
});
