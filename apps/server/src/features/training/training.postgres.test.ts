import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): 结业 ×5 of one class (one wins,
// certificates numbered once); one trainee's evaluation ×5 (one stored); attendance ‖ 结业 (the
// outcome is decided on the attendance either before or after, never half of it).

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
});
