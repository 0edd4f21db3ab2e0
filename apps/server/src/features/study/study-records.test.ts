import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beatCredit, MAX_BEAT_GAP_SECONDS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Verified online study on the fixture city (clock 2026-11-23 10:00 Beijing): a member of A1 sees the
// topics of A1's ancestors (the committee's and unit A's), not B's nor drafts; the server measures the
// visible time from heartbeats (a gap counts at most 30 s), refuses completion before the minimum,
// fails a wrong check answer, credits a material once, caps the day's online 学时.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let member: TestClient;
let memberB: TestClient;
let topicA: number;
let article: number;
let video: number;
let extra: number;

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('member_b1', [[env.fx.b1.id, 'member']], env.fx.membersB1[0]);
  [admin, unit, member, memberB] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('member_a1'), env.login('member_b1')]);
  topicA = (await unit.post('/api/study/topics', { orgId: env.fx.a.id, title: 'A局党章专题' })).json().id;
  article = (await unit.post(`/api/study/topics/${topicA}/materials`, { kind: 'article', title: '党章第一章', body: '<p>党员</p>', creditHours: 1.5, minSeconds: 120, question: { prompt: '入党誓词由谁宣誓？', options: ['预备党员', '入党积极分子'], answer: 0 } })).json().id;
  video = (await unit.post(`/api/study/topics/${topicA}/materials`, { kind: 'video', title: '辅导视频', url: 'https://example.cn/v.mp4', creditHours: 2, minSeconds: 60 })).json().id;
  extra = (await unit.post(`/api/study/topics/${topicA}/materials`, { kind: 'video', title: '延伸视频', url: 'https://example.cn/w.mp4', creditHours: 1, minSeconds: 0 })).json().id;
  expect((await unit.post(`/api/study/topics/${topicA}/publish`)).statusCode).toBe(200);
  // A draft of the committee and a published topic of B: neither reaches A1's member.
  await admin.post('/api/study/topics', { orgId: env.fx.root.id, title: '工委草稿' });
  const b = (await admin.post('/api/study/topics', { orgId: env.fx.b.id, title: 'B局专题' })).json().id;
  await admin.post(`/api/study/topics/${b}/materials`, { kind: 'video', title: 'B视频', url: 'https://example.cn/b.mp4', creditHours: 1, minSeconds: 0 });
  await admin.post(`/api/study/topics/${b}/publish`);
});
afterAll(() => env.close());

const beats = async (session: number, n: number, seconds: number, visible = true) => {
  let last;
  for (let i = 0; i < n; i++) {
    env.clock.advanceMinutes(seconds / 60);
    last = await member.post(`/api/study/my/sessions/${session}/beat`, { visible });
    expect(last.statusCode, last.body).toBe(200);
  }
  return last!.json();
};

describe('the heartbeat rule', () => {
  it.each([
    [10, true, 10],
    [30, true, 30],
    [600, true, MAX_BEAT_GAP_SECONDS],
    [20, false, 0],
    [-5, true, 0],
  ])('a gap of %i s, visible %s, adds %i s', (gap, visible, added) => {
    const t0 = new Date('2026-11-23T02:00:00Z');
    expect(beatCredit(t0, new Date(t0.getTime() + gap * 1000), visible)).toBe(added);
  });
});

