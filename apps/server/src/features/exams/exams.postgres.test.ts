import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): five deletes of one question at
// once, an edit racing a delete, two imports of one file into one bank at once. One wins; the
// others are refused and change nothing.

let env: TestEnv;
let organisers: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < 5; i++) await env.addAccount(`exam_org${i}`, [[env.fx.a.id, 'org_admin']]);
  organisers = await Promise.all([0, 1, 2, 3, 4].map((i) => env.login(`exam_org${i}`)));
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const question = (stem: string) => ({ orgId: env.fx.a.id, type: 'judge', stem, options: [], answer: ['true'], tags: [], difficulty: 'easy' });
const audits = (action: string, id: number) => env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', String(id)).execute();

describe('question bank races on PostgreSQL', () => {
  it('five deletes of one question at once: one 200, four 404, one audit record', async () => {
    const { id } = (await organisers[0].post('/api/exam-questions', question('同时删除'))).json();
    const results = await Promise.all(organisers.map((c) => c.delete(`/api/exam-questions/${id}`)));
    expect(codes(results)).toEqual([200, 404, 404, 404, 404]);
    expect(await audits('exam_question.archive', id)).toHaveLength(1);
  });

  it('an edit racing a delete: either the edit lands first and is audited, or it is refused; the question ends archived', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = (await organisers[0].post('/api/exam-questions', question(`修改与删除${round}`))).json();
      const [edit, del] = await Promise.all([organisers[1].put(`/api/exam-questions/${id}`, question(`修改与删除${round}（改）`)), organisers[2].delete(`/api/exam-questions/${id}`)]);
      expect(del.statusCode).toBe(200);
      expect([200, 404]).toContain(edit.statusCode);
      expect(await audits('exam_question.update', id)).toHaveLength(edit.statusCode === 200 ? 1 : 0);
      const row = await env.deps.db.selectFrom('exam_question').where('id', '=', id).select(['stem', 'archived_at']).executeTakeFirstOrThrow();
      expect(row.archived_at).not.toBeNull();
      expect(row.stem).toBe(edit.statusCode === 200 ? `修改与删除${round}（改）` : `修改与删除${round}`);
    }
  });

  it('two imports of one file into one bank at once: one writes its rows, the other names each row as already there', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题库');
    ws.addRow(['题型', '题干', '答案', '难度']);
    for (let i = 0; i < 20; i++) ws.addRow(['判断题', `并发导入${i}`, '对', '易']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const results = await Promise.all(organisers.slice(0, 2).map((c) => c.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, 'q.xlsx', file)));
    expect(codes(results)).toEqual([200, 400]);
    const refused = results.find((r) => r.statusCode === 400)!.json();
    expect(refused.errors).toHaveLength(20);
    expect(refused.errors[0].message).toMatch(/^A局机关党委的题库中已有相同的试题/);
    const rows = await env.deps.db.selectFrom('exam_question').where('stem', 'like', '并发导入%').select('id').execute();
    expect(rows).toHaveLength(20);
  });
});

