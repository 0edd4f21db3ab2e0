import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/password.ts';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 述职评议 end to end on the fixture city: the committee sets up the year's campaign (A 机关党委,
// B 机关党委 and the A1 branch report; unitadmin, admin and a plain member review), reports are
// written and uploaded, the meeting's comments and the ballots are given, the close publishes the
// results and turns the problem comments into 问题清单 items — which next year's report shows.

let env: TestEnv;
let admin: TestClient, unitadmin: TestClient, secA1: TestClient, secA2: TestClient, member: TestClient;
let id: number;
const rep = {} as Record<'a' | 'b' | 'a1', number>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const setup = () => ({
  name: '2026年度党组织书记述职评议',
  scale: [
    { key: 'good', label: '好', score: 100 },
    { key: 'fairly_good', label: '较好', score: 85 },
    { key: 'average', label: '一般', score: 70 },
    { key: 'poor', label: '差', score: 50 },
  ],
  groups: [
    { key: 'team', name: '班子成员', weight: 0.5 },
    { key: 'cttee', name: '机关工委', weight: 0.3 },
    { key: 'reps', name: '党员代表', weight: 0.2 },
  ],
  reviewers: [
    { userId: env.fx.users.unitadmin, groupKey: 'team' },
    { userId: env.fx.users.admin, groupKey: 'cttee' },
    { userId: env.fx.users.member_a1, groupKey: 'reps' },
  ],
  reporters: [{ orgId: env.fx.a.id, secretaryName: '王局长' }, { orgId: env.fx.b.id, secretaryName: '李局长' }, { orgId: env.fx.a1.id }],
});

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unitadmin, secA1, secA2, member] = await Promise.all(['admin', 'unitadmin', 'sec_a1', 'sec_a2', 'member_a1'].map((u) => env.login(u)));
  // A1's secretary from the committee data: 赵一 serving since 2024.
  await env.database.db.insertInto('org_committee_member').values({ org_id: env.fx.a1.id, member_id: env.fx.membersA1[0]!, post: 'secretary', started_on: '2024-01-01', ended_on: null, created_at: env.clock.now }).execute();
});
afterAll(() => env.close());

const audits = async (action: string) => env.database.db.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', action as never).execute();

