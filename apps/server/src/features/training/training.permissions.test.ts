import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix of 培训班: the committee, unit A's admin (the organiser), the sibling unit
// B's admin, a branch secretary below A (A1's admin and a trainee), a plain member who is a trainee,
// and the three separated admins. Without the permission: 403; a class outside the reader's subtree:
// 404; refusals change nothing.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const SEPARATED = { sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let id: number;
let sessionId: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}
const klass = () => ({
  orgId: env.fx.a.id,
  title: 'A局党员轮训班',
  planLine: 'member_study',
  plan: '',
  startsOn: '2026-11-23',
  endsOn: '2026-11-27',
  place: null,
  minAttendance: 80,
  evaluationItems: [{ key: 'overall', label: '总体满意度' }],
});
const session = { title: '党史', startsAt: '2026-11-23T08:00:00+08:00', endsAt: '2026-11-23T09:00:00+08:00', lecturerName: '李老师', lecturerKind: 'other', lecturerMemberId: null, hours: 1 };
const counts = async () => ({
  classes: (await env.deps.db.selectFrom('training_class').select('id').execute()).length,
  trainees: (await env.deps.db.selectFrom('training_trainee').select('member_id').execute()).length,
  sessions: (await env.deps.db.selectFrom('training_session').select('id').execute()).length,
  attendance: (await env.deps.db.selectFrom('training_attendance').select('member_id').execute()).length,
  evaluations: (await env.deps.db.selectFrom('training_evaluation').select('member_id').execute()).length,
});

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  for (const a of ACTORS) as[a] = await env.login(a);
  const r = await as.unitadmin.post('/api/training-classes', klass());
  id = r.json().id;
  await as.unitadmin.post(`/api/training-classes/${id}/trainees`, { memberIds: [env.fx.membersA1[0], env.fx.membersA1[1]] });
  sessionId = (await as.unitadmin.post(`/api/training-classes/${id}/sessions`, session)).json().sessionList[0].id;
});
afterAll(() => env.close());

describe('training permission matrix', () => {
  it('reading classes: the organisations above and at the organiser; B and the branch below get nothing of A’s', async () => {
    const list = await statuses((c) => c.get('/api/training-classes'));
    expect(list).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    expect((await as.badmin.get('/api/training-classes')).json().items).toEqual([]);
    expect((await as.sec_a1.get('/api/training-classes')).json().items).toEqual([]); // organised at A, above A1
    expect(await statuses((c) => c.get(`/api/training-classes/${id}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
  });

  it('writing: only the organiser’s admins and the committee; nothing changes on a refusal', async () => {
    const before = await counts();
    expect(await statuses((c) => c.post('/api/training-classes', klass()))).toEqual({ admin: 201, unitadmin: 201, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    await env.deps.db.deleteFrom('training_class').where('id', '<>', id).execute();
    expect(await statuses((c) => c.put(`/api/training-classes/${id}`, klass()))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.post(`/api/training-classes/${id}/trainees`, { memberIds: [env.fx.membersA1[2]] }))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    await env.deps.db.deleteFrom('training_trainee').where('member_id', '=', env.fx.membersA1[2]).execute();
    expect(await statuses((c) => c.post(`/api/training-classes/${id}/sessions`, { ...session, title: '再加一课' }))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    await env.deps.db.deleteFrom('training_session').where('id', '<>', sessionId).execute();
    expect(await statuses((c) => c.put(`/api/training-sessions/${sessionId}`, session))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    expect(await counts()).toEqual(before);
    // Transitions: the refused open nothing.
    for (const a of ['badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const) expect([403, 404]).toContain((await as[a].post(`/api/training-classes/${id}/open`)).statusCode);
    expect((await as.unitadmin.get(`/api/training-classes/${id}`)).json().status).toBe('planned');
    expect((await as.unitadmin.post(`/api/training-classes/${id}/open`)).statusCode).toBe(200);
    expect(await statuses((c) => c.put(`/api/training-sessions/${sessionId}/attendance`, { entries: [{ memberId: env.fx.membersA1[0], status: 'present' }] }))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
    expect(await statuses((c) => c.delete(`/api/training-classes/${id}/trainees/${env.fx.membersA1[5]}`))).toEqual({ admin: 404, unitadmin: 404, badmin: 404, sec_a1: 404, member_a1: 403, ...SEPARATED });
  });

  it('the trainee’s side: only as oneself — my classes, one evaluation, one’s own certificate', async () => {
    // sec_a1's member (赵一) and member_a1's (钱二) are trainees; the others' accounts have no member or are not enrolled.
    expect(await statuses((c) => c.get('/api/my/training'))).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 200, member_a1: 200, ...SEPARATED });
    expect((await as.member_a1.get('/api/my/training')).json().items.map((x: { id: number }) => x.id)).toEqual([id]);
    const body = { ratings: { overall: 5 }, comment: null };
    expect(await statuses((c) => c.post(`/api/training-classes/${id}/evaluation`, body))).toEqual({ admin: 403, unitadmin: 403, badmin: 403, sec_a1: 200, member_a1: 200, ...SEPARATED });
    expect((await counts()).evaluations).toBe(2);
  });

  it('十百千万: organisations read their subtree’s counts; only the committee sets the targets', async () => {
    expect(await statuses((c) => c.get('/api/training-plan/2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, member_a1: 403, ...SEPARATED });
    const targets = { expert_lecture: 1, secretary_lecture: 1, secretary_school: 1, member_study: 1 };
    expect(await statuses((c) => c.put('/api/training-plan/2026', { targets }))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
  });
});
