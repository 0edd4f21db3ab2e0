import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// 考核方案 through the API: a year's first draft copied from last year, edits checked by the
// contract (AS-2) and by who may score (AS-12), publish and revise as the machine allows (AS-1),
// every change audited.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let adminId: number;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  unitadmin = await env.login('unitadmin');
  adminId = env.fx.users.admin!;
});
afterAll(() => env.close());

const audits = async (action: string) =>
  (await env.database.db.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', action as never).orderBy('id').execute());

describe('a year’s scheme, versioned', () => {
  let v2024: number;

  it('a year with no earlier scheme starts empty, with the default bands and 「2+1-1」', async () => {
    expect((await admin.get('/api/assessments?year=2024')).json()).toMatchObject({ year: 2024, current: null, versions: [], canConfigure: true, canCreate: true });
    const r = await admin.post('/api/assessments', { year: 2024 });
    expect(r.statusCode, r.body).toBe(201);
    const s = r.json();
    v2024 = s.id;
    expect(s).toMatchObject({ year: 2024, version: 1, status: 'draft', basedOnId: null, abilities: { edit: true, publish: true, revise: false } });
    expect(s.content.categories).toEqual([]);
    expect(s.content.bands.map((b: { grade: string }) => b.grade)).toEqual(['优秀', '良好', '合格', '基本合格', '不合格']);
    expect(s.content.formula.discipline.rows.map((r: { points: number }) => r.points)).toEqual([1, 3, 5, 8]);
    expect((await admin.post('/api/assessments', { year: 2024 })).json().message).toBe('2024年度已有考核方案，请在现有版本上修改或修订');
  });

  it('an empty draft cannot be published', async () => {
    const r = await admin.post(`/api/assessments/${v2024}/publish`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('考核方案还没有指标，不能发布');
  });

  it('edits are checked: sums, bands, weights, scorers — in Chinese', async () => {
    const good = demoSchemeContent(adminId);
    const bad = structuredClone(good);
    bad.categories[0]!.indicators[0]!.points[0]!.maxScore = 7;
    bad.bands[1]!.minScore = 95;
    bad.formula.reviewWeight = 1.5;
    const r = await admin.put(`/api/assessments/${v2024}`, { content: bad });
    expect(r.statusCode).toBe(400);
    const messages = JSON.stringify(r.json());
    expect(messages).toContain('指标“组织生活落实”的评分要点分值合计17分，应等于指标分值20分');
    expect(messages).toContain('等次分数线应从高到低排列');
    expect(messages).toContain('述职评议权重应在0到1之间');

    const unitScorer = structuredClone(good);
    unitScorer.categories[0]!.indicators[0]!.department.userIds = [env.fx.users.unitadmin!];
    const s = await admin.put(`/api/assessments/${v2024}`, { content: unitScorer });
    expect(s.statusCode).toBe(400);
    expect(s.json().message).toBe(`评分人员应为工委机关的账户：#${env.fx.users.unitadmin}不符合`);

    const ok = await admin.put(`/api/assessments/${v2024}`, { content: good });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().content.categories.map((c: { name: string }) => c.name)).toEqual(['党建重点督查', '日常工作', '述职评议', '创先争优', '党纪政务处分']);
    expect(ok.json().scorers).toEqual([{ id: adminId, name: 'admin' }]);
  });

  it('units see no draft', async () => {
    expect((await unitadmin.get('/api/assessments?year=2024')).json()).toMatchObject({ current: null, versions: [], canConfigure: false, canCreate: false });
    expect((await unitadmin.get(`/api/assessments/${v2024}`)).statusCode).toBe(404);
  });

  it('publish: draft → published; then it is never edited and not published twice', async () => {
    const r = await admin.post(`/api/assessments/${v2024}/publish`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'published', publishedBy: 'admin', abilities: { edit: false, publish: false, revise: true } });
    const edit = await admin.put(`/api/assessments/${v2024}`, { content: demoSchemeContent(adminId) });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toBe('该考核方案版本当前为“已发布”，不能修改（可能刚被他人处理），请刷新后重试');
    expect((await admin.post(`/api/assessments/${v2024}/publish`)).statusCode).toBe(409);
    expect((await unitadmin.get('/api/assessments?year=2024')).json().current).toMatchObject({ id: v2024, status: 'published', abilities: { edit: false, publish: false, revise: false } });
  });

  it('the next year’s first draft copies last year’s latest published scheme, keys kept', async () => {
    const r = await admin.post('/api/assessments', { year: 2025 });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ year: 2025, version: 1, status: 'draft', basedOnId: v2024, basedOn: { year: 2024, version: 1 } });
    const keys = (c: { categories: { key: string; indicators: { key: string }[] }[] }) => c.categories.flatMap((x) => [x.key, ...x.indicators.map((i) => i.key)]);
    expect(keys(r.json().content)).toEqual(keys(demoSchemeContent(adminId)));
  });

  it('revise: a new draft of the same year; one draft at a time; publishing it supersedes the old version', async () => {
    const r = await admin.post(`/api/assessments/${v2024}/revise`);
    expect(r.statusCode, r.body).toBe(200);
    const v2 = r.json();
    expect(v2).toMatchObject({ year: 2024, version: 2, status: 'draft', basedOnId: v2024 });
    const again = await admin.post(`/api/assessments/${v2024}/revise`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('2024年度已有草稿（第2版），请直接修改该草稿');

    const changed = { ...v2.content, rules: { lastInSeriesNotExcellent: true, excellentQuota: 20 } };
    expect((await admin.put(`/api/assessments/${v2.id}`, { content: changed })).statusCode).toBe(200);
    // Units still read version 1 while version 2 is a draft.
    expect((await unitadmin.get('/api/assessments?year=2024')).json().current.version).toBe(1);
    expect((await admin.post(`/api/assessments/${v2.id}/publish`)).statusCode).toBe(200);

    const year = (await admin.get('/api/assessments?year=2024')).json();
    expect(year.current).toMatchObject({ id: v2.id, version: 2, status: 'published' });
    expect(year.current.content.rules.excellentQuota).toBe(20);
    expect(year.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    const old = await admin.post(`/api/assessments/${v2024}/revise`);
    expect(old.statusCode).toBe(409);
    expect(old.json().message).toBe('该考核方案版本当前为“已被修订替代”，不能修订（可能刚被他人处理），请刷新后重试');
    // Every version is kept, the first unchanged.
    expect((await admin.get(`/api/assessments/${v2024}`)).json().content.rules.excellentQuota).toBeNull();
  });

  it('every change is audited', async () => {
    expect((await audits('assessment_scheme.create')).map((a) => a.entity_id)).toHaveLength(2);
    expect(await audits('assessment_scheme.update')).toHaveLength(2);
    expect(await audits('assessment_scheme.publish')).toHaveLength(2);
    const revise = await audits('assessment_scheme.revise');
    expect(revise).toHaveLength(1);
    expect(revise[0]!.after).toMatchObject({ year: 2024, version: 2, basedOnVersion: 1 });
  });

  it('the scorers the committee may choose are committee-level accounts', async () => {
    const r = (await admin.get('/api/assessments/scorers')).json();
    expect(r.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
  });
});

describe('demo schemes', () => {
  it('last year’s and this year’s schemes, this year’s copied from last year’s, both published and valid', async () => {
    const { seedSchemes } = await import('./index.ts');
    await seedSchemes(env.database.db, { now: env.clock.now, year: 2031, committeeUserId: adminId });
    const last = (await unitadmin.get('/api/assessments?year=2030')).json();
    const current = (await unitadmin.get('/api/assessments?year=2031')).json();
    expect(last.current).toMatchObject({ version: 1, status: 'published', basedOn: null });
    expect(current.current).toMatchObject({ version: 1, status: 'published', basedOn: { year: 2030, version: 1 } });
    expect(current.current.content.categories.map((c: { name: string; part: string }) => `${c.name}:${c.part}`)).toEqual(['党建重点督查:inspection', '日常工作:inspection', '述职评议:review', '创先争优:bonus', '党纪政务处分:deduction']);
    expect(current.current.content.rules.excellentQuota).toBe(30);
    // The demo content passes the edit checks as it is (a revision saves unchanged).
    const draft = (await admin.post(`/api/assessments/${current.current.id}/revise`)).json();
    expect((await admin.put(`/api/assessments/${draft.id}`, { content: draft.content })).statusCode).toBe(200);
  });
});
