import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 考试 (exams): an organiser sets a paper for an organisation's subtree; a draft is seen only by
// organisers; published, its members in good standing see it; the state machine refuses what the
// state does not allow, in Chinese; every change audited. The test clock is 2026-11-23 10:00 Beijing.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let badmin: TestClient;
let secA2: TestClient;
let memberA1: TestClient;
let paperA: number;
let paperB: number;

export const examBody = (orgId: number, paperId: number, extra: object = {}) => ({
  orgId,
  paperId,
  title: '党章知识测试',
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 2,
  counting: 'best',
  passMark: 6,
  reviewPolicy: 'after_close',
  ...extra,
});

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  admin = await env.login('admin');
  unitadmin = await env.login('unitadmin');
  badmin = await env.login('badmin');
  secA2 = await env.login('sec_a2');
  memberA1 = await env.login('member_a1');
  const qs = [];
  for (let i = 0; i < 3; i++) qs.push((await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, type: 'judge', stem: `判断${i}`, options: [], answer: ['true'], tags: [], difficulty: 'easy' })).json().id);
  paperA = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: 'A局卷', kind: 'fixed', questions: qs.map((questionId) => ({ questionId, score: 5 })) })).json().id;
  const qb = (await badmin.post('/api/exam-questions', { orgId: env.fx.b.id, type: 'judge', stem: 'B判断', options: [], answer: ['true'], tags: [], difficulty: 'easy' })).json().id;
  paperB = (await badmin.post('/api/exam-papers', { orgId: env.fx.b.id, title: 'B局卷', kind: 'fixed', questions: [{ questionId: qb, score: 5 }] })).json().id;
});
afterAll(() => env.close());

const titles = async (c: TestClient, qs = '') => ((await c.get(`/api/exams?pageSize=100${qs}`)).json().items as { title: string }[]).map((e) => e.title).sort();

describe('考试 (exams)', () => {
  it('creates a draft with the defaults; audited; the paper total and the organisation named', async () => {
    const res = await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { title: '草稿考试' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'draft', purpose: 'exam', totalScore: 15, orgName: 'A局机关党委', paperTitle: 'A局卷', shuffleQuestions: false, focusStrikes: 0, canManage: true });
    expect(res.json().opensAt).toBe('2026-11-23T01:00:00.000Z');
    const logs = await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam.create').where('entity_id', '=', String(res.json().id)).select('id').execute();
    expect(logs).toHaveLength(1);
  });

  it('checks what it is given, in Chinese: the window, the time limit, the pass mark against the paper, the paper\'s organisation', async () => {
    const window = await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { closesAt: '2026-11-23T08:00:00+08:00' }));
    expect(window.statusCode).toBe(400);
    expect(window.body).toContain('截止时间必须晚于开始时间');
    const limit = await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { timeLimitMinutes: 0 }));
    expect(limit.body).toContain('考试时长至少1分钟');
    const pass = await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { passMark: 16 }));
    expect(pass.statusCode).toBe(400);
    expect(pass.json().message).toBe('及格分不能高于试卷总分（15分）');
    // A branch's exam may use its unit's paper; the unit's exam may not use B's paper.
    expect((await unitadmin.post('/api/exams', examBody(env.fx.a1.id, paperA, { title: '支部用上级卷' }))).statusCode).toBe(201);
    const foreign = await admin.post('/api/exams', examBody(env.fx.a.id, paperB));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toBe('试卷不存在、已删除，或不属于本组织（或其上级组织）');
  });

  it('a draft is seen by its organisers only; published, a member of the subtree in good standing sees it, a sibling branch\'s organiser does not', async () => {
    const { id } = (await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { title: '发布考试' }))).json();
    expect(await titles(memberA1)).toEqual([]);
    expect((await memberA1.get(`/api/exams/${id}`)).statusCode).toBe(404);
    const pub = await unitadmin.post(`/api/exams/${id}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe('published');
    expect(await titles(memberA1)).toEqual(['发布考试']);
    expect((await memberA1.get(`/api/exams/${id}`)).json()).toMatchObject({ title: '发布考试', canManage: false });
    expect(await titles(badmin)).toEqual([]);
    expect(await titles(secA2)).toEqual([]);
    expect(await titles(unitadmin, '&status=published')).toEqual(['发布考试']);
    // A member no longer in good standing does not see it.
    await env.deps.db.updateTable('member').set({ status: 'suspended' }).where('id', '=', env.fx.membersA1[1]).execute();
    expect(await titles(memberA1)).toEqual([]);
    await env.deps.db.updateTable('member').set({ status: 'normal' }).where('id', '=', env.fx.membersA1[1]).execute();
  });

  it('the machine: a published exam cannot be edited or published again; close; cancel a closed one refused; each 409 in Chinese', async () => {
    const { id } = (await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { title: '状态机' }))).json();
    expect((await unitadmin.put(`/api/exams/${id}`, examBody(env.fx.a.id, paperA, { title: '状态机（改）' }))).json().title).toBe('状态机（改）');
    await unitadmin.post(`/api/exams/${id}/publish`);
    const edit = await unitadmin.put(`/api/exams/${id}`, examBody(env.fx.a.id, paperA));
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toBe('该考试当前为“已发布”，不能修改（可能刚被他人处理），请刷新后重试');
    expect((await unitadmin.post(`/api/exams/${id}/publish`)).statusCode).toBe(409);
    expect((await unitadmin.post(`/api/exams/${id}/close`)).json().status).toBe('closed');
    const cancel = await unitadmin.post(`/api/exams/${id}/cancel`);
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().message).toBe('该考试当前为“已结束”，不能取消（可能刚被他人处理），请刷新后重试');
    const actions = await env.deps.db.selectFrom('audit_log').where('entity_type', '=', 'exam').where('entity_id', '=', String(id)).select('action').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['exam.create', 'exam.update', 'exam.publish', 'exam.close']);
  });

  it('a window already past cannot be published', async () => {
    const { id } = (await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { title: '过期', opensAt: '2026-11-01T09:00:00+08:00', closesAt: '2026-11-02T09:00:00+08:00' }))).json();
    const res = await unitadmin.post(`/api/exams/${id}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('考试的截止时间已过，请先修改考试时间');
  });

  it('permissions: members and the 三员 cannot create (403); a member cannot publish an exam they see (403); another unit\'s organiser gets 404', async () => {
    const { id } = (await unitadmin.post('/api/exams', examBody(env.fx.a.id, paperA, { title: '权限' }))).json();
    await unitadmin.post(`/api/exams/${id}/publish`);
    for (const name of ['member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      const c = name === 'member_a1' ? memberA1 : await env.login(name);
      expect((await c.post('/api/exams', examBody(env.fx.a.id, paperA))).statusCode, name).toBe(403);
    }
    expect((await memberA1.post(`/api/exams/${id}/close`)).statusCode).toBe(403);
    expect((await badmin.post(`/api/exams/${id}/close`)).statusCode).toBe(404);
    expect((await badmin.post('/api/exams', examBody(env.fx.a.id, paperA))).statusCode).toBe(403);
    expect((await admin.post(`/api/exams/${id}/cancel`)).json().status).toBe('cancelled');
  });
});
