import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): 结业 ×5 of one class (one wins,
// certificates numbered once); one trainee's evaluation ×5 (one stored); attendance ‖ 结业 (the
// outcome is decided on the attendance either before or after, never half of it); two classes
// claiming one exam (one gets it); a final-exam start ‖ 结业 (never both).

let env: TestEnv;
let organisers: TestClient[];
let trainee: TestClient;
const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

const klass = (title: string) => ({
  orgId: env.fx.a.id,
  title,
  planLine: 'member_study',
  plan: '',
  startsOn: '2026-11-23',
  endsOn: '2026-11-23',
  place: null,
  minAttendance: 100,
  evaluationItems: [{ key: 'overall', label: '总体满意度' }],
});
const session = { title: '党史', startsAt: '2026-11-23T08:00:00+08:00', endsAt: '2026-11-23T09:00:00+08:00', lecturerName: '李老师', lecturerKind: 'other', lecturerMemberId: null, hours: 1 };

async function openClass(title: string, members: number[]) {
  const id = (await organisers[0].post('/api/training-classes', klass(title))).json().id as number;
  await organisers[0].post(`/api/training-classes/${id}/trainees`, { memberIds: members });
  const sessionId = (await organisers[0].post(`/api/training-classes/${id}/sessions`, session)).json().sessionList[0].id as number;
  await organisers[0].post(`/api/training-classes/${id}/open`);
  return { id, sessionId };
}

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['ta1', 'ta2', 'ta3', 'ta4', 'ta5']) await env.addAccount(u, [[env.fx.a.id, 'org_admin']]);
  organisers = await Promise.all(['ta1', 'ta2', 'ta3', 'ta4', 'ta5'].map((u) => env.login(u)));
  trainee = await env.login('member_a1');
});
afterAll(() => env.close());

describe('training races on PostgreSQL', () => {
  it('结业 ×5: one wins, each certificate numbered once', async () => {
    const members = env.fx.membersA1.slice(0, 4);
    const { id, sessionId } = await openClass('结业竞争', members);
    await organisers[0].put(`/api/training-sessions/${sessionId}/attendance`, { entries: members.map((memberId) => ({ memberId, status: 'present' })) });
    const rs = await Promise.all(organisers.map((c) => c.post(`/api/training-classes/${id}/finish`)));
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    const certs = await env.deps.db.selectFrom('training_trainee').select('certificate_no').where('class_id', '=', id).orderBy('member_id').execute();
    expect(certs.map((c) => c.certificate_no)).toEqual([1, 2, 3, 4].map((n) => `2026-培${id}-00${n}`));
    expect((await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'training_class.finish' as never).where('entity_id', '=', String(id)).execute()).length).toBe(1);
  });

  it('one trainee’s evaluation ×5: one stored, the others 409', async () => {
    const { id } = await openClass('评估竞争', [env.fx.membersA1[1]]);
    const rs = await Promise.all([1, 2, 3, 4, 5].map((n) => trainee.post(`/api/training-classes/${id}/evaluation`, { ratings: { overall: n }, comment: null })));
    expect(codes(rs)).toEqual([200, 409, 409, 409, 409]);
    expect((await env.deps.db.selectFrom('training_evaluation').select('member_id').where('class_id', '=', id).execute()).length).toBe(1);
  });

  it('attendance ‖ 结业: the outcome matches the attendance stored, whichever came first', async () => {
    const members = [env.fx.membersA1[2], env.fx.membersA1[3]];
    const { id, sessionId } = await openClass('考勤与结业', members);
    await organisers[0].put(`/api/training-sessions/${sessionId}/attendance`, { entries: [{ memberId: members[0], status: 'present' }, { memberId: members[1], status: 'absent' }] });
    const [att, fin] = await Promise.all([
      organisers[1].put(`/api/training-sessions/${sessionId}/attendance`, { entries: [{ memberId: members[1], status: 'present' }] }),
      organisers[2].post(`/api/training-classes/${id}/finish`),
    ]);
    expect(fin.statusCode).toBe(200);
    const stored = await env.deps.db.selectFrom('training_attendance').select('status').where('session_id', '=', sessionId).where('member_id', '=', members[1]).executeTakeFirstOrThrow();
    const outcome = await env.deps.db.selectFrom('training_trainee').select('completed').where('class_id', '=', id).where('member_id', '=', members[1]).executeTakeFirstOrThrow();
    if (att.statusCode === 200) expect(stored.status).toBe('present');
    else expect(att.statusCode).toBe(409);
    // Whichever won, 结业 saw the attendance as it is stored.
    expect(outcome.completed).toBe(stored.status === 'present');
  });

  async function trainingExam(purpose: string) {
    const c = organisers[0];
    const q = (await c.post('/api/exam-questions', { orgId: env.fx.a.id, type: 'judge', stem: `${purpose}判断题`, answer: ['true'], tags: [], difficulty: 'easy', options: [] })).json().id;
    const paper = (await c.post('/api/exam-papers', { orgId: env.fx.a.id, title: `${purpose}卷`, kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
    const body = { orgId: env.fx.a.id, paperId: paper, title: `${purpose}考试`, purpose, opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 3, passMark: 5 };
    const id = (await c.post('/api/exams', body)).json().id as number;
    await c.post(`/api/exams/${id}/publish`);
    return id;
  }

  it('two classes claim one exam at once: one holds it, the other is refused', async () => {
    const exam = await trainingExam('training_final');
    const rs = await Promise.all(['甲班', '乙班'].map((t, i) => organisers[i + 1].post('/api/training-classes', { ...klass(t), finalExamId: exam })));
    const ok = rs.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(1);
    expect([400, 409]).toContain(rs.find((r) => r.statusCode !== 201)!.statusCode);
    expect((await env.deps.db.selectFrom('training_class').select('id').where('final_exam_id', '=', exam).execute()).length).toBe(1);
  });

  it('a final-exam start ‖ 结业: never both — the start waits for 结业 and is refused, or 结业 sees the open attempt', async () => {
    const exam = await trainingExam('training_final');
    const member = env.fx.membersA1[1];
    const id = (await organisers[0].post('/api/training-classes', { ...klass('考试与结业'), finalExamId: exam })).json().id as number;
    await organisers[0].post(`/api/training-classes/${id}/trainees`, { memberIds: [member] });
    const sessionId = (await organisers[0].post(`/api/training-classes/${id}/sessions`, session)).json().sessionList[0].id as number;
    await organisers[0].post(`/api/training-classes/${id}/open`);
    await organisers[0].put(`/api/training-sessions/${sessionId}/attendance`, { entries: [{ memberId: member, status: 'present' }] });
    const [start, fin] = await Promise.all([trainee.post(`/api/exams/${exam}/attempts`), organisers[1].post(`/api/training-classes/${id}/finish`)]);
    expect([start.statusCode, fin.statusCode].sort()).toEqual(start.statusCode === 201 ? [201, 409] : [200, 409]);
    if (start.statusCode === 201) expect(fin.json().message).toBe('还有1名学员正在作答结业考试，交卷后才能结业');
    else expect(start.json().message).toBe('培训班已结业或已取消，不能再参加该考试');
  });
});
