import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { answerAll, contestSetup } from './contests.fixture.ts';
import { memberInput } from '../../../test/fixture.ts';
import { memberColumns } from '../members/member-mapping.ts';

// 知识竞赛 end to end on the service: a contest drafted, published (the roster taken), practised
// with immediate feedback, taken on contest days through the exam attempt model under the daily
// limit, ranked by score then time then the earlier, impossible speed flagged and reviewed, and
// the organisations' participation and averages.

let env: TestEnv;
let unitadmin: TestClient;
let m: TestClient[]; // members of A局综合处 (a1) and one of 业务处 (a2)

beforeAll(async () => {
  env = await createTestEnv();
  unitadmin = await env.login('unitadmin');
  for (let i = 2; i < 6; i++) await env.addAccount(`ct_m${i}`, [[env.fx.a1.id, 'member']], env.fx.membersA1[i]);
  await env.addAccount('ct_a2', [[env.fx.a2.id, 'member']], env.fx.membersA2[1]);
  m = [await env.login('member_a1'), ...(await Promise.all([2, 3, 4, 5].map((i) => env.login(`ct_m${i}`)))), await env.login('ct_a2')];
});
afterAll(() => env.close());

/** Moves the clock (sessions idle out after 30 minutes, so everyone logs in again). */
async function at(iso: string) {
  env.clock.now = new Date(iso);
  unitadmin = await env.login('unitadmin');
  m = [await env.login('member_a1'), ...(await Promise.all([2, 3, 4, 5].map((i) => env.login(`ct_m${i}`)))), await env.login('ct_a2')];
}

const audits = (action: string) => env.deps.db.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', action).execute();

describe('知识竞赛 set-up', () => {
  it('refuses bad windows and a fixed paper in Chinese, writes nothing', async () => {
    const { body } = await contestSetup(env, unitadmin);
    const before = await env.count('audit_log');
    const bad = await unitadmin.post('/api/contests', { ...body, contestFrom: '2026-11-22' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('竞赛应在练习结束后开始');
    const q = (await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, type: 'judge', stem: '固定卷题', options: [], answer: ['true'], tags: [], difficulty: 'easy' })).json().id;
    const fixed = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '固定卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
    const res = await unitadmin.post('/api/contests', { ...body, paperId: fixed });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('知识竞赛须使用随机抽题试卷（每人每次按规则抽题）');
    expect(await env.count('audit_log')).toBe(before + 2); // the question and the paper only
  });

  it('draft → published (roster taken) → finished; edit only as a draft; defaults from the 灯塔 pattern', async () => {
    const { contest, body } = await contestSetup(env, unitadmin);
    expect(contest).toMatchObject({ status: 'draft', dailyLimit: 1, timeLimitMinutes: 15, minSecondsPerQuestion: 2, questionCount: 3, totalScore: 30, phase: 'practice' });
    const edited = await unitadmin.put(`/api/contests/${contest.id}`, { ...body, title: '党章知识竞赛（改）', dailyLimit: 2 });
    expect(edited.json()).toMatchObject({ title: '党章知识竞赛（改）', dailyLimit: 2 });
    expect((await unitadmin.post(`/api/contests/${contest.id}/publish`)).json().status).toBe('published');
    const roster = await env.deps.db.selectFrom('contest_org').select(['org_id', 'members']).where('contest_id', '=', contest.id).execute();
    expect(roster.find((r) => r.org_id === env.fx.a1.id)?.members).toBe(8);
    expect(roster.find((r) => r.org_id === env.fx.b1.id)).toBeUndefined();
    const late = await unitadmin.put(`/api/contests/${contest.id}`, body);
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('该知识竞赛当前为“已发布”，不能修改（可能刚被他人处理），请刷新后重试');
    const exam = await env.deps.db.selectFrom('exam').select(['status', 'purpose']).where('id', '=', contest.examId).executeTakeFirstOrThrow();
    expect(exam).toEqual({ status: 'published', purpose: 'contest' });
    expect((await unitadmin.post(`/api/contests/${contest.id}/finish`)).json().status).toBe('finished');
    expect((await unitadmin.post(`/api/contests/${contest.id}/cancel`)).statusCode).toBe(409);
    expect((await audits('contest.publish')).some((a) => a.entity_id === String(contest.id))).toBe(true);
  });
});

