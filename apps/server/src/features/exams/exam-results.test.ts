import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedAttempt } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 考试成绩 and 阅卷 (EX-15 … EX-20): the organiser's list of candidates with the counted score, the
// summary, the short answers waiting for a marker, the marks (bounded, final when all are in, not
// changed after the exam closes, never one's own), and the Excel of the results.

let env: TestEnv;
let unitadmin: TestClient;
let secA1: TestClient;
let memberA1: TestClient;
let takers: TestClient[];
let judge1: number;
let judge2: number;
let short: number;
let shortPaper: number;
let objectivePaper: number;

const examBody = (orgId: number, paperId: number, extra: object = {}) => ({
  orgId,
  paperId,
  title: '成绩测试',
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 2,
  counting: 'best',
  passMark: 9,
  reviewPolicy: 'after_submit',
  ...extra,
});

async function published(orgId: number, paperId: number, extra: object = {}) {
  const res = await unitadmin.post('/api/exams', examBody(orgId, paperId, extra));
  expect(res.statusCode, res.body).toBe(201);
  expect((await unitadmin.post(`/api/exams/${res.json().id}/publish`)).statusCode).toBe(200);
  return res.json().id as number;
}

/** One attempt handed in: answers by question stem. */
async function take(c: TestClient, exam: number, answers: Record<string, string[]>) {
  const a = await c.post(`/api/exams/${exam}/attempts`);
  expect(a.statusCode, a.body).toBe(201);
  const given = (a.json().questions as { position: number; stem: string }[]).map((q) => ({ position: q.position, given: answers[q.stem] ?? [] }));
  expect((await c.put(`/api/attempts/${a.json().id}/answers`, { answers: given })).statusCode).toBe(200);
  const done = await c.post(`/api/attempts/${a.json().id}/submit`);
  expect(done.statusCode, done.body).toBe(200);
  return done.json() as { id: number; score: number | null; pendingMarking: boolean; questions: { position: number; type: string }[] };
}