describe('述职评议 from set-up to the 整改清单', () => {
  it('the committee creates one campaign a year, with the default scale and groups', async () => {
    const res = await admin.post('/api/review-campaigns', { year: 2026, name: '2026年度述职评议' });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json().scale.map((g: { label: string }) => g.label)).toEqual(['好', '较好', '一般', '差']);
    expect(res.json().groups.map((g: { weight: number }) => g.weight)).toEqual([0.4, 0.3, 0.3]);
    const again = await admin.post('/api/review-campaigns', { year: 2026, name: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('2026年度已有述职评议');
  });

  it('sets up reporters and reviewers; the secretary comes from the committee data where it exists', async () => {
    const bad = await admin.put(`/api/review-campaigns/${id}/setup`, { ...setup(), groups: setup().groups.map((g) => ({ ...g, weight: 0.5 })) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('各评议组权重之和应为1');
    const group = await admin.put(`/api/review-campaigns/${id}/setup`, { ...setup(), reporters: [{ orgId: env.fx.a1g.id }] });
    expect(group.statusCode).toBe(400);
    expect(group.json().message).toContain('不是党委（党总支、党支部）');
    const res = await admin.put(`/api/review-campaigns/${id}/setup`, setup());
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json().reporterList as { id: number; orgId: number; secretaryName: string; secretarySource: string }[];
    for (const p of list) rep[p.orgId === env.fx.a.id ? 'a' : p.orgId === env.fx.b.id ? 'b' : 'a1'] = p.id;
    expect(list.map((p) => [p.secretaryName, p.secretarySource])).toEqual([['王局长', 'named'], ['李局长', 'named'], ['赵一', 'committee']]);
    expect(res.json().reviewerList).toHaveLength(3);
  });

  it('lists by year: the committee all, a unit admin its own reporters, a reviewer member its campaign, others 403', async () => {
    const summary = async (c: TestClient) => (await c.get('/api/review-campaigns?year=2026')).json().items[0];
    expect(await summary(admin)).toMatchObject({ year: 2026, reporters: 3, reviewers: 3, isReviewer: true });
    expect(await summary(unitadmin)).toMatchObject({ reporters: 2, isReviewer: true });
    expect(await summary(secA1)).toMatchObject({ reporters: 1, isReviewer: false });
    expect(await summary(member)).toMatchObject({ reporters: 0, isReviewer: true });
    expect((await secA2.get('/api/review-campaigns?year=2026')).json().items).toEqual([]);
    expect((await admin.get('/api/review-campaigns?year=2025')).json().items).toEqual([]);
  });

  it('the session says who sees 述职评议 in the console: review.read, or named a reviewer; a plain member neither (and 403)', async () => {
    const session = async (c: TestClient) => (await c.get('/api/auth/session')).json() as { reviewer: boolean; permissions: string[] };
    expect(await session(member)).toMatchObject({ reviewer: true, permissions: ['member.self'] });
    expect(await session(admin)).toMatchObject({ reviewer: true });
    expect(await session(secA1)).toMatchObject({ reviewer: false });
    expect((await session(secA1)).permissions).toContain('review.read');
    const { id: userId } = await env.database.db
      .insertInto('app_user')
      .values({ username: 'plain_a1', display_name: null, password_hash: await hashPassword(PASSWORD), member_id: env.fx.membersA1[4]!, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await env.database.db.insertInto('role_grant').values({ user_id: userId, org_id: env.fx.a1.id, role: 'member', created_at: env.clock.now }).execute();
    const login = await env.anonymous().post('/api/auth/login', { username: 'plain_a1', password: PASSWORD });
    expect(login.json()).toMatchObject({ reviewer: false, permissions: ['member.self'] });
    const plain = await env.login('plain_a1');
    expect(await session(plain)).toMatchObject({ reviewer: false });
    const list = await plain.get('/api/review-campaigns');
    expect(list.statusCode).toBe(403);
    expect(list.json().message).toBe('没有查看述职评议的权限');
  });

  it('the reporter writes and uploads the report (its own only); a wrong file kind is refused', async () => {
    const text = '一、履职情况……\n二、存在问题……\n三、整改措施……';
    const res = await secA1.put(`/api/review-campaigns/${id}/reporters/${rep.a1}/report`, { text });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ text, canEdit: true, orgName: 'A局综合处党支部', secretaryName: '赵一', lastYearProblems: [] });
    expect((await secA1.put(`/api/review-campaigns/${id}/reporters/${rep.a}/report`, { text })).statusCode).toBe(404);
    const up = await secA1.upload(`/api/review-campaigns/${id}/reporters/${rep.a1}/report-file`, '述职报告.pdf', PDF, 'application/pdf');
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().file).toMatchObject({ fileName: '述职报告.pdf', contentType: 'application/pdf' });
    const file = await secA1.get(`/api/review-campaigns/${id}/reporters/${rep.a1}/report-file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const exe = await secA1.upload(`/api/review-campaigns/${id}/reporters/${rep.a1}/report-file`, '报告.exe', Buffer.from('MZ'), 'application/octet-stream');
    expect(exe.statusCode).toBe(400);
  });

  it('opens (all reporters named); no ballot before voting; voting needs the meeting date', async () => {
    expect((await admin.post(`/api/review-campaigns/${id}/open`)).statusCode).toBe(200);
    const early = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a1}/ballot`, { grade: 'good' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('该述职评议当前为“述职中”，不能投票（可能刚被他人处理），请刷新后重试');
    const setupLate = await admin.put(`/api/review-campaigns/${id}/setup`, setup());
    expect(setupLate.statusCode).toBe(409);
    const noMeeting = await admin.post(`/api/review-campaigns/${id}/start-voting`);
    expect(noMeeting.statusCode).toBe(400);
    expect(noMeeting.json().message).toBe('请先填写述职会议日期');
    expect((await admin.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: '2026-12-05', meetingPlace: '机关会议室' })).statusCode).toBe(200);
  });

  it('一述一评: each reviewer comments on each reporter; a non-reviewer cannot', async () => {
    const c = await member.put(`/api/review-campaigns/${id}/reporters/${rep.a1}/comment`, { text: '支部组织生活记录不够规范，需限期整改。', problem: true });
    expect(c.statusCode, c.body).toBe(200);
    const again = await member.put(`/api/review-campaigns/${id}/reporters/${rep.a1}/comment`, { text: '支部“三会一课”记录不够规范，需限期整改。', problem: true });
    expect(again.statusCode).toBe(200);
    expect((await unitadmin.put(`/api/review-campaigns/${id}/reporters/${rep.a}/comment`, { text: '履职到位。', problem: false })).statusCode).toBe(200);
    expect((await secA2.put(`/api/review-campaigns/${id}/reporters/${rep.a1}/comment`, { text: 'x' })).statusCode).toBe(404);
    expect(await env.database.db.selectFrom('review_comment').select('id').where('campaign_id', '=', id).execute()).toHaveLength(2);
  });

  it('ballots: once per reviewer and reporter (409 the second time), on the scale, nobody sees another’s', async () => {
    expect((await admin.post(`/api/review-campaigns/${id}/start-voting`)).statusCode).toBe(200);
    const first = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a1}/ballot`, { grade: 'good' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a1}/ballot`, { grade: 'poor' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe('您已对该述职人投过票，每位评议人对每位述职人只能投一票，投出后不能更改');
    const unknown = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a}/ballot`, { grade: 'excellent' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('评议等次不存在：excellent');
    const none = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a}/ballot`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('评议等次');
    expect((await secA2.post(`/api/review-campaigns/${id}/reporters/${rep.a1}/ballot`, { grade: 'good' })).statusCode).toBe(404);
    // The sheet: the member's own grade and comment only.
    const sheet = (await member.get(`/api/review-campaigns/${id}/ballot-sheet`)).json();
    expect(sheet.groupName).toBe('党员代表');
    expect(sheet.reporters.map((r: { grade: string | null }) => r.grade)).toEqual([null, null, 'good']);
    expect(sheet.reporters[2].comment.text).toContain('三会一课');
    expect(sheet.reporters[2].reportText).toContain('履职情况');
    const other = (await unitadmin.get(`/api/review-campaigns/${id}/ballot-sheet`)).json();
    expect(other.reporters.map((r: { grade: string | null }) => r.grade)).toEqual([null, null, null]);
    expect((await secA1.get(`/api/review-campaigns/${id}/ballot-sheet`)).statusCode).toBe(404);
    // The audit says a ballot was cast, never its grade.
    const cast = await audits('review.ballot');
    expect(cast).toHaveLength(1);
    expect(JSON.stringify(cast[0]!.after)).not.toContain('good');
  });

  it('before the close: no results for anyone; the committee sees participation as counts', async () => {
    for (const [c, reviewer] of [[unitadmin, 'unitadmin'], [admin, 'admin']] as const) {
      for (const p of [rep.a, rep.b, rep.a1]) await c.post(`/api/review-campaigns/${id}/reporters/${p}/ballot`, { grade: reviewer === 'admin' ? 'fairly_good' : 'good' });
    }
    const d = (await admin.get(`/api/review-campaigns/${id}`)).json();
    expect(d.reporterList.every((p: { result: unknown }) => p.result === null)).toBe(true);
    expect(d.ballotsCast).toBe(7);
    expect(d.ballotsExpected).toBe(9);
    expect(d.reviewerList.map((r: { cast: number }) => r.cast)).toEqual([3, 3, 1]);
    const u = (await unitadmin.get(`/api/review-campaigns/${id}`)).json();
    expect(u.reviewerList).toEqual([]);
    expect(u.ballotsCast).toBe(0);
  });

  it('the close publishes results by rule and turns the problem comment into an item of A1’s 问题清单', async () => {
    const closed = await admin.post(`/api/review-campaigns/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const a1 = closed.json().reporterList.find((p: { id: number }) => p.id === rep.a1);
    // team 100 (0.5), committee 85 (0.3), representatives 100 (0.2) → 95.5 → 较好
    expect(a1.result).toMatchObject({ score: 95.5, grade: 'fairly_good', gradeLabel: '较好', ballots: 3 });
    const b = closed.json().reporterList.find((p: { id: number }) => p.id === rep.b);
    // representatives did not vote for B: (0.5×100 + 0.3×85) / 0.8 = 94.38
    expect(b.result).toMatchObject({ score: 94.38, ballots: 2 });
    const comment = a1.comments.find((m: { problem: boolean }) => m.problem);
    expect(comment.listItemId).toBeTypeOf('number');
    const item = (await secA1.get(`/api/list-items/${comment.listItemId}`)).json();
    expect(item).toMatchObject({ orgId: env.fx.a1.id, source: 'review', listKind: 'problem', deadline: '2027-01-23', status: 'in_progress' });
    const lists = (await secA1.get(`/api/lists?year=2026&orgId=${env.fx.a1.id}&kind=problem`)).json();
    expect(lists.items.some((i: { id: number }) => i.id === comment.listItemId)).toBe(true);
    // The reporter's admin sees its own result after close, not B's.
    const mine = (await secA1.get(`/api/review-campaigns/${id}`)).json();
    expect(mine.reporterList).toHaveLength(1);
    expect(mine.reporterList[0].result.gradeLabel).toBe('较好');
    const twice = await admin.post(`/api/review-campaigns/${id}/close`);
    expect(twice.statusCode).toBe(409);
    const late = await member.post(`/api/review-campaigns/${id}/reporters/${rep.a}/ballot`, { grade: 'good' });
    expect(late.statusCode).toBe(409);
  });

  it('the committee may turn a further comment into a list item after the close, once', async () => {
    const comments = await env.database.db.selectFrom('review_comment').select(['id', 'list_item_id']).where('campaign_id', '=', id).where('list_item_id', 'is', null).execute();
    expect(comments).toHaveLength(1);
    expect((await unitadmin.post(`/api/review-campaigns/${id}/comments/${comments[0]!.id}/to-list`)).statusCode).toBe(403);
    const res = await admin.post(`/api/review-campaigns/${id}/comments/${comments[0]!.id}/to-list`);
    expect(res.statusCode, res.body).toBe(200);
    const again = await admin.post(`/api/review-campaigns/${id}/comments/${comments[0]!.id}/to-list`);
    expect(again.statusCode).toBe(409);
    expect((await admin.get(`/api/list-items/${res.json().listItemId}`)).json()).toMatchObject({ orgId: env.fx.a.id, source: 'review' });
  });

  it('next year’s report carries last year’s problems with their rectification status (三述四评两整改)', async () => {
    const next = (await admin.post('/api/review-campaigns', { year: 2027, name: '2027年度述职评议' })).json().id;
    await admin.put(`/api/review-campaigns/${next}/setup`, { ...setup(), reporters: [{ orgId: env.fx.a1.id }] });
    const reporterId = (await admin.get(`/api/review-campaigns/${next}`)).json().reporterList[0].id;
    const report = (await secA1.get(`/api/review-campaigns/${next}/reporters/${reporterId}/report`)).json();
    expect(report.lastYearProblems).toHaveLength(1);
    expect(report.lastYearProblems[0]).toMatchObject({ campaignYear: 2026, status: 'in_progress', rectification: 'open', deadline: '2027-01-23' });
    expect(report.lastYearProblems[0].text).toContain('三会一课');
  });

  it('every change is audited', async () => {
    for (const a of ['review.create', 'review.setup', 'review.open', 'review.meeting', 'review.start_voting', 'review.close', 'review.report', 'review.report_file', 'review.comment', 'review.to_list']) {
      expect((await audits(a)).length, a).toBeGreaterThan(0);
    }
  });
});

describe('SZ-13: nobody grades their own report', () => {
  it('the A1 secretary (赵一 in the committee data) reviewing A1: marked 本人 on the sheet, a ballot or comment is 409 and writes nothing, participation does not expect it', async () => {
    const k = (await admin.post('/api/review-campaigns', { year: 2028, name: '2028年度述职评议' })).json().id;
    const set = await admin.put(`/api/review-campaigns/${k}/setup`, {
      ...setup(),
      reviewers: [{ userId: env.fx.users.sec_a1, groupKey: 'team' }, { userId: env.fx.users.admin, groupKey: 'cttee' }],
      reporters: [{ orgId: env.fx.a.id, secretaryName: '王局长' }, { orgId: env.fx.a1.id }],
    });
    expect(set.statusCode, set.body).toBe(200);
    const [pa, pa1] = set.json().reporterList.map((p: { id: number }) => p.id) as [number, number];
    expect((await admin.post(`/api/review-campaigns/${k}/open`)).statusCode).toBe(200);
    expect((await admin.put(`/api/review-campaigns/${k}/meeting`, { meetingOn: '2028-12-05', meetingPlace: '会议室' })).statusCode).toBe(200);
    expect((await admin.post(`/api/review-campaigns/${k}/start-voting`)).statusCode).toBe(200);

    const sheet = (await secA1.get(`/api/review-campaigns/${k}/ballot-sheet`)).json();
    expect(sheet.reporters.map((r: { reporterId: number; self: boolean; secretaryName: string }) => [r.reporterId, r.secretaryName, r.self])).toEqual([[pa, '王局长', false], [pa1, '赵一', true]]);
    // The committee admin has no member link: nothing is 本人 on its sheet.
    expect((await admin.get(`/api/review-campaigns/${k}/ballot-sheet`)).json().reporters.map((r: { self: boolean }) => r.self)).toEqual([false, false]);

    const ballot = await secA1.post(`/api/review-campaigns/${k}/reporters/${pa1}/ballot`, { grade: 'good' });
    expect(ballot.statusCode).toBe(409);
    expect(ballot.json().message).toBe('不能评议本人的述职');
    const comment = await secA1.put(`/api/review-campaigns/${k}/reporters/${pa1}/comment`, { text: '本支部工作扎实。', problem: false });
    expect(comment.statusCode).toBe(409);
    expect(comment.json().message).toBe('不能评议本人的述职');
    const mine = (table: 'review_ballot' | 'review_comment') => env.database.db.selectFrom(table).select('id').where('campaign_id', '=', k).where('reviewer_id', '=', env.fx.users.sec_a1!).execute();
    expect(await mine('review_ballot')).toHaveLength(0);
    expect(await mine('review_comment')).toHaveLength(0);

    // The other reporter is graded as usual; then the secretary is done.
    expect((await secA1.post(`/api/review-campaigns/${k}/reporters/${pa}/ballot`, { grade: 'good' })).statusCode).toBe(201);
    let d = (await admin.get(`/api/review-campaigns/${k}`)).json();
    expect(d.reviewerList.map((r: { userId: number; cast: number; expected: number }) => [r.userId, r.cast, r.expected])).toEqual([
      [env.fx.users.sec_a1, 1, 1],
      [env.fx.users.admin, 0, 2],
    ]);
    expect([d.ballotsCast, d.ballotsExpected]).toEqual([1, 3]);
    for (const p of [pa, pa1]) expect((await admin.post(`/api/review-campaigns/${k}/reporters/${p}/ballot`, { grade: 'fairly_good' })).statusCode).toBe(201);
    d = (await admin.get(`/api/review-campaigns/${k}`)).json();
    expect([d.ballotsCast, d.ballotsExpected]).toEqual([3, 3]);
    expect(d.reviewerList.every((r: { cast: number; expected: number }) => r.cast === r.expected)).toBe(true);
    // A1's result rests on the committee's ballot alone.
    const closed = (await admin.post(`/api/review-campaigns/${k}/close`)).json();
    expect(closed.reporterList.find((p: { id: number }) => p.id === pa1).result).toMatchObject({ ballots: 1, score: 85 });
  });
});
