import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every answer of 学习 goes through its response schema: a key the handler adds that the schema does
// not name never reaches the client.

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let id: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('admin');
  const res = await admin.post('/api/study/topics', { orgId: t.env.fx.root.id, title: '全市党员冬训专题' });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
});

describe('study answers are filtered by their response schemas', () => {
  it('reads', async () => {
    await expectFilteredGets(admin, leaky, ['/api/study/topics', `/api/study/topics/${id}`]);
  });

  it('writes', async () => {
    const added = await leaky.post(`/api/study/topics/${id}/materials`, { kind: 'article', title: '冬训读本', body: '<p>正文</p>', creditHours: 1, minSeconds: 60 });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.body).not.toContain(LEAKED_KEY);
    const published = await leaky.post(`/api/study/topics/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.body).not.toContain(LEAKED_KEY);
    await expectFilteredGets(admin, leaky, ['/api/study/settings']);
  });

  it('the member\'s reads and writes', async () => {
    await t.env.addAccount('leaky_member', [[t.env.fx.a1.id, 'member']], t.env.fx.membersA1[2]);
    const [plain, leakyMember] = await t.pair('leaky_member');
    await expectFilteredGets(plain, leakyMember, ['/api/study/my/topics', `/api/study/my/topics/${id}`]);
    const material = (await plain.get(`/api/study/my/topics/${id}`)).json().materials[0].id;
    const started = await leakyMember.post(`/api/study/my/materials/${material}/start`);
    expect(started.statusCode, started.body).toBe(201);
    expect(started.body).not.toContain(LEAKED_KEY);
    const beat = await leakyMember.post(`/api/study/my/sessions/${started.json().id}/beat`, { visible: true });
    expect(beat.body).not.toContain(LEAKED_KEY);
  });
});