const shortPos = (a: { questions: { position: number; type: string }[] }) => a.questions.find((q) => q.type === 'short')!.position;
const results = async (exam: number, qs = '') => {
  const res = await unitadmin.get(`/api/exams/${exam}/results?pageSize=100${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { memberName: string; orgName: string; status: string; score: number | null; passed: boolean | null; attemptsUsed: number; countedAttemptId: number | null; forced: boolean; pendingMarking: boolean; secondsUsed: number | null }[]; summary: Record<string, number | null> };
};
const row = async (exam: number, name: string) => (await results(exam)).items.find((r) => r.memberName === name)!;

beforeAll(async () => {
  env = await createTestEnv();
  unitadmin = await env.login('unitadmin');
  secA1 = await env.login('sec_a1');
  memberA1 = await env.login('member_a1');
  takers = [];
  for (const i of [2, 3]) {
    await env.addAccount(`taker${i}`, [[env.fx.a1.id, 'member']], env.fx.membersA1[i]);
    takers.push(await env.login(`taker${i}`));
  }
  await env.addAccount('taker_a2', [[env.fx.a2.id, 'member']], env.fx.membersA2[1]);
  takers.push(await env.login('taker_a2'));
  const add = async (body: object) => (await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  judge1 = await add({ type: 'judge', stem: '判断一', answer: ['true'] });
  judge2 = await add({ type: 'judge', stem: '判断二', answer: ['false'] });
  short = await add({ type: 'short', stem: '简述党支部的基本任务', answer: ['宣传和执行党的路线方针政策'] });
  shortPaper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '含简答卷', kind: 'fixed', questions: [{ questionId: judge1, score: 5 }, { questionId: short, score: 10 }] })).json().id;
  objectivePaper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '客观卷', kind: 'fixed', questions: [{ questionId: judge1, score: 5 }, { questionId: judge2, score: 5 }] })).json().id;
});
afterAll(() => env.close());

describe('考试成绩 (results)', () => {
  it('every member of the subtree is a candidate; 待阅卷 until the short answer is marked; then the score and 通过; the summary follows', async () => {
    const exam = await published(env.fx.a.id, shortPaper, { title: '阅卷流程' });
    const before = await results(exam);
    expect(before.total).toBe(11); // A局综合处 8 + A局业务处 3, nobody of B局
    expect(before.items.every((r) => r.status === 'absent' && r.score === null)).toBe(true);
    expect(before.summary).toEqual({ candidates: 11, tookPart: 0, passed: 0, passRate: null, average: null, pendingMarking: 0 });

    const a = await take(memberA1, exam, { 判断一: ['true'], 简述党支部的基本任务: ['宣传党的主张'] });
    expect(a).toMatchObject({ score: null, pendingMarking: true });
    expect(await row(exam, '钱二')).toMatchObject({ status: 'pending', score: null, passed: null, pendingMarking: true, attemptsUsed: 1, orgName: 'A局综合处党支部' });
    expect((await results(exam)).summary).toMatchObject({ candidates: 11, tookPart: 1, passed: 0, pendingMarking: 1 });

    const list = await unitadmin.get(`/api/exams/${exam}/marking`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    expect(list.json().items[0]).toMatchObject({ attemptId: a.id, memberName: '钱二', objectiveScore: 5, score: null, pendingMarking: true });
    expect(list.json().items[0].answers).toEqual([expect.objectContaining({ stem: '简述党支部的基本任务', points: 10, given: ['宣传党的主张'], reference: ['宣传和执行党的路线方针政策'], awarded: null, comment: null })]);

    const marked = await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 6, comment: '要点不全' }] });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ score: 11, passed: true, pendingMarking: false });
    expect(await row(exam, '钱二')).toMatchObject({ status: 'passed', score: 11, passed: true, pendingMarking: false, countedAttemptId: a.id });
    expect((await results(exam)).summary).toEqual({ candidates: 11, tookPart: 1, passed: 1, passRate: 100, average: 11, pendingMarking: 0 });
    // Marked, it leaves the queue and shows under 已阅卷 with the marker and the comment.
    expect((await unitadmin.get(`/api/exams/${exam}/marking`)).json().total).toBe(0);
    const done = (await unitadmin.get(`/api/exams/${exam}/marking?status=marked`)).json().items[0].answers[0];
    expect(done).toMatchObject({ awarded: 6, comment: '要点不全', markedByName: 'unitadmin' });
    const audits = await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam_attempt.mark').where('entity_id', '=', String(a.id)).select(['before', 'after']).execute();
    expect(audits).toHaveLength(1);
  });

  it('a mark outside 0 … the question\'s points, on an objective question, or not a half point is refused in Chinese; nothing changes', async () => {
    const exam = await published(env.fx.a.id, shortPaper, { title: '评分校验' });
    const a = await take(takers[0], exam, { 判断一: ['false'], 简述党支部的基本任务: ['不知道'] });
    const over = await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 11 }] });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toBe(`第${shortPos(a)}题得分不能超过该题分值（10分）`);
    const objective = a.questions.find((q) => q.type !== 'short')!.position;
    expect((await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: objective, score: 1 }] })).json().message).toBe(`第${objective}题不是本答卷的简答题`);
    const third = await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 3.3 }] });
    expect(third.statusCode).toBe(400);
    expect(third.body).toContain('得分只能是整数或半分');
    expect((await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: -1 }] })).body).toContain('得分不能为负数');
    expect(await row(exam, '孙三')).toMatchObject({ status: 'pending', score: null });
    expect(await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam_attempt.mark').where('entity_id', '=', String(a.id)).select('id').execute()).toHaveLength(0);
    // Half points are fine; 0 + 0 fails the pass mark.
    expect((await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 0.5 }] })).json()).toMatchObject({ score: 0.5, passed: false });
    expect(await row(exam, '孙三')).toMatchObject({ status: 'failed', score: 0.5, passed: false });
  });

  it('a mark may be changed while the exam is open; once closed the marks given are final (409), an unmarked answer may still be marked', async () => {
    const exam = await published(env.fx.a.id, shortPaper, { title: '改分' });
    const a = await take(memberA1, exam, { 判断一: ['true'], 简述党支部的基本任务: ['答案一'] });
    const b = await take(takers[1], exam, { 判断一: ['true'], 简述党支部的基本任务: ['答案二'] });
    await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 2 }] });
    expect((await row(exam, '钱二')).status).toBe('failed');
    const changed = await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 8 }] });
    expect(changed.json()).toMatchObject({ score: 13, passed: true });
    expect((await row(exam, '钱二')).status).toBe('passed');
    expect((await unitadmin.post(`/api/exams/${exam}/close`)).statusCode).toBe(200);
    const late = await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 1 }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe(`考试已结束，已评的分数不能再修改（第${shortPos(a)}题）`);
    expect((await row(exam, '钱二')).score).toBe(13);
    expect((await unitadmin.put(`/api/attempts/${b.id}/marks`, { marks: [{ position: shortPos(b), score: 10 }] })).json()).toMatchObject({ score: 15, passed: true });
    expect((await results(exam)).summary).toMatchObject({ tookPart: 2, passed: 2, average: 14, pendingMarking: 0 });
  });

  it('a cancelled exam is not marked; an attempt still being answered is not marked', async () => {
    const exam = await published(env.fx.a.id, shortPaper, { title: '取消后阅卷' });
    const open = (await takers[0].post(`/api/exams/${exam}/attempts`)).json();
    const notYet = await unitadmin.put(`/api/attempts/${open.id}/marks`, { marks: [{ position: shortPos(open), score: 1 }] });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().message).toBe('该答卷尚未交卷，不能阅卷');
    await takers[0].post(`/api/attempts/${open.id}/submit`);
    await unitadmin.post(`/api/exams/${exam}/cancel`);
    const res = await unitadmin.put(`/api/attempts/${open.id}/marks`, { marks: [{ position: shortPos(open), score: 1 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('考试已取消，不能阅卷');
  });

  it('the counted score follows the exam\'s rule (best / last) and agrees with countedAttempt; the 强制交卷 flag shows', async () => {
    for (const counting of ['best', 'last'] as const) {
      const exam = await published(env.fx.a.id, objectivePaper, { title: `计分-${counting}`, counting, focusStrikes: 1 });
      await take(takers[1], exam, { 判断一: ['true'], 判断二: ['false'] }); // 10
      const second = (await takers[1].post(`/api/exams/${exam}/attempts`)).json();
      await takers[1].put(`/api/attempts/${second.id}/answers`, { answers: [{ position: 1, given: ['true'] }, { position: 2, given: ['true'] }] }); // one right: 5
      expect((await takers[1].post(`/api/attempts/${second.id}/focus-loss`)).json()).toMatchObject({ forced: true, status: 'submitted', score: 5 });
      const r = await row(exam, '李四');
      const attempts = (await env.deps.db.selectFrom('exam_attempt').select(['id', 'attempt_no', 'score']).where('exam_id', '=', exam).execute()).map((a) => ({ id: a.id, attemptNo: a.attempt_no, score: a.score === null ? null : Number(a.score) }));
      const pure = countedAttempt(attempts, counting)!;
      expect(r.countedAttemptId).toBe(pure.id);
      expect(r.score).toBe(pure.score);
      expect(r).toMatchObject({ score: counting === 'best' ? 10 : 5, passed: counting === 'best', status: counting === 'best' ? 'passed' : 'failed', attemptsUsed: 2, forced: true });
      expect(r.secondsUsed).toBe(0); // the test clock stands still
    }
  });

  it('filters in the database: by status, by name, by organisation (inside the exam\'s subtree), paged', async () => {
    const exam = await published(env.fx.a.id, objectivePaper, { title: '筛选' });
    await take(takers[2], exam, { 判断一: ['true'], 判断二: ['false'] });
    await take(memberA1, exam, { 判断一: ['false'], 判断二: ['true'] });
    expect((await results(exam, '&status=passed')).items.map((r) => r.memberName)).toEqual(['陈乙']);
    expect((await results(exam, '&status=failed')).items.map((r) => r.memberName)).toEqual(['钱二']);
    expect((await results(exam, '&status=absent')).total).toBe(9);
    expect((await results(exam, '&q=陈')).items.map((r) => r.memberName)).toEqual(['陈乙']);
    const a2 = await results(exam, `&orgId=${env.fx.a2.id}`);
    expect(a2.items.map((r) => r.memberName).sort()).toEqual(['冯甲', '褚丙', '陈乙'].sort());
    expect(a2.summary).toMatchObject({ candidates: 3, tookPart: 1, passed: 1, passRate: 100 });
    expect((await results(exam, `&orgId=${env.fx.b1.id}`)).total).toBe(0);
    const page2 = (await unitadmin.get(`/api/exams/${exam}/results?pageSize=5&page=3`)).json();
    expect(page2).toMatchObject({ total: 11, page: 3 });
    expect(page2.items).toHaveLength(1);
    expect((await unitadmin.get(`/api/exams/${exam}/results?status=bogus`)).statusCode).toBe(400);
  });

  it('never one\'s own attempt: a secretary who organises the exam and took it cannot mark it (403); another organiser can', async () => {
    const exam = await published(env.fx.a1.id, shortPaper, { title: '本人答卷' });
    const mine = await take(secA1, exam, { 判断一: ['true'], 简述党支部的基本任务: ['我的答案'] });
    expect((await secA1.get(`/api/exams/${exam}/marking`)).json().total).toBe(1);
    // The console's list: the exams they organise (A局综合处's), not the unit's they may only take.
    const titles = async (qs: string) => ((await secA1.get(`/api/exams?pageSize=100${qs}`)).json().items as { title: string }[]).map((e) => e.title);
    expect(await titles('&manage=true')).toEqual(['本人答卷']);
    expect((await titles('')).length).toBeGreaterThan(1);
    expect(await titles('&manage=false')).toEqual(await titles(''));
    const own = await secA1.put(`/api/attempts/${mine.id}/marks`, { marks: [{ position: shortPos(mine), score: 10 }] });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toBe('不能为本人的答卷阅卷');
    expect((await row(exam, '赵一')).status).toBe('pending');
    expect((await unitadmin.put(`/api/attempts/${mine.id}/marks`, { marks: [{ position: shortPos(mine), score: 4 }] })).json()).toMatchObject({ score: 9, passed: true });
  });

  it('export: the list as Excel with the same filters; names, organisations, scores — no ID numbers or phones; audited', async () => {
    const exam = await published(env.fx.a.id, shortPaper, { title: '导出' });
    const a = await take(memberA1, exam, { 判断一: ['true'], 简述党支部的基本任务: ['答'] });
    await unitadmin.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: shortPos(a), score: 7 }] });
    await take(takers[0], exam, { 判断一: ['true'], 简述党支部的基本任务: ['答'] });
    const res = await unitadmin.get(`/api/exams/${exam}/results/export?orgId=${env.fx.a1.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('导出-成绩.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows = ws.getSheetValues().slice(1).map((r) => Array.from({ length: 8 }, (_, i) => (r as unknown[])[i + 1] ?? ''));
    expect(rows[0]).toEqual(['姓名', '所在组织', '作答次数', '成绩（满分15）', '状态', '用时', '强制交卷', '待阅卷']);
    expect(rows).toHaveLength(1 + 8);
    expect(rows.find((r) => r[0] === '钱二')).toEqual(['钱二', 'A局综合处党支部', 1, 12, '已通过', '0分00秒', '', '']);
    expect(rows.find((r) => r[0] === '孙三')!.slice(4)).toEqual(['待阅卷', '', '', '是']);
    const passedOnly = await unitadmin.get(`/api/exams/${exam}/results/export?status=passed`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(passedOnly.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0].rowCount).toBe(2);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/\d{17}[\dX]|1\d{10}/);
    expect(await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam.results_export').where('entity_id', '=', String(exam)).select('id').execute()).toHaveLength(2);
  });
});
