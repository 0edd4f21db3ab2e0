import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from './harness.ts';

// The race an attacker would use against TR-8 (PostgreSQL pass only): one organiser links a draft
// entry test to a new class while another edits that draft into a plain exam (open to the whole
// subtree). Either the link is made and the edit refused (409), or the edit lands and the link is
// refused (400) — never a class whose entry test anyone may take.

let env: TestEnv;
let linker: TestClient;
let editor: TestClient;
let paper: number;

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
});
