import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';
import { memberColumns } from '../members/member-mapping.ts';
import { seedExams } from '../exams/index.ts';
import { seedTraining, seedTrainingExams } from './demo-training.ts';

// The demo's 培训班 on the fixture city: what a visitor to the demo sees must hold together through
// the API — the finished class's certificates count in 十百千万, and the member's class this week is
// open for their course evaluation.

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  const secretaries = [...env.fx.membersA1.slice(2, 6), ...env.fx.membersA2, ...env.fx.membersB1];
  await env.deps.db.updateTable('member').set({ party_post: '党支部书记' }).where('id', 'in', secretaries).execute();
  const admin = await env.deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  await env.deps.db.transaction().execute((trx) => seedTraining(trx, { now: env.clock.now, rootId: env.fx.root.id, unitId: env.fx.a.id, memberId: env.fx.membersA1[1], creatorId: admin.id }));
  await env.deps.db.transaction().execute((trx) => seedExams(trx, { now: env.clock.now, rootId: env.fx.root.id, creatorId: admin.id }));
  await env.deps.db.transaction().execute((trx) => seedTrainingExams(trx, { now: env.clock.now, unitId: env.fx.a.id, creatorId: admin.id }));
});
afterAll(() => env.close());

describe('the demo’s training classes', () => {
  it('the committee’s class is finished: outcomes, certificates, evaluations and the plan’s counts agree', async () => {
    const admin = await env.login('admin');
    const list = (await admin.get('/api/training-classes?year=2026')).json().items;
    expect(list.map((c: { status: string }) => c.status).sort()).toEqual(['finished', 'in_session']);
    const done = list.find((c: { status: string }) => c.status === 'finished');
    const d = (await admin.get(`/api/training-classes/${done.id}`)).json();
    const completed = d.traineeList.filter((t: { completed: boolean }) => t.completed);
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((t: { certificateNo: string | null; attendanceRate: number }) => t.certificateNo && t.attendanceRate >= 80)).toBe(true);
    expect(d.traineeList.filter((t: { completed: boolean }) => !t.completed).every((t: { attendanceRate: number }) => t.attendanceRate < 80)).toBe(true);
    expect(d.evaluation.answered).toBeGreaterThan(0);
    const plan = (await admin.get('/api/training-plan/2026')).json();
    expect(plan.lines.find((l: { line: string }) => l.line === 'secretary_school').count).toBe(completed.length);
    expect(plan.lines.find((l: { line: string }) => l.line === 'expert_lecture').count).toBe(2); // the same professor twice counts once
  });

  it('the demo member is in this week’s class and may still evaluate it', async () => {
    const member = await env.login('member_a1');
    const mine = (await member.get('/api/my/training')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'in_session', canEvaluate: true, attendanceRate: 100 });
    expect(mine[0].sessionList[0].mine).toBe('present');
  });

  it('the class names its entry test and final exam (TR-8); the demo member takes the entry test now, and 结业 would ask for both', async () => {
    const member = await env.login('member_a1');
    const mine = (await member.get('/api/my/training')).json().items[0];
    expect(mine).toMatchObject({ entryExam: { title: '党员集中轮训入学测试', status: 'published' }, finalExam: { title: '党员集中轮训结业考试' }, entry: { taken: false }, final: { taken: false } });
    const start = await member.post(`/api/exams/${mine.entryExam.id}/attempts`);
    expect(start.statusCode, start.body).toBe(201);
    expect(start.json().questions.length).toBeGreaterThan(10);
    const unit = await env.login('unitadmin');
    const d = (await unit.get(`/api/training-classes/${mine.id}`)).json();
    expect(d.traineeList.find((t: { memberId: number }) => t.memberId === env.fx.membersA1[1])).toMatchObject({ entry: { taken: false }, final: { taken: false } });
    // A member of the unit who is not a trainee neither sees the class's exams nor starts one.
    // (The demo enrols every member of the fixture's unit, so a newcomer to A1 plays the part.)
    const { id: memberId } = await env.deps.db.insertInto('member').values({ ...memberColumns(memberInput(env.fx.a1.id, { name: '新来的' }), env.deps.cipher, env.clock.now), created_at: env.clock.now }).returning('id').executeTakeFirstOrThrow();
    expect(d.traineeList.map((t: { memberId: number }) => t.memberId)).not.toContain(memberId);
    await env.addAccount('not_trainee', [[env.fx.a1.id, 'member']], memberId);
    const outsider = await env.login('not_trainee');
    const seen = await outsider.get('/api/exams?pageSize=100');
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items.length).toBeGreaterThan(0); // the unit's own exam, open to every member
    expect(seen.json().items.map((e: { id: number }) => e.id)).not.toContain(mine.entryExam.id);
    const refused = await outsider.post(`/api/exams/${mine.entryExam.id}/attempts`);
    expect(refused.statusCode).toBe(404); // the class's exam does not exist for them, as in the list;
    expect(refused.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