describe('a member studies', () => {
  it('sees the topics addressed to them, with no answers', async () => {
    const mine = (await member.get('/api/study/my/topics')).json();
    expect(mine.items.map((t: { title: string }) => t.title)).toEqual(['A局党章专题']);
    expect(mine).toMatchObject({ onlineHoursThisYear: 0, onlineHoursToday: 0, dailyCap: 4 });
    const detail = (await member.get(`/api/study/my/topics/${topicA}`)).json();
    expect(detail.materials[0].question).toEqual({ prompt: '入党誓词由谁宣誓？', options: ['预备党员', '入党积极分子'], answer: null });
    expect((await memberB.get(`/api/study/my/topics/${topicA}`)).statusCode).toBe(404);
    expect((await memberB.post(`/api/study/my/materials/${article}/start`)).statusCode).toBe(404);
  });

  it('completion before the minimum is refused; a hidden page adds no time; a long gap counts 30 s', async () => {
    const s = (await member.post(`/api/study/my/materials/${article}/start`)).json();
    expect(s).toMatchObject({ status: 'open', visibleSeconds: 0, minSeconds: 120 });
    await beats(s.id, 2, 15, false);
    const after = await beats(s.id, 1, 300);
    expect(after.visibleSeconds).toBe(30);
    const early = await member.post(`/api/study/my/sessions/${s.id}/complete`, { answer: 0 });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('还需学习2分钟（页面在前台时计时）');
    // Another member cannot beat or complete this session.
    expect((await memberB.post(`/api/study/my/sessions/${s.id}/beat`, { visible: true })).statusCode).toBe(404);
  });

  it('a wrong answer fails the session: no 学时, the member studies again', async () => {
    const s = (await member.post(`/api/study/my/materials/${article}/start`)).json();
    await beats(s.id, 8, 15);
    const wrong = await member.post(`/api/study/my/sessions/${s.id}/complete`, { answer: 1 });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toMatchObject({ status: 'failed', creditedHours: null, message: '检测题回答不正确，请重新学习后再答' });
    expect((await member.post(`/api/study/my/sessions/${s.id}/complete`, { answer: 0 })).statusCode).toBe(409);
  });

  it('the right answer after the minimum credits the material\'s 学时 once', async () => {
    const s = (await member.post(`/api/study/my/materials/${article}/start`)).json();
    await beats(s.id, 8, 15);
    const ok = await member.post(`/api/study/my/sessions/${s.id}/complete`, { answer: 0 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'completed', creditedHours: 1.5, visibleSeconds: 120 });
    const again = (await member.post(`/api/study/my/materials/${article}/start`)).json();
    await beats(again.id, 8, 15);
    const twice = await member.post(`/api/study/my/sessions/${again.id}/complete`, { answer: 0 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('这份资料已学完并记过学时');
    const detail = (await member.get(`/api/study/my/topics/${topicA}`)).json();
    expect(detail).toMatchObject({ doneCount: 1, earnedHours: 1.5 });
    expect(detail.materials[0]).toMatchObject({ done: true, creditedHours: 1.5 });
    expect((await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'study_session.complete').execute()).length).toBe(1);
  });

  it('the day\'s online 学时 stop at the cap (the rest of a material is not credited); the cap is the committee\'s setting', async () => {
    expect((await unit.put('/api/study/settings', { dailyOnlineCap: 3 })).statusCode).toBe(403);
    const set = await admin.put('/api/study/settings', { dailyOnlineCap: 3 });
    expect(set.statusCode, set.body).toBe(200);
    const s = (await member.post(`/api/study/my/materials/${video}/start`)).json();
    await beats(s.id, 4, 15);
    const capped = (await member.post(`/api/study/my/sessions/${s.id}/complete`, {})).json();
    expect(capped).toMatchObject({ status: 'completed', creditedHours: 1.5, message: '今日线上学时已达上限3学时，本次记1.5学时' });
    const mine = (await member.get('/api/study/my/topics')).json();
    expect(mine).toMatchObject({ onlineHoursThisYear: 3, onlineHoursToday: 3, dailyCap: 3 });
  });

  it('the next Beijing day has its own cap', async () => {
    env.clock.advanceMinutes(14 * 60); // 2026-11-24 00:0x Beijing
    member = await env.login('member_a1'); // the idle session ended overnight
    const s = (await member.post(`/api/study/my/materials/${extra}/start`)).json();
    const ok = (await member.post(`/api/study/my/sessions/${s.id}/complete`, {})).json();
    expect(ok).toMatchObject({ status: 'completed', creditedHours: 1 });
    const row = await env.deps.db.selectFrom('study_credit').select('credited_on').where('session_id', '=', s.id).executeTakeFirstOrThrow();
    expect(row.credited_on).toBe('2026-11-24');
  });

  it('accounts without a member link cannot study', async () => {
    for (const u of ['sysadmin', 'secadmin', 'auditor', 'admin']) {
      const c = await env.login(u);
      expect((await c.get('/api/study/my/topics')).statusCode).toBe(403);
      expect((await c.post(`/api/study/my/materials/${article}/start`)).statusCode).toBe(403);
    }
  });
});