describe('exam state machine races on PostgreSQL', () => {
  it('five publishes of one draft at once: one 200, four 409 in Chinese, one audit record', async () => {
    const q = (await organisers[0].post('/api/exam-questions', question('考试并发用题'))).json().id;
    const paper = (await organisers[0].post('/api/exam-papers', { orgId: env.fx.a.id, title: '并发卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
    const { id } = (await organisers[0].post('/api/exams', { orgId: env.fx.a.id, paperId: paper, title: '并发发布', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 6 })).json();
    const results = await Promise.all(organisers.map((c) => c.post(`/api/exams/${id}/publish`)));
    expect(codes(results)).toEqual([200, 409, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toBe('该考试当前为“已发布”，不能发布（可能刚被他人处理），请刷新后重试');
    expect(await audits('exam.publish', id)).toHaveLength(1);
  });

  it('a close racing a cancel: exactly one lands, the exam ends in its state', async () => {
    const q = (await organisers[0].post('/api/exam-questions', question('考试并发用题2'))).json().id;
    const paper = (await organisers[0].post('/api/exam-papers', { orgId: env.fx.a.id, title: '并发卷2', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
    const { id } = (await organisers[0].post('/api/exams', { orgId: env.fx.a.id, paperId: paper, title: '结束与取消', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 6 })).json();
    await organisers[0].post(`/api/exams/${id}/publish`);
    const [close, cancel] = await Promise.all([organisers[1].post(`/api/exams/${id}/close`), organisers[2].post(`/api/exams/${id}/cancel`)]);
    expect(codes([close, cancel])).toEqual([200, 409]);
    const row = await env.deps.db.selectFrom('exam').where('id', '=', id).select('status').executeTakeFirstOrThrow();
    expect(row.status).toBe(close.statusCode === 200 ? 'closed' : 'cancelled');
  });
});


describe('attempt races on PostgreSQL', () => {
  let takers: TestClient[];
  let paper: number;
  const exam = async (title: string, attemptsAllowed: number) => {
    const { id } = (await organisers[0].post('/api/exams', { orgId: env.fx.a.id, paperId: paper, title, opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed, passMark: 6, reviewPolicy: 'after_submit' })).json();
    await organisers[0].post(`/api/exams/${id}/publish`);
    return id as number;
  };
  beforeAll(async () => {
    await env.addAccount('exam_taker', [[env.fx.a1.id, 'member']], env.fx.membersA1[3]);
    takers = await Promise.all([0, 1, 2, 3, 4].map(() => env.login('exam_taker')));
    const q = (await organisers[0].post('/api/exam-questions', { ...question('答卷并发用题'), answer: ['true'] })).json().id;
    paper = (await organisers[0].post('/api/exam-papers', { orgId: env.fx.a.id, title: '答卷并发卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
  });

  it('five starts at once, twice, with 2 attempts allowed: one each time, then none; exactly 2 attempts exist', async () => {
    const id = await exam('并发开始', 2);
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(takers.map((c) => c.post(`/api/exams/${id}/attempts`)));
      expect(codes(results)).toEqual([201, 409, 409, 409, 409]);
      await takers[0].post(`/api/attempts/${results.find((r) => r.statusCode === 201)!.json().id}/submit`);
    }
    const last = await Promise.all(takers.map((c) => c.post(`/api/exams/${id}/attempts`)));
    expect(codes(last)).toEqual([409, 409, 409, 409, 409]);
    expect(last[0].json().message).toBe('本次考试每人最多作答2次，你已用完');
    const rows = await env.deps.db.selectFrom('exam_attempt').where('exam_id', '=', id).select('attempt_no').orderBy('attempt_no').execute();
    expect(rows.map((r) => r.attempt_no)).toEqual([1, 2]);
  });

  it('five submits at once: one 200, four 409; one submit audited', async () => {
    const id = await exam('并发交卷', 1);
    const a = (await takers[0].post(`/api/exams/${id}/attempts`)).json();
    const results = await Promise.all(takers.map((c) => c.post(`/api/attempts/${a.id}/submit`)));
    expect(codes(results)).toEqual([200, 409, 409, 409, 409]);
    expect(await audits('exam_attempt.submit', a.id)).toHaveLength(1);
  });

  it('a save racing a submit: the save lands before the submit and is scored, or is refused; never lost after the score', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await exam(`保存与交卷${round}`, 1);
      const a = (await takers[0].post(`/api/exams/${id}/attempts`)).json();
      const [save, submit] = await Promise.all([takers[1].put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['true'] }] }), takers[2].post(`/api/attempts/${a.id}/submit`)]);
      expect(submit.statusCode).toBe(200);
      expect([200, 409]).toContain(save.statusCode);
      const final = (await takers[0].get(`/api/attempts/${a.id}`)).json();
      expect(final.score).toBe(save.statusCode === 200 ? 10 : 0);
      expect(final.questions[0].given).toEqual(save.statusCode === 200 ? ['true'] : null);
    }
  });
});
