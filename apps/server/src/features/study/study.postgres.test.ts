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
});
