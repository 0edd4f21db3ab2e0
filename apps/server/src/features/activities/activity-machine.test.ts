import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityMachine, type ActivityEvent, type ActivityStatus } from '@xianfeng/shared';
import { addCommittee, markPresent } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The activity workflow walked through HTTP: every event in every state. Where the machine's
// table allows it the step succeeds and lands in the state the table names; everywhere else it
// answers 409 and the record is unchanged.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit] = await Promise.all([env.login('sec_a1'), env.login('unitadmin')]);
  // A 支委会 needs the branch committee (ZB-9).
  await addCommittee(unit, env.fx.a1.id, env.fx.membersA1);
});
afterAll(() => env.close());

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
let n = 0;

/** A fresh record brought into the state through the API. */
async function recordIn(state: ActivityStatus): Promise<number> {
  const planned = state === 'planned';
  const day = planned ? '2026-11-30' : '2026-11-20';
  const r = await sec.post('/api/activities', { orgId: env.fx.a1.id, planned, types: ['committee_meeting'], title: `状态${++n}`, startsAt: at(day), endsAt: at(day, 10) });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id;
  // A held meeting has someone present (an empty one is never submitted).
  if (!planned) await markPresent(sec, id);
  const step = async (c: TestClient, url: string, body: object = {}) => expect((await c.post(`/api/activities/${id}/${url}`, body)).statusCode).toBe(200);
  if (['submitted', 'returned', 'approved'].includes(state)) await step(sec, 'submit');
  if (state === 'returned') await step(unit, 'return', { comment: '补充' });
  if (state === 'approved') await step(unit, 'approve');
  return id;
}

const DO: Record<ActivityEvent, (id: number) => ReturnType<TestClient['get']>> = {
  edit: (id) => sec.patch(`/api/activities/${id}`, { place: '会议室' }),
  submit: (id) => sec.post(`/api/activities/${id}/submit`),
  approve: (id) => unit.post(`/api/activities/${id}/approve`, {}),
  return: (id) => unit.post(`/api/activities/${id}/return`, { comment: '请补充' }),
  reopen: (id) => unit.post(`/api/activities/${id}/reopen`, {}),
  delete: (id) => sec.delete(`/api/activities/${id}`),
};

const states: ActivityStatus[] = ['planned', 'draft', 'submitted', 'returned', 'approved'];

describe('every event in every state', () => {
  for (const state of states) {
    for (const event of Object.keys(DO) as ActivityEvent[]) {
      const allowed = activityMachine.allows(event, state);
      // A planned meeting in the future cannot be submitted yet: that is a rule of the event (400), not of the state.
      const future = state === 'planned' && event === 'submit';
      it(`${event} in ${state} → ${allowed ? (future ? '400 (not held yet)' : 'done') : '409'}`, async () => {
        const id = await recordIn(state);
        const res = await DO[event](id);
        const after = await env.deps.db.selectFrom('activity').select('status').where('id', '=', id).executeTakeFirst();
        if (!allowed) {
          expect(res.statusCode, res.body).toBe(409);
          expect(after?.status).toBe(state);
        } else if (future) {
          expect(res.statusCode).toBe(400);
          expect(after?.status).toBe(state);
        } else {
          expect(res.statusCode, res.body).toBe(200);
          const to = activityMachine.transitions[event].to;
          expect(after?.status).toBe(to === 'removed' ? undefined : (to ?? state));
        }
      });
    }
  }
});
