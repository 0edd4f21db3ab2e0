import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 试卷: a fixed paper of chosen questions with scores, a random paper of rules met by its
// organisation's bank (its subtree's and the committee's), a rule the bank cannot meet refused
// with its shortfall named, and a preview that draws the same paper for the same seed.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let secA2: TestClient;
const ids: Record<string, number[]> = { committeeSingle: [], aSingleHard: [], aJudge: [], a2Single: [] };

const q = (orgId: number, stem: string, type: 'single' | 'judge', difficulty: 'easy' | 'hard') =>
  type === 'single' ? { orgId, type, stem, options: ['甲', '乙', '丙'], answer: ['B'], tags: ['党章'], difficulty } : { orgId, type, stem, options: [], answer: ['true'], tags: [], difficulty };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  unitadmin = await env.login('unitadmin');
  secA2 = await env.login('sec_a2');
  const add = async (c: TestClient, key: string, body: object) => ids[key].push((await c.post('/api/exam-questions', body)).json().id);
  for (let i = 0; i < 4; i++) await add(admin, 'committeeSingle', q(env.fx.root.id, `工委单选${i}`, 'single', 'easy'));
  for (let i = 0; i < 2; i++) await add(unitadmin, 'aSingleHard', q(env.fx.a.id, `A局难题${i}`, 'single', 'hard'));
  for (let i = 0; i < 5; i++) await add(unitadmin, 'aJudge', q(env.fx.a.id, `A局判断${i}`, 'judge', 'easy'));
  await add(secA2, 'a2Single', q(env.fx.a2.id, 'A局业务处单选', 'single', 'easy'));
});
afterAll(() => env.close());

describe('试卷 (papers)', () => {
  it('a fixed paper keeps its questions in order with their scores; the total is their sum; audited', async () => {
    const res = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '固定卷', kind: 'fixed', questions: [{ questionId: ids.aJudge[0], score: 5 }, { questionId: ids.committeeSingle[0], score: 10 }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'fixed', totalScore: 15, questionCount: 2, canEdit: true });
    expect(res.json().questions.map((x: { stem: string; score: number }) => [x.stem, x.score])).toEqual([['A局判断0', 5], ['工委单选0', 10]]);
    expect(await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam_paper.create').select('id').execute()).toHaveLength(1);
  });

  it('a fixed paper takes only questions of its organisation\'s bank: a sibling branch\'s question is refused', async () => {
    // A paper of A局综合处 (a1) may not use A局业务处's (a2) question.
    const res = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a1.id, title: '越界卷', kind: 'fixed', questions: [{ questionId: ids.a2Single[0], score: 5 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(`试题不存在、已删除或不在本组织可用的题库中：编号${ids.a2Single[0]}`);
  });

  it('a random paper is checked against the bank: the committee\'s and the whole subtree\'s questions count together (7 单选: 4 of the committee, 2 of A, 1 of its branch)', async () => {
    const rules = [{ type: 'single', count: 5, score: 2 }, { type: 'single', difficulty: 'hard', count: 2, score: 5 }, { type: 'judge', count: 3, score: 1 }];
    const res = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '随机卷', kind: 'random', rules });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'random', totalScore: 5 * 2 + 2 * 5 + 3, questionCount: 10 });
  });

  it('refuses rules the bank cannot meet, naming each short rule', async () => {
    const res = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '题不够', kind: 'random', rules: [{ type: 'single', difficulty: 'hard', count: 3, score: 5 }, { type: 'judge', count: 6, score: 1 }, { type: 'fill', count: 1, score: 1 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('题库题目不足：第1条规则（单选题·难）需要3道，题库中可用的只有2道；第2条规则（判断题）需要6道，题库中可用的只有5道；第3条规则（填空题）需要1道，题库中可用的只有0道');
    // The sibling branch's bank is smaller: its own question and the committee's.
    const small = await secA2.post('/api/exam-papers', { orgId: env.fx.a2.id, title: '支部卷', kind: 'random', rules: [{ type: 'single', count: 6, score: 1 }] });
    expect(small.json().message).toBe('题库题目不足：第1条规则（单选题）需要6道，题库中可用的只有5道');
  });

  it('preview: the same seed draws the same paper, matching the rules; the drawn paper carries each question\'s score', async () => {
    const { id } = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '预览卷', kind: 'random', rules: [{ type: 'single', count: 3, score: 2 }, { type: 'judge', count: 2, score: 1 }] })).json();
    const a = (await unitadmin.get(`/api/exam-papers/${id}/preview?seed=12345`)).json();
    const b = (await unitadmin.get(`/api/exam-papers/${id}/preview?seed=12345`)).json();
    expect(a).toEqual(b);
    expect(a.seed).toBe(12345);
    expect(a.questions.map((x: { type: string; score: number }) => `${x.type}:${x.score}`)).toEqual(['single:2', 'single:2', 'single:2', 'judge:1', 'judge:1']);
    const seeds = await Promise.all([1, 2, 3, 4, 5].map((s) => unitadmin.get(`/api/exam-papers/${id}/preview?seed=${s}`).then((r) => JSON.stringify(r.json().questions))));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('a random paper whose bank shrank since it was saved: the preview names the shortfall (409)', async () => {
    const { id } = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '缩水卷', kind: 'random', rules: [{ type: 'single', difficulty: 'hard', count: 2, score: 5 }] })).json();
    await unitadmin.delete(`/api/exam-questions/${ids.aSingleHard[1]}`);
    const res = await unitadmin.get(`/api/exam-papers/${id}/preview?seed=1`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('题库题目不足：第1条规则（单选题·难）需要2道，题库中可用的只有1道');
  });

  it('papers are seen within the subtree; the committee\'s organisers see all; a branch sees only its own', async () => {
    await secA2.post('/api/exam-papers', { orgId: env.fx.a2.id, title: '支部固定卷', kind: 'fixed', questions: [{ questionId: ids.a2Single[0], score: 5 }] });
    const titles = async (c: TestClient) => ((await c.get('/api/exam-papers?pageSize=200')).json().items as { title: string }[]).map((p) => p.title);
    expect(await titles(secA2)).toEqual(['支部固定卷']);
    expect(await titles(unitadmin)).toContain('支部固定卷');
    expect((await titles(admin)).length).toBe((await titles(unitadmin)).length);
  });

  it('shape: a fixed paper needs questions and no rules; a random one rules and no questions', async () => {
    const fixed = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '空卷', kind: 'fixed' });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.body).toContain('固定试卷至少选择1道试题');
    const random = await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '空规则', kind: 'random', questions: [{ questionId: ids.aJudge[0], score: 1 }] });
    expect(random.body).toContain('随机试卷至少需要1条抽题规则');
    expect(random.body).toContain('随机试卷不能指定试题');
  });
});
