import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestAttempt, compareEntries, scoreAnswer, type FlagState, type QuestionType } from '@xianfeng/shared';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { CONTEST_BANK, seedContests } from './demo-contests.ts';

// The demo's contest month on the test city: the bank is right by its own key, the current contest
// is in its contest days with a ranking the rules produce, the demo member may start today's
// attempt, and next month's contest can be practised.

let env: TestEnv;
let current: { id: number };

beforeAll(async () => {
  env = await createTestEnv();
  const admin = await env.deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  current = await env.deps.db.transaction().execute((trx) => seedContests(trx, { now: env.clock.now, rootId: env.fx.root.id, creatorId: admin.id, memberId: env.fx.membersA1[1] }));
});
afterAll(() => env.close());

describe('seedContests', () => {
  it('a bank of 40 questions tagged 竞赛, each with its explanation and a key among its options', () => {
    expect(CONTEST_BANK).toHaveLength(40);
    for (const q of CONTEST_BANK) {
      expect(q.explanation.length).toBeGreaterThan(4);
      if (q.type === 'single') expect(q.options!.length).toBeGreaterThan('ABCD'.indexOf(q.answer));
      else expect(['true', 'false']).toContain(q.answer);
      expect(scoreAnswer({ type: q.type as QuestionType, answer: [q.answer] }, [q.answer], 5).score).toBe(5);
    }
    expect(new Set(CONTEST_BANK.map((q) => q.stem)).size).toBe(40);
  });

  it('the current contest is in its contest days; its ranking is the rules\' ranking of the attempts', async () => {
    const admin = await env.login('admin');
    const c = (await admin.get(`/api/contests/${current.id}`)).json();
    expect(c).toMatchObject({ status: 'published', phase: 'contest', dailyLimit: 1 });
    expect(c.participants).toBeGreaterThan(0);
    const attempts = await env.deps.db.selectFrom('contest_attempt').selectAll().where('contest_id', '=', current.id).execute();
    const byMember = new Map<number, typeof attempts>();
    for (const a of attempts) byMember.set(a.member_id, [...(byMember.get(a.member_id) ?? []), a]);
    const expected = [...byMember.values()]
      .map((as) => bestAttempt(as.map((a) => ({ memberId: a.member_id, score: a.score === null ? null : Number(a.score), durationMs: a.duration_ms!, submittedAt: a.submitted_at!, flag: a.flag as FlagState }))))
      .filter((b) => b !== null)
      .sort((a, b) => compareEntries(a!, b!))
      .map((b) => b!.memberId);
    const board = (await admin.get(`/api/contests/${current.id}/leaderboard?pageSize=200`)).json();
    expect(board.individuals.items.map((r: { memberId: number }) => r.memberId)).toEqual(expected);
    expect(board.orgs.length).toBeGreaterThan(0);
  });

  it('the demo member took yesterday\'s attempt and may start today\'s; next month\'s contest is in practice', async () => {
    await env.addAccount('demo_m', [[env.fx.a1.id, 'member']], env.fx.membersA1[1]);
    const m = await env.login('demo_m');
    const me = (await m.get(`/api/contests/${current.id}/me`)).json();
    expect(me).toMatchObject({ phase: 'contest', attemptsToday: 0, canStart: true });
    expect(me.attempts).toHaveLength(1);
    expect(me.best).not.toBeNull();
    expect(me.rank).toBeGreaterThan(0);
    const list = (await m.get('/api/contests')).json().items;
    const next = list.find((x: { phase: string }) => x.phase === 'practice');
    expect(next).toBeDefined();
    const p = (await m.get(`/api/contests/${next.id}/practice`)).json();
    expect(p.bankSize).toBe(40);
    const started = await m.post(`/api/contests/${current.id}/attempts`);
    expect(started.statusCode, started.body).toBe(201);
  });
});
