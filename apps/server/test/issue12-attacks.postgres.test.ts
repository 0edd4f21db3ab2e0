import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from './harness.ts';

// The race an attacker would use against TR-8 (PostgreSQL pass only): one organiser links a draft
// entry test to a new class while another edits that draft into a plain exam (open to the whole
// subtree). Either the link is made and the edit refused (409), or the edit lands and the link is
// refused (400) — never a class whose entry test anyone may take. And a save ‖ an early close: a
// save that succeeds committed before the close (its audit record first), never after it, when the
// key may already be shown to those who handed in.

let env: TestEnv;
let linker: TestClient;
let editor: TestClient;
let paper: number;
let taker: TestClient;

const examBody = (purpose: string) => ({
  orgId: env.fx.a.id,
  paperId: paper,
  title: '竞争入学测试',
  purpose,
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 1,
  passMark: 5,
  reviewPolicy: 'after_submit',
});
const klass = (title: string, entryExamId: number) => ({
  orgId: env.fx.a.id,
  title,
  planLine: 'secretary_school',
  plan: '',
  startsOn: '2026-11-23',
  endsOn: '2026-11-24',
  place: null,
  minAttendance: 80,
  evaluationItems: [{ key: 'overall', label: '总体满意度' }],
  entryExamId,
});

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('linker', [[env.fx.a.id, 'org_admin']]);
  linker = await env.login('linker');
  taker = await env.login('member_a1');
  editor = await env.login('unitadmin');
  const q = (await editor.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], type: 'judge', stem: '判断', answer: ['true'] })).json().id;
  paper = (await editor.post('/api/exam-papers', { orgId: env.fx.a.id, title: '竞争卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
});
afterAll(() => env.close());

describe('TR-8 links under races', () => {
  it('link a draft entry test ‖ edit it into a plain exam, ×10: exactly one wins each time; no class names a plain exam', async () => {
    for (let i = 0; i < 10; i++) {
      const exam = (await editor.post('/api/exams', examBody('training_entry'))).json().id as number;
      const [link, edit] = await Promise.all([linker.post('/api/training-classes', klass(`竞争班${i}`, exam)), editor.put(`/api/exams/${exam}`, examBody('exam'))]);
      const codes = [link.statusCode, edit.statusCode];
      expect([[201, 409], [400, 200]], `${link.body} ${edit.body}`).toContainEqual(codes);
      const row = await env.deps.db.selectFrom('exam').select('purpose').where('id', '=', exam).executeTakeFirstOrThrow();
      const linked = await env.deps.db.selectFrom('training_class').select('id').where('entry_exam_id', '=', exam).execute();
      if (row.purpose !== 'training_entry') expect(linked).toEqual([]);
      expect(row.purpose).toBe(link.statusCode === 201 ? 'training_entry' : 'exam');
    }
  });

  it('save ‖ close of the exam, ×10: a save that succeeds is recorded before the close, never after', async () => {
    for (let i = 0; i < 10; i++) {
      const exam = (await editor.post('/api/exams', { ...examBody('exam'), title: `竞争结束${i}`, reviewPolicy: 'after_close' })).json().id as number;
      expect((await editor.post(`/api/exams/${exam}/publish`)).statusCode).toBe(200);
      const attempt = (await taker.post(`/api/exams/${exam}/attempts`)).json().id as number;
      const [save, close] = await Promise.all([taker.put(`/api/attempts/${attempt}/answers`, { answers: [{ position: 1, given: ['true'] }] }), editor.post(`/api/exams/${exam}/close`)]);
      expect(close.statusCode).toBe(200);
      expect([200, 409]).toContain(save.statusCode);
      const audits = await env.deps.db
        .selectFrom('audit_log')
        .select(['id', 'action'])
        .where((eb) => eb.or([eb.and([eb('action', '=', 'exam_attempt.save' as never), eb('entity_id', '=', String(attempt))]), eb.and([eb('action', '=', 'exam.close' as never), eb('entity_id', '=', String(exam))])]))
        .orderBy('id')
        .execute();
      expect(audits.map((a) => a.action)).toEqual(save.statusCode === 200 ? ['exam_attempt.save', 'exam.close'] : ['exam.close']);
      const given = await env.deps.db.selectFrom('exam_attempt_question').select('given').where('attempt_id', '=', attempt).executeTakeFirstOrThrow();
      expect(given.given).toEqual(save.statusCode === 200 ? ['true'] : null);
    }
  });
});
