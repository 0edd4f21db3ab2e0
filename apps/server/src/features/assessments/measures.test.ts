import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localDate, measureDefaults, rateScore, type SchemeContent } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';
import { assessedUnits, computeRound } from './measures.ts';

// The computed indicators of 年度考核 (AS-3, AR-2/3) against a recount of the records they name:
// 组织生活达标率 against the compliance page, 整改按期销号率, 获得表彰, 党纪政务处分 (severity,
// revoked, one case once, a case counted in last year's closed round), 述职评议得分 and the
// meetings recorded after their month. Each: the score, the sentence and the records behind it.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let badmin: TestClient;
let A: number;
let B: number;
let asOf: string;
const ids: Record<string, number> = {};

type Indicator = { key: string; score: number | null; summary: string; events: { label: string; points: number | null; ref: { type: string; id: number } | null }[]; moreEvents: number };
const sheet = async (orgId: number) => {
  const r = await admin.get(`/api/assessments/2026/units/${orgId}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { categories: { indicators: Indicator[] }[] };
};
const indicator = async (orgId: number, key: string) => (await sheet(orgId)).categories.flatMap((c) => c.indicators).find((i) => i.key === key)!;
const refs = (i: Indicator) => i.events.map((e) => e.ref);

async function login() {
  [admin, unitadmin, badmin] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('badmin')]);
}

async function publishScheme(year: number, content: SchemeContent) {
  const id = (await admin.post('/api/assessments', { year })).json().id;
  const put = await admin.put(`/api/assessments/${id}`, { content });
  expect(put.statusCode, put.body).toBe(200);
  expect((await admin.post(`/api/assessments/${id}/publish`)).statusCode).toBe(200);
}

async function discipline(key: string, o: { orgId: number; memberId: number; kind: string; category: string; decidedOn: string; caseNo: string; judicial?: boolean; revoked?: boolean }) {
  const { id } = await env.deps.db
    .insertInto('discipline_record')
    .values({ member_id: o.memberId, org_id: o.orgId, kind: o.kind, category: o.category, decided_on: o.decidedOn, effective_from: o.decidedOn, decided_by: '纪检组', case_no: o.caseNo, referred_to_judiciary: o.judicial ?? false, summary: '违反工作纪律', status: o.revoked ? 'revoked' : 'effective', revoked_on: o.revoked ? '2026-08-01' : null, revoked_reason: o.revoked ? '复查撤销' : null, created_by: null, created_at: env.clock.now, updated_at: env.clock.now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = id;
}

/** Last year's round on the demo scheme, run to its close: A's case JJ-2025-01 is counted there. */
async function closeLastYear() {
  await publishScheme(2025, demoSchemeContent(env.fx.users.admin!));
  await discipline('case2025', { orgId: env.fx.a1.id, memberId: env.fx.membersA1[2]!, kind: 'party_warning', category: 'party', decidedOn: '2025-06-01', caseNo: 'JJ-2025-01' });
  expect((await admin.post('/api/assessment-rounds', { year: 2025, appealDays: 1 })).statusCode).toBe(200);
  for (const [c, org] of [[unitadmin, A], [badmin, B]] as const) {
    expect((await c.post(`/api/assessments/2025/units/${org}/submit`)).statusCode).toBe(200);
    expect((await admin.post(`/api/assessments/2025/units/${org}/accept`)).statusCode).toBe(200);
    for (const key of ['ideology', 'brand', 'review_result']) expect((await admin.put('/api/assessments/2025/scores', { orgId: org, indicatorKey: key, score: 8, comment: '评', evidence: '据' })).statusCode).toBe(200);
  }
  const pub = await admin.post('/api/assessments/2025/round/publish');
  expect(pub.statusCode, pub.body).toBe(200);
  env.clock.advanceMinutes(60 * 24 * 7);
  await login();
  const closed = await admin.post('/api/assessments/2025/round/close');
  expect(closed.statusCode, closed.body).toBe(200);
  const a2025 = await indicatorOf(2025, A, 'discipline_cases');
  expect(a2025).toMatchObject({ score: 3, summary: '年度内处分案件1件计入，扣3分' });
}
const indicatorOf = async (year: number, orgId: number, key: string) => ((await admin.get(`/api/assessments/${year}/units/${orgId}`)).json() as { categories: { indicators: Indicator[] }[] }).categories.flatMap((c) => c.indicators).find((i) => i.key === key)!;

/** A meeting held on a day and first recorded at an instant; `imported`: through the history import (补录). */
async function meeting(key: string, heldOn: string, createdAt: string, o: { imported?: boolean; status?: string } = {}) {
  let importId: number | null = null;
  if (o.imported) {
    importId = (await env.deps.db.insertInto('activity_import').values({ file_name: '历史记录.xlsx', imported_by: env.fx.users.admin!, imported_at: new Date(createdAt), rows: 1, created: 1, skipped: 0 } as never).returning('id').executeTakeFirstOrThrow()).id;
  }
  const start = new Date(`${heldOn}T01:00:00Z`);
  const { id } = await env.deps.db
    .insertInto('activity')
    .values({ org_id: env.fx.a1.id, types: ['branch_assembly'], status: o.status ?? 'approved', title: `${key}支部党员大会`, starts_at: start, ends_at: new Date(start.getTime() + 3600_000), held_on: heldOn, import_id: importId, created_at: new Date(createdAt), updated_at: new Date(createdAt) } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = id;
}

async function honours() {
  const db = env.deps.db;
  const campaign = async (title: string, target: 'member' | 'org', status: string, namedOn: string | null) =>
    (await db.insertInto('honour_campaign').values({ year: 2026, kind: target === 'member' ? 'excellent_member' : 'advanced_org', target, title, period_from: '2025-07-01', period_to: '2026-06-30', quota: 5, rules: '{}', publicity_days: 5, objection_contact: '工委组织部', status, named_on: namedOn, created_by: null, created_at: env.clock.now, updated_at: env.clock.now } as never).returning('id').executeTakeFirstOrThrow()).id;
  const nominate = async (key: string, campaignId: number, o: { orgId?: number; memberId?: number; countsFor: number; status: string }) => {
    ids[key] = (await db.insertInto('honour_nomination').values({ campaign_id: campaignId, nominating_org_id: o.countsFor, org_id: o.orgId ?? null, member_id: o.memberId ?? null, counts_for_org_id: o.countsFor, deeds: '事迹', eligibility: '[]', eligible: true, status: o.status, created_by: null, created_at: env.clock.now } as never).returning('id').executeTakeFirstOrThrow()).id;
  };
  const members = await campaign('2026年度优秀共产党员', 'member', 'named', '2026-07-01');
  const orgs = await campaign('2026年度先进基层党组织', 'org', 'named', '2026-07-01');
  const pending = await campaign('2026年度党员先锋岗', 'member', 'publicity', null);
  await nominate('honourMember', members, { memberId: env.fx.membersA1[4]!, countsFor: env.fx.a1.id, status: 'named' });
  await nominate('honourOrg', orgs, { orgId: env.fx.a2.id, countsFor: env.fx.a2.id, status: 'named' });
  await nominate('honourRejected', members, { memberId: env.fx.membersA1[5]!, countsFor: env.fx.a1.id, status: 'rejected' });
  await nominate('honourPending', pending, { memberId: env.fx.membersA1[6]!, countsFor: env.fx.a1.id, status: 'approved' });
}

async function rectifications() {
  const item = async (key: string, orgId: number, deadline: string, closedOn: string | null, source = 'inspection') => {
    ids[key] = (await env.deps.db
      .insertInto('list_item')
      .values({ org_id: orgId, year: 2026, list_kind: 'problem', source, category: '督查发现问题', title: key, content: key, evidence_required: '', start_on: '2026-01-05', deadline, closed_on: closedOn, status: closedOn ? 'closed' : 'in_progress', responsible_name: '', leader_name: '', created_by: null, created_at: env.clock.now, updated_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
  };
  await item('按期整改一', env.fx.a1.id, '2026-05-31', '2026-05-20');
  await item('按期整改二', env.fx.a2.id, '2026-06-30', '2026-06-30');
  await item('逾期整改', env.fx.a2.id, '2026-06-30', '2026-07-15');
  await item('逾期未整改', env.fx.a1.id, '2026-09-30', null);
  await item('尚未到期', env.fx.a1.id, '2026-12-31', null);
  await item('重点任务不算', env.fx.a1.id, '2026-03-31', null, 'key_task');
}

/** 述职评议 of the year through its API, to its close; the results by its own rule. */
async function reviewCampaign() {
  const id = (await admin.post('/api/review-campaigns', { year: 2026, name: '2026年度党组织书记述职评议' })).json().id;
  ids.campaign = id;
  const setup = await admin.put(`/api/review-campaigns/${id}/setup`, {
    name: '2026年度党组织书记述职评议',
    scale: [{ key: 'good', label: '好', score: 100 }, { key: 'fairly_good', label: '较好', score: 85 }, { key: 'average', label: '一般', score: 70 }, { key: 'poor', label: '差', score: 50 }],
    groups: [{ key: 'team', name: '班子成员', weight: 0.6 }, { key: 'cttee', name: '机关工委', weight: 0.4 }],
    reviewers: [{ userId: env.fx.users.unitadmin, groupKey: 'team' }, { userId: env.fx.users.admin, groupKey: 'cttee' }],
    reporters: [{ orgId: A, secretaryName: '王局长' }, { orgId: B, secretaryName: '李局长' }],
  });
  expect(setup.statusCode, setup.body).toBe(200);
  const rep = Object.fromEntries(setup.json().reporterList.map((p: { id: number; orgId: number }) => [p.orgId, p.id]));
  expect((await admin.post(`/api/review-campaigns/${id}/open`)).statusCode).toBe(200);
  expect((await admin.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: '2026-11-25', meetingPlace: '机关会议室' })).statusCode).toBe(200);
  expect((await admin.post(`/api/review-campaigns/${id}/start-voting`)).statusCode).toBe(200);
  for (const [c, a, b] of [[unitadmin, 'good', 'average'], [admin, 'fairly_good', 'good']] as const) {
    expect((await c.post(`/api/review-campaigns/${id}/reporters/${rep[A]}/ballot`, { grade: a })).statusCode).toBe(201);
    expect((await c.post(`/api/review-campaigns/${id}/reporters/${rep[B]}/ballot`, { grade: b })).statusCode).toBe(201);
  }
  const closed = await admin.post(`/api/review-campaigns/${id}/close`);
  expect(closed.statusCode, closed.body).toBe(200);
}

beforeAll(async () => {
  env = await createTestEnv();
  ({ a: { id: A }, b: { id: B } } = env.fx);
  await env.addAccount('badmin', [[B, 'org_admin']]);
  await login();
  await closeLastYear();
  // This year's scheme: 述职评议 computed from the closed campaign (review_score), worth 20.
  const content = demoSchemeContent(env.fx.users.admin!);
  const review = content.categories.find((c) => c.key === 'secretary_review')!;
  review.maxScore = 20;
  review.indicators = [{ key: 'review_score', name: '书记述职评议得分', maxScore: 20, cap: null, department: { name: '组织部', userIds: [env.fx.users.admin!] }, method: { kind: 'computed', measure: 'review_score', params: {} }, points: [] }];
  // 工委级 honours are worth 1.5 this year (the formula's level points, not a constant).
  content.formula.honours.levels = content.formula.honours.levels.map((l) => (l.level === 'committee' ? { ...l, points: 1.5 } : l));
  await publishScheme(2026, content);
  // 2026's cases: a light one recorded twice under one case number, a revoked heavy one, last
  // year's case again (an admonition), and for B a case referred to the judiciary.
  const m = env.fx.membersA1;
  await discipline('light1', { orgId: env.fx.a1.id, memberId: m[3]!, kind: 'party_serious_warning', category: 'party', decidedOn: '2026-03-01', caseNo: 'JJ-2026-01' });
  await discipline('light2', { orgId: env.fx.a1.id, memberId: m[4]!, kind: 'gov_demerit', category: 'government', decidedOn: '2026-03-05', caseNo: 'JJ-2026-01' });
  await discipline('revoked', { orgId: env.fx.a2.id, memberId: env.fx.membersA2[1]!, kind: 'party_removal', category: 'party', decidedOn: '2026-04-01', caseNo: 'JJ-2026-02', revoked: true });
  await discipline('again', { orgId: env.fx.a1.id, memberId: m[2]!, kind: 'admonition', category: 'organisational', decidedOn: '2026-02-01', caseNo: 'JJ-2025-01' });
  await discipline('judicial', { orgId: env.fx.b1.id, memberId: env.fx.membersB1[0]!, kind: 'party_probation', category: 'party', decidedOn: '2026-05-10', caseNo: 'JJ-2026-09', judicial: true });
  await honours();
  await rectifications();
  // Meetings: recorded after the month (late), on its last day (on time, Beijing time), just after
  // midnight Beijing of the next month (late), late but imported (补录), late but a draft.
  await meeting('late', '2026-03-10', '2026-04-03T02:00:00Z');
  await meeting('onTime', '2026-05-10', '2026-05-31T10:00:00Z');
  await meeting('pastMidnight', '2026-05-12', '2026-05-31T17:00:00Z');
  await meeting('imported', '2026-02-10', '2026-06-01T02:00:00Z', { imported: true });
  await meeting('draft', '2026-04-10', '2026-06-01T02:00:00Z', { status: 'draft' });
  await reviewCampaign();
  // A's branches held their meetings every month (the monthly counts the activities feature keeps), A2 no 党课: met cells.
  const months = (orgId: number, keys: string[]) => keys.map((count_key) => ({ org_id: orgId, year: 2026, count_key, months: Array(12).fill(1) }));
  await env.deps.db.insertInto('org_activity_year').values([...months(env.fx.a1.id, ['theme_day', 'committee_meeting', 'branch_assembly', 'party_lecture']), ...months(env.fx.a2.id, ['theme_day', 'committee_meeting', 'branch_assembly'])] as never).execute();
  asOf = localDate(env.clock.now);
  const open = await admin.post('/api/assessment-rounds', { year: 2026, appealDays: 3, explainBottom: 1 });
  expect(open.statusCode, open.body).toBe(200);
  expect(open.json().round.asOf).toBe(asOf);
});
afterAll(() => env.close());

describe('computed indicators equal a recount of their records', () => {
  it('组织生活达标率: the compliance page’s met and overdue cells of the unit’s subtree, as of the same day', async () => {
    for (const orgId of [A, B]) {
      const page = (await admin.get(`/api/compliance?year=2026&orgId=${orgId}&pageSize=500`)).json();
      expect(page.asOf).toBe(asOf);
      const cells = page.items.flatMap((o: { orgId: number; cells: { status: string }[] }) => o.cells.map((c) => ({ orgId: o.orgId, status: c.status })));
      const met = cells.filter((c: { status: string }) => c.status === 'met').length;
      const overdue = cells.filter((c: { status: string }) => c.status === 'overdue');
      const due = met + overdue.length;
      expect(due).toBeGreaterThan(0);
      if (orgId === A) expect(met).toBeGreaterThan(0);
      const rate = Math.round((met * 1000) / due) / 10;
      const i = await indicator(orgId, 'org_life');
      const p = measureDefaults('org_life_compliance_rate') as { fullAt: number; zeroAt: number };
      expect(i.summary).toBe(`到期要求${due}项，按要求开展${met}项，达标率${rate}%（满分线${p.fullAt}%，零分线${p.zeroAt}%）`);
      expect(i.score).toBe(rateScore(20, rate, p));
      // One event per overdue cell, naming its organisation.
      expect(i.events.length + i.moreEvents).toBe(overdue.length);
      const perOrg = (list: { id: number }[]) => list.reduce((m, x) => m.set(x.id, (m.get(x.id) ?? 0) + 1), new Map<number, number>());
      expect(perOrg(i.events.map((e) => e.ref!))).toEqual(perOrg(overdue.map((c: { orgId: number }) => ({ id: c.orgId }))));
      expect(i.events.every((e) => e.ref!.type === 'org' && e.label.includes('未按要求开展'))).toBe(true);
    }
  });

  it('整改按期销号率: the findings of inspections due by the day, closed by their deadline', async () => {
    const { rows } = await sql<{ due: number; on_time: number }>`
      select count(*)::int as due, (count(*) filter (where i.closed_on <= i.deadline and i.closed_on <= ${asOf}))::int as on_time
      from list_item i join org o on o.id = i.org_id
      where o.path like ${`${env.fx.a.path}%`} and i.year = 2026 and i.source = 'inspection'
        and (i.deadline <= ${asOf} or i.closed_on <= ${asOf})`.execute(env.deps.db);
    const { due, on_time } = rows[0]!;
    expect([due, on_time]).toEqual([4, 2]);
    const rate = Math.round((on_time * 1000) / due) / 10;
    const a = await indicator(A, 'rectification');
    expect(a.summary).toBe(`到期督查整改问题${due}项，按期办结${on_time}项，按期率${rate}%（满分线100%，零分线50%）`);
    expect(a.score).toBe(0);
    expect(refs(a)).toEqual([{ type: 'list_item', id: ids['逾期整改'] }, { type: 'list_item', id: ids['逾期未整改'] }]);
    expect(a.events.map((e) => e.label)).toEqual(['A局业务处党支部：“逾期整改”逾期办结（时限2026-06-30，2026-07-15销号）', 'A局综合处党支部：“逾期未整改”逾期未办结（时限2026-09-30）']);
    expect(await indicator(B, 'rectification')).toMatchObject({ score: 15, summary: '截至计算日没有到期的督查整改问题，按满分计', events: [] });
  });

  it('获得表彰: each honour named in the year counts for its unit at the 工委级 points; not yet named or rejected does not', async () => {
    const a = await indicator(A, 'honours');
    // 2 × 1.5 (工委级 in this year's formula) = 3, under the cap of 5
    expect(a).toMatchObject({ score: 3, summary: '年度内获得表彰2项，加3分（上限5分）' });
    expect(refs(a).sort((x, y) => x!.id - y!.id)).toEqual([{ type: 'honour', id: ids.honourMember }, { type: 'honour', id: ids.honourOrg }].sort((x, y) => x.id - y.id));
    expect(a.events.map((e) => e.points)).toEqual([1.5, 1.5]);
    expect(a.events.map((e) => e.label)).toContain('2026年度先进基层党组织：A局业务处党支部（工委级）');
    expect(await indicator(B, 'honours')).toMatchObject({ score: 0, summary: '年度内未获得表彰', events: [] });
  });

  it('党纪政务处分: by severity; one case once; revoked and last year’s counted cases are not deducted', async () => {
    const a = await indicator(A, 'discipline_cases');
    // JJ-2026-01 (轻处分, 3) once; JJ-2025-01 counted in 2025's closed round; JJ-2026-02 revoked.
    expect(a).toMatchObject({ score: 3, summary: '年度内处分案件1件计入，扣3分' });
    expect(refs(a)).toEqual([{ type: 'discipline', id: ids.again }, { type: 'discipline', id: ids.light1 }, { type: 'discipline', id: ids.light2 }]);
    expect(a.events.map((e) => [e.label, e.points])).toEqual([
      ['案件JJ-2025-01（诫勉）（以前年度已扣分，不再扣）', 0],
      ['案件JJ-2026-01（轻处分）', -3],
      ['案件JJ-2026-01（轻处分）（同一案件只扣一次）', 0],
    ]);
    // B: a case referred to the judiciary — 8 points.
    const b = await indicator(B, 'discipline_cases');
    expect(b).toMatchObject({ score: 8, summary: '年度内处分案件1件计入，扣8分' });
    expect(refs(b)).toEqual([{ type: 'discipline', id: ids.judicial }]);
    // The round keeps the cases it counted, for next year.
    const kept = await env.deps.db.selectFrom('assessment_unit as u').innerJoin('assessment_round as r', 'r.id', 'u.round_id').select(['u.org_id', 'u.counted_cases']).where('r.year', '=', 2026).orderBy('u.org_id').execute();
    expect(kept).toEqual([{ org_id: A, counted_cases: ['JJ-2026-01'] }, { org_id: B, counted_cases: ['JJ-2026-09'] }]);
  });

  it('党纪政务处分 with 同一案件只扣一次 turned off in the formula: every record deducts, and its event says so', async () => {
    const content = demoSchemeContent(env.fx.users.admin!);
    content.formula.discipline.oncePerCase = false;
    const { root, units } = await assessedUnits(env.deps.db, 2026);
    const a = (await computeRound(env.deps, env.deps.db, { year: 2026, asOf, units, rootPath: root.path, content })).get(A)!;
    // Three records in effect: 诫勉 1 + 轻处分 3 + 轻处分 3 (the revoked one still not).
    expect(a.computed.discipline_cases).toMatchObject({ score: 7, summary: '年度内处分案件3件计入，扣7分' });
    expect(a.events.discipline_cases!.map((e) => [e.label, e.points])).toEqual([
      ['案件JJ-2025-01（诫勉）', -1],
      ['案件JJ-2026-01（轻处分）', -3],
      ['案件JJ-2026-01（轻处分）', -3],
    ]);
    // The events' points add up to the deduction.
    expect(-a.events.discipline_cases!.reduce((s, e) => s + (e.points ?? 0), 0)).toBe(a.computed.discipline_cases!.score);
  });

  it('述职评议得分: the closed campaign’s weighted score, scaled to the indicator’s maximum', async () => {
    const campaign = (await admin.get(`/api/review-campaigns/${ids.campaign}`)).json();
    for (const orgId of [A, B]) {
      const r = campaign.reporterList.find((p: { orgId: number }) => p.orgId === orgId).result as { score: number; gradeLabel: string; ballots: number };
      const points = Math.round(20 * r.score) / 100;
      const i = await indicator(orgId, 'review_score');
      expect(i.score).toBe(points);
      expect(i.summary).toBe(`2026年度党组织书记述职评议：加权得分${r.score}（${r.gradeLabel}，${r.ballots}张评议票），折合${points}分`);
      expect(refs(i)).toEqual([{ type: 'review', id: ids.campaign }]);
    }
    // A: 0.6 × 100 + 0.4 × 85 = 94 → 18.8 of 20
    expect((await indicator(A, 'review_score')).score).toBe(18.8);
  });

  it('会议未按月录入: a meeting first recorded after its month deducts; on time, imported or draft does not', async () => {
    const a = await indicator(A, 'platform_records');
    expect(a).toMatchObject({ score: 9.8, summary: '三会一课、主题党日未在月末前录入平台，每次2次，扣0.2分' });
    expect(refs(a)).toEqual([{ type: 'activity', id: ids.late }, { type: 'activity', id: ids.pastMidnight }]);
    expect(a.events.map((e) => [e.label, e.points])).toEqual([
      ['A局综合处党支部：“late支部党员大会”（2026-03-10召开）2026-04-03才录入平台', -0.1],
      ['A局综合处党支部：“pastMidnight支部党员大会”（2026-05-12召开）2026-06-01才录入平台', -0.1],
    ]);
    expect(await indicator(B, 'platform_records')).toMatchObject({ score: 10, summary: '无扣分事项', events: [] });
  });
});
