import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): two managers publish one topic at
// once, then withdraw it at once. Exactly one wins each time; the other answers 409 and changes nothing.

let env: TestEnv;
let admins: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['sa1', 'sa2']) await env.addAccount(u, [[env.fx.a.id, 'org_admin']]);
  admins = await Promise.all(['sa1', 'sa2'].map((u) => env.login(u)));
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const audits = async (action: string) => (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action as never).execute()).length;

describe('study topic races on PostgreSQL', () => {
  it('two publishes at once: one 200, one 409, one audit record', async () => {
    const id = (await admins[0].post('/api/study/topics', { orgId: env.fx.a.id, title: '竞争专题' })).json().id;
    await admins[0].post(`/api/study/topics/${id}/materials`, { kind: 'article', title: '读本', body: '<p>正文</p>', creditHours: 1, minSeconds: 60 });
    const publish = await Promise.all(admins.map((c) => c.post(`/api/study/topics/${id}/publish`)));
    expect(codes(publish)).toEqual([200, 409]);
    expect(await audits('study_topic.publish')).toBe(1);
    const withdraw = await Promise.all(admins.map((c) => c.post(`/api/study/topics/${id}/withdraw`)));
    expect(codes(withdraw)).toEqual([200, 409]);
    expect(await audits('study_topic.withdraw')).toBe(1);
  });

  it('two materials added at once get distinct positions', async () => {
    const id = (await admins[0].post('/api/study/topics', { orgId: env.fx.a.id, title: '并发添加' })).json().id;
    const added = await Promise.all(admins.map((c, i) => c.post(`/api/study/topics/${id}/materials`, { kind: 'article', title: `读本${i}`, body: '<p>正文</p>', creditHours: 1, minSeconds: 60 })));
    expect(codes(added)).toEqual([201, 201]);
    expect(added.map((r) => r.json().position).sort()).toEqual([1, 2]);
  });

  it('one member completes a material in two sessions at once (two phones): credited once, the other 409', async () => {
    const id = (await admins[0].post('/api/study/topics', { orgId: env.fx.a.id, title: '完成竞争' })).json().id;
    const material = (await admins[0].post(`/api/study/topics/${id}/materials`, { kind: 'video', title: '视频', url: 'https://example.cn/v.mp4', creditHours: 1, minSeconds: 0 })).json().id;
    await admins[0].post(`/api/study/topics/${id}/publish`);
    await env.addAccount('phone', [[env.fx.a1.id, 'member']], env.fx.membersA1[3]);
    const phones = await Promise.all([env.login('phone'), env.login('phone')]);
    const sessions = await Promise.all(phones.map(async (p) => (await p.post(`/api/study/my/materials/${material}/start`)).json().id as number));
    const done = await Promise.all(phones.map((p, i) => p.post(`/api/study/my/sessions/${sessions[i]}/complete`, {})));
    expect(codes(done)).toEqual([200, 409]);
    const credits = await env.deps.db.selectFrom('study_credit').select('hours').where('member_id', '=', env.fx.membersA1[3]).execute();
    expect(credits.map((c) => Number(c.hours))).toEqual([1]);
    // And one session completed twice at once.
    const again = (await phones[0].post(`/api/study/my/materials/${material}/start`)).json().id;
    const twice = await Promise.all(phones.map((p) => p.post(`/api/study/my/sessions/${again}/complete`, {})));
    expect(codes(twice)).toEqual([409, 409]);
  });

  it('two completions of different materials on one day at once never pass the daily cap', async () => {
    await env.addAccount('capadmin', [[env.fx.root.id, 'committee_admin']]);
    const committee = await env.login('capadmin');
    expect((await committee.put('/api/study/settings', { dailyOnlineCap: 1.5 })).statusCode).toBe(200);
    const id = (await admins[0].post('/api/study/topics', { orgId: env.fx.a.id, title: '上限竞争' })).json().id;
    const mats: number[] = [];
    for (const t of ['甲', '乙']) mats.push((await admins[0].post(`/api/study/topics/${id}/materials`, { kind: 'video', title: t, url: 'https://example.cn/v.mp4', creditHours: 1, minSeconds: 0 })).json().id);
    await admins[0].post(`/api/study/topics/${id}/publish`);
    await env.addAccount('capper', [[env.fx.a1.id, 'member']], env.fx.membersA1[4]);
    const phones = await Promise.all([env.login('capper'), env.login('capper')]);
    const sessions = await Promise.all(phones.map(async (p, i) => (await p.post(`/api/study/my/materials/${mats[i]}/start`)).json().id as number));
    const done = await Promise.all(phones.map((p, i) => p.post(`/api/study/my/sessions/${sessions[i]}/complete`, {})));
    expect(codes(done)).toEqual([200, 200]);
    const credits = await env.deps.db.selectFrom('study_credit').select('hours').where('member_id', '=', env.fx.membersA1[4]).execute();
    expect(credits.map((c) => Number(c.hours)).sort()).toEqual([0.5, 1]);
  });
});
