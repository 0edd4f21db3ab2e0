import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix of 学习: the committee, unit A's admin, the sibling unit B's admin, a branch
// secretary below A, a plain member and the three separated admins. Without the permission: 403;
// out of reach (another branch): 404; lists hold nothing from outside the caller's subtree.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let topicA: number;
let materialA: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}
const material = { kind: 'video', title: '辅导视频', url: 'https://example.cn/v.mp4', creditHours: 1, minSeconds: 600 };

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  for (const a of ACTORS) as[a] = await env.login(a);
  topicA = (await as.unitadmin.post('/api/study/topics', { orgId: env.fx.a1.id, title: 'A1支部专题' })).json().id;
  materialA = (await as.unitadmin.post(`/api/study/topics/${topicA}/materials`, material)).json().id;
});
afterAll(() => env.close());

describe('study topics permission matrix', () => {
  it('lists: managers read (B none of A\'s), members and the 三员 get 403', async () => {
    expect(await statuses((c) => c.get('/api/study/topics'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect((await as.badmin.get('/api/study/topics')).json().total).toBe(0);
    expect(await statuses((c) => c.get(`/api/study/topics/${topicA}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/study/materials/${materialA}/file`))).toEqual({ admin: 404, unitadmin: 404, badmin: 404, sec_a1: 404, ...REFUSED });
  });

  it('creating: only for an organisation in the caller\'s subtree', async () => {
    expect(await statuses((c) => c.post('/api/study/topics', { orgId: env.fx.a1.id, title: '再建一个' }))).toEqual({ admin: 201, unitadmin: 201, badmin: 400, sec_a1: 201, ...REFUSED });
  });

  it('materials and transitions: another branch 404, members and the 三员 403', async () => {
    expect(await statuses((c) => c.post(`/api/study/topics/${topicA}/materials`, material))).toEqual({ admin: 201, unitadmin: 201, badmin: 404, sec_a1: 201, ...REFUSED });
    expect(await statuses((c) => c.put(`/api/study/materials/${materialA}`, material))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.put(`/api/study/topics/${topicA}`, { orgId: env.fx.a1.id, title: 'A1支部专题' }))).toEqual({ admin: 200, unitadmin: 200, badmin: 400, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.upload(`/api/study/materials/${materialA}/file`, 'a.pdf', Buffer.from('%PDF-1.4')))).toEqual({ admin: 400, unitadmin: 400, badmin: 404, sec_a1: 400, ...REFUSED });
    // Publish: the first manager wins, the others find it published (409); B never sees it.
    expect(await statuses((c) => c.post(`/api/study/topics/${topicA}/publish`))).toEqual({ admin: 200, unitadmin: 409, badmin: 404, sec_a1: 409, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/study/topics/${topicA}/withdraw`))).toEqual({ admin: 200, unitadmin: 409, badmin: 404, sec_a1: 409, ...REFUSED });
  });

  it('a topic of the committee is managed by the committee alone', async () => {
    const city = (await as.admin.post('/api/study/topics', { orgId: env.fx.root.id, title: '全市专题' })).json().id;
    expect(await statuses((c) => c.post(`/api/study/topics/${city}/materials`, material))).toEqual({ admin: 201, unitadmin: 404, badmin: 404, sec_a1: 404, ...REFUSED });
    const m = (await as.admin.get(`/api/study/topics/${city}`)).json().materials[0].id;
    expect(await statuses((c) => c.delete(`/api/study/materials/${m}`))).toEqual({ admin: 200, unitadmin: 404, badmin: 404, sec_a1: 404, ...REFUSED });
  });

  it('online study: members (and secretaries with a member link) only, by their own link; the 三员 and pure admins 403', async () => {
    // member_a1 and sec_a1 are members of A1; the others have no member link (403). A1's topic reaches them once published.
    expect((await as.admin.post(`/api/study/topics/${topicA}/publish`)).statusCode).toBe(200);
    expect(await statuses((c) => c.get('/api/study/my/topics'))).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 200, member_a1: 200, sysadmin: 403, secadmin: 403, auditor: 403 });
    expect(await statuses((c) => c.post(`/api/study/my/materials/${materialA}/start`))).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 201, member_a1: 201, sysadmin: 403, secadmin: 403, auditor: 403 });
    const session = (await as.member_a1.post(`/api/study/my/materials/${materialA}/start`)).json().id;
    // Someone else's session is 404 even to a secretary of the same branch.
    expect(await statuses((c) => c.post(`/api/study/my/sessions/${session}/beat`, { visible: true }))).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 404, member_a1: 200, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('settings: managers read, the committee alone changes', async () => {
    expect(await statuses((c) => c.get('/api/study/settings'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.put('/api/study/settings', { dailyOnlineCap: 4 }))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
  });
});