describe('练习 and 竞赛', () => {
  let contest: { id: number; examId: number };
  beforeAll(async () => {
    await at('2026-11-23T02:00:00Z');
    contest = (await contestSetup(env, unitadmin, { title: '十一月知识竞赛' })).contest;
    await unitadmin.post(`/api/contests/${contest.id}/publish`);
  });

  it('practice: questions without a key; an answer gets the key and the explanation at once; counted, never ranked', async () => {
    const p = await m[0].get(`/api/contests/${contest.id}/practice?count=2`);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().questions).toHaveLength(2);
    expect(p.json().bankSize).toBeGreaterThanOrEqual(6);
    expect(p.body).not.toContain('"answer"');
    const q = p.json().questions[0];
    const key = await env.deps.db.selectFrom('exam_question').select(['answer', 'explanation']).where('id', '=', q.questionId).executeTakeFirstOrThrow();
    const wrong = await m[0].post(`/api/contests/${contest.id}/practice`, { questionId: q.questionId, given: [key.answer[0] === 'true' ? 'false' : 'true'] });
    expect(wrong.json()).toEqual({ correct: false, answer: key.answer, explanation: key.explanation, practised: 1, practisedCorrect: 0 });
    const right = await m[0].post(`/api/contests/${contest.id}/practice`, { questionId: p.json().questions[1].questionId, given: (await env.deps.db.selectFrom('exam_question').select('answer').where('id', '=', p.json().questions[1].questionId).executeTakeFirstOrThrow()).answer });
    expect(right.json()).toMatchObject({ correct: true, practised: 2, practisedCorrect: 1 });
    const stranger = await m[0].post(`/api/contests/${contest.id}/practice`, { questionId: 999999, given: ['true'] });
    expect(stranger.statusCode).toBe(400);
    expect((await m[0].get(`/api/contests/${contest.id}/leaderboard`)).json().individuals.total).toBe(0);
    const start = await m[0].post(`/api/contests/${contest.id}/attempts`);
    expect(start.statusCode).toBe(409);
    expect(start.json().message).toBe('竞赛时间为2026-11-24至2026-11-30，当前不在竞赛时间内');
  });

  it('contest days: an attempt through the exam model; the exam\'s own start refused; one a Beijing day', async () => {
    await at('2026-11-24T01:00:00Z'); // 09:00 Beijing, day 1 of the contest
    const practice = await m[0].get(`/api/contests/${contest.id}/practice`);
    expect(practice.statusCode).toBe(409);
    expect((await m[0].post(`/api/exams/${contest.examId}/attempts`)).json().message).toBe('这是知识竞赛的答卷，请在知识竞赛页面开始答题');
    // The contest's exam is its contest's: not among the member's exams, and not managed through /api/exams.
    expect((await m[0].get('/api/exams')).json().items.map((e: { id: number }) => e.id)).not.toContain(contest.examId);
    expect((await unitadmin.get('/api/exams?manage=true')).json().items.map((e: { id: number }) => e.id)).not.toContain(contest.examId);
    for (const event of ['close', 'cancel']) {
      const r = await unitadmin.post(`/api/exams/${contest.examId}/${event}`);
      expect([r.statusCode, r.json().message]).toEqual([409, '这是知识竞赛的考试，随竞赛发布和结束，请在“知识竞赛”页面操作']);
    }
    const made = await unitadmin.post('/api/exams', { orgId: env.fx.a.id, paperId: (await env.deps.db.selectFrom('exam').select('paper_id').where('id', '=', contest.examId).executeTakeFirstOrThrow()).paper_id, title: '冒充的竞赛', purpose: 'contest', opensAt: '2026-11-24T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 10, attemptsAllowed: 1, passMark: 0 });
    expect(made.statusCode).toBe(400);
    expect(made.json().message).toContain('知识竞赛请在“知识竞赛”页面创建');
    const start = await m[0].post(`/api/contests/${contest.id}/attempts`);
    expect(start.statusCode, start.body).toBe(201);
    const attemptId = start.json().attemptId;
    const attempt = (await m[0].get(`/api/attempts/${attemptId}`)).json();
    expect(attempt.questions).toHaveLength(3);
    expect(attempt.questions[0].answer).toBeNull();
    await answerAll(env, m[0], attemptId, 2);
    env.clock.advanceMinutes(2);
    const submitted = await m[0].post(`/api/attempts/${attemptId}/submit`);
    expect(submitted.json().score).toBe(20);
    const again = await m[0].post(`/api/contests/${contest.id}/attempts`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('每人每天最多作答1次，今天的次数已用完，请明天再来');
    const me = (await m[0].get(`/api/contests/${contest.id}/me`)).json();
    expect(me).toMatchObject({ phase: 'contest', attemptsToday: 1, canStart: false, best: { attemptId, score: 20, seconds: 120 }, rank: 1, rankedCount: 1, practised: 2 });
    // 23:59 Beijing is still the same day; 00:00 is the next.
    await at('2026-11-24T15:59:00Z');
    expect((await m[0].post(`/api/contests/${contest.id}/attempts`)).statusCode).toBe(409);
    await at('2026-11-24T16:00:00Z');
    const next = await m[0].post(`/api/contests/${contest.id}/attempts`);
    expect(next.statusCode, next.body).toBe(201);
    await answerAll(env, m[0], next.json().attemptId, 1);
    env.clock.advanceMinutes(1);
    await m[0].post(`/api/attempts/${next.json().attemptId}/submit`);
    // The best counts: the first (20) stays.
    expect((await m[0].get(`/api/contests/${contest.id}/me`)).json().best.score).toBe(20);
  });

  it('ranking: score, then less time, then the earlier submission; impossible speed flagged and excluded until cleared', async () => {
    await at('2026-11-25T01:00:00Z');
    const take = async (c: TestClient, right: number, minutes: number) => {
      const id = (await c.post(`/api/contests/${contest.id}/attempts`)).json().attemptId;
      await answerAll(env, c, id, right);
      env.clock.advanceMinutes(minutes);
      await c.post(`/api/attempts/${id}/submit`);
      return id as number;
    };
    await take(m[1], 3, 5); // 30 points, 5 min
    await take(m[2], 3, 3); // 30 points, 3 min → before m[1]
    await take(m[3], 2, 1); // 20 points, 1 min: same as m[0]'s 20 in 2 min → before m[0]
    const fast = await take(m[4], 3, 0); // 30 points in 0 s: 异常
    const lb = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard`)).json();
    expect(lb.individuals.items.map((r: { memberId: number; rank: number }) => r.memberId)).toEqual([env.fx.membersA1[3], env.fx.membersA1[2], env.fx.membersA1[4], env.fx.membersA1[1]]);
    const flags = (await unitadmin.get(`/api/contests/${contest.id}/flags`)).json();
    expect(flags.items).toHaveLength(1);
    expect(flags.items[0]).toMatchObject({ attemptId: fast, seconds: 0, questions: 3, minSeconds: 6, flag: 'flagged' });
    expect((await m[4].get(`/api/contests/${contest.id}/me`)).json()).toMatchObject({ best: null, rank: null, attempts: [{ attemptId: fast, flag: 'flagged' }] });
    // Members see the others' names masked, their own in full.
    const seen = (await m[1].get(`/api/contests/${contest.id}/leaderboard`)).json().individuals.items;
    expect(seen.map((r: { name: string }) => r.name)).toEqual(['李*', '孙三', '周*', '钱*']);
    const cleared = await unitadmin.post(`/api/contests/${contest.id}/flags/${fast}`, { decision: 'clear', reason: '本人现场复核' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const after = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard`)).json();
    expect(after.individuals.items[0].memberId).toBe(env.fx.membersA1[5]);
    expect((await unitadmin.post(`/api/contests/${contest.id}/flags/${fast}`, { decision: 'confirm', reason: '再次' })).statusCode).toBe(409);
    expect((await audits('contest.flag_clear')).map((a) => a.entity_id)).toContain(String(fast));
  });

  it('organisation standings: participation over the roster at publication, average of counted bests; the member sees their branch', async () => {
    const lb = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard`)).json();
    const a1 = lb.orgs.find((o: { orgId: number }) => o.orgId === env.fx.a1.id);
    const a2 = lb.orgs.find((o: { orgId: number }) => o.orgId === env.fx.a2.id);
    // a1: 5 of 8 took part; bests 30, 30, 30, 20, 20 → 26
    expect(a1).toMatchObject({ members: 8, participants: 5, rate: 62.5, averageScore: 26, rank: 1 });
    expect(a2).toMatchObject({ members: 3, participants: 0, rate: 0, averageScore: null, rank: 2 });
    expect((await m[0].get(`/api/contests/${contest.id}/me`)).json().org).toMatchObject({ orgId: env.fx.a1.id, rate: 62.5, rank: 1 });
    const branch = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard?orgId=${env.fx.a2.id}`)).json();
    expect(branch.individuals.total).toBe(0);
    expect((await unitadmin.get(`/api/contests/${contest.id}/leaderboard?orgId=${env.fx.b1.id}`)).statusCode).toBe(404);
  });

  it('an attempt left open past its deadline is closed on reading, and ranked with the time limit as its time', async () => {
    await at('2026-11-26T01:00:00Z');
    const id = (await m[5].post(`/api/contests/${contest.id}/attempts`)).json().attemptId;
    await answerAll(env, m[5], id, 3);
    await at('2026-11-26T02:00:00Z');
    const read = (await m[5].get(`/api/attempts/${id}`)).json();
    expect(read).toMatchObject({ status: 'submitted', timedOut: true, score: 30 });
    expect((await m[5].get(`/api/contests/${contest.id}/me`)).json().best).toMatchObject({ score: 30, seconds: 900 });
  });

  it('after publication: a newcomer is ranked but counts for no organisation; a member who moved counts where the roster put them; no rate passes 100 % (CT-7)', async () => {
    await at('2026-11-27T02:00:00Z');
    // 业务处 (a2): 3 on the roster. A newcomer joins it and a member of 综合处 (a1) moves into it.
    const { id: newcomer } = await env.deps.db.insertInto('member').values({ ...memberColumns(memberInput(env.fx.a2.id, { name: '新到' }), env.deps.cipher, env.clock.now), created_at: env.clock.now }).returning('id').executeTakeFirstOrThrow();
    await env.addAccount('ct_new', [[env.fx.a2.id, 'member']], newcomer);
    const moved = env.fx.membersA1[6];
    await env.deps.db.updateTable('member').set({ org_id: env.fx.a2.id }).where('id', '=', moved).execute();
    await env.addAccount('ct_moved', [[env.fx.a2.id, 'member']], moved);
    const before = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard`)).json().orgs;
    for (const name of ['ct_new', 'ct_moved', 'ct_a2']) {
      const c = await env.login(name);
      const start = await c.post(`/api/contests/${contest.id}/attempts`);
      expect(start.statusCode, start.body).toBe(201);
      await answerAll(env, c, start.json().attemptId, 3);
      env.clock.advanceMinutes(2);
      expect((await c.post(`/api/attempts/${start.json().attemptId}/submit`)).statusCode).toBe(200);
    }
    const lb = (await unitadmin.get(`/api/contests/${contest.id}/leaderboard`)).json();
    const org = (id: number, orgs = lb.orgs) => orgs.find((o: { orgId: number }) => o.orgId === id);
    // a2: only its own roster member (ct_a2) counts — 1 of 3; a1: the mover joins its participants — 7 of 8.
    expect(org(env.fx.a2.id)).toMatchObject({ members: 3, participants: 1, rate: 33.3 });
    expect(org(env.fx.a1.id)).toMatchObject({ members: 8, participants: org(env.fx.a1.id, before).participants + 1 });
    expect(lb.orgs.every((o: { rate: number }) => o.rate <= 100)).toBe(true);
    // Both are ranked as persons.
    const ranked = lb.individuals.items.map((r: { memberId: number }) => r.memberId);
    expect(ranked).toEqual(expect.arrayContaining([newcomer, moved]));
  });
});
