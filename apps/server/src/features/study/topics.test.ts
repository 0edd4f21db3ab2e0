import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 学习专题 end to end on the fixture city: the committee and a unit draft topics for their subtree,
// add materials (an article sanitised like minutes, a document uploaded or linked, a video link),
// publish when complete, withdraw; each change audited; lists paged and filtered in the database.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA2: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA2] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a2')]);
});
afterAll(() => env.close());

const audits = async (action: string) => (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action as never).execute()).length;
const article = (over: Record<string, unknown> = {}) => ({
  kind: 'article',
  title: '学习贯彻党的二十届四中全会精神',
  body: '<p>全会精神<strong>要点</strong></p><script>alert(1)</script><img src="x" onerror="alert(2)">',
  creditHours: 0.5,
  minSeconds: 300,
  question: { prompt: '全会召开于哪一年？', options: ['2024年', '2025年'], answer: 1 },
  ...over,
});

let topicId: number;
let articleId: number;
let docId: number;

describe('a unit topic from draft to withdrawn', () => {
  it('the unit drafts a topic for its own organisation; one for a sibling unit is refused in Chinese', async () => {
    const outside = await unit.post('/api/study/topics', { orgId: env.fx.b.id, title: '越权专题' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message).toBe('发布组织须是本组织或下级组织');
    const res = await unit.post('/api/study/topics', { orgId: env.fx.a.id, title: '四中全会精神专题', description: '全局党员学习', coverText: '深入学习 全面贯彻' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'draft', orgName: 'A局机关党委', materialCount: 0, canManage: true });
    topicId = res.json().id;
    expect(await audits('study_topic.create')).toBe(1);
  });

  it('publishing an empty topic is refused', async () => {
    const res = await unit.post(`/api/study/topics/${topicId}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('专题还没有学习资料，添加资料后才能发布');
  });

  it('an article keeps its formatting and loses scripts and images; the check answer must be one of the options', async () => {
    const bad = await unit.post(`/api/study/topics/${topicId}/materials`, article({ question: { prompt: '题', options: ['甲', '乙'], answer: 2 } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('正确答案须是其中一个选项');
    const res = await unit.post(`/api/study/topics/${topicId}/materials`, article());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'article', body: '<p>全会精神<strong>要点</strong></p>', creditHours: 0.5, minSeconds: 300, position: 1, question: { answer: 1 } });
    articleId = res.json().id;
  });

  it('a video needs an https link; a document without file or link blocks publishing until its file is uploaded', async () => {
    const http = await unit.post(`/api/study/topics/${topicId}/materials`, { kind: 'video', title: '专题辅导视频', url: 'http://example.cn/v.mp4', creditHours: 1, minSeconds: 1200 });
    expect(http.statusCode).toBe(400);
    expect(http.body).toContain('链接须以 https:// 开头');
    const video = await unit.post(`/api/study/topics/${topicId}/materials`, { kind: 'video', title: '专题辅导视频', url: 'https://example.cn/v.mp4', creditHours: 1, minSeconds: 1200 });
    expect(video.statusCode, video.body).toBe(201);
    const doc = await unit.post(`/api/study/topics/${topicId}/materials`, { kind: 'document', title: '全会公报', creditHours: 0.3, minSeconds: 180 });
    expect(doc.statusCode, doc.body).toBe(201);
    docId = doc.json().id;
    const blocked = await unit.post(`/api/study/topics/${topicId}/publish`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toBe('资料「全会公报」还没有上传文件或填写链接，不能发布');
    const wrong = await unit.upload(`/api/study/materials/${docId}/file`, '公报.pdf', Buffer.from('not a pdf'));
    expect(wrong.statusCode).toBe(400);
    const up = await unit.upload(`/api/study/materials/${docId}/file`, '公报.pdf', Buffer.from('%PDF-1.4 公报'), 'application/pdf');
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().fileName).toBe('公报.pdf');
    const file = await unit.get(`/api/study/materials/${docId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(await audits('study_material.file')).toBe(1);
  });

  it('publishes; a second publish answers 409; the topic shows its materials and 学时 in total', async () => {
    const res = await unit.post(`/api/study/topics/${topicId}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'published', materialCount: 3, creditHours: 1.8 });
    expect(res.json().publishedAt).toBeTruthy();
    expect((await unit.post(`/api/study/topics/${topicId}/publish`)).statusCode).toBe(409);
    expect(await audits('study_topic.publish')).toBe(1);
  });

  it('a published topic\'s materials can be corrected but not deleted', async () => {
    const upd = await unit.put(`/api/study/materials/${articleId}`, article({ title: '学习贯彻四中全会精神（修订）' }));
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().title).toBe('学习贯彻四中全会精神（修订）');
    const del = await unit.delete(`/api/study/materials/${articleId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain('不能删除');
  });

  it('withdraws; a withdrawn topic cannot be edited until published again', async () => {
    expect((await unit.post(`/api/study/topics/${topicId}/withdraw`)).json().status).toBe('withdrawn');
    const edit = await unit.put(`/api/study/topics/${topicId}`, { orgId: env.fx.a.id, title: '改名' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toContain('已撤回');
    expect((await unit.post(`/api/study/topics/${topicId}/publish`)).json().status).toBe('published');
    expect(await audits('study_topic.withdraw')).toBe(1);
  });
});

describe('lists', () => {
  it('the committee sees every topic; a secretary of A2 sees none of A\'s and manages only A2', async () => {
    const city = await admin.post('/api/study/topics', { orgId: env.fx.root.id, title: '全市党员冬训专题' });
    expect(city.statusCode).toBe(201);
    const draftA2 = await secA2.post('/api/study/topics', { orgId: env.fx.a2.id, title: '业务处支部周学' });
    expect(draftA2.statusCode, draftA2.body).toBe(201);
    const all = (await admin.get('/api/study/topics')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((t: { title: string }) => t.title)).toEqual(['业务处支部周学', '全市党员冬训专题', '四中全会精神专题']);
    const mine = (await secA2.get('/api/study/topics')).json();
    expect(mine.items.map((t: { title: string }) => t.title)).toEqual(['业务处支部周学']);
    expect((await secA2.get(`/api/study/topics/${topicId}`)).statusCode).toBe(404);
    expect((await secA2.post(`/api/study/topics/${topicId}/withdraw`)).statusCode).toBe(404);
    const unitSees = (await unit.get(`/api/study/topics/${draftA2.json().id}`)).json();
    expect(unitSees.canManage).toBe(true);
  });

  it('filters by status and title and pages in the database', async () => {
    expect((await admin.get('/api/study/topics?status=published')).json().items.map((t: { title: string }) => t.title)).toEqual(['四中全会精神专题']);
    expect((await admin.get(`/api/study/topics?q=${encodeURIComponent('冬训')}`)).json().total).toBe(1);
    const page2 = (await admin.get('/api/study/topics?pageSize=2&page=2')).json();
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(1);
    expect((await admin.get('/api/study/topics?status=foo')).statusCode).toBe(400);
  });
});
