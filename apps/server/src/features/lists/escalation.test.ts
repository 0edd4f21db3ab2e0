import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { runEscalations } from './escalation.ts';

// 督办阶梯 (ES-1) on the default ladder: 提醒 3 working days before the deadline, 催办 1 working day
// after, 告诫 5, 约谈 10, 问责 20. Clock: Monday 2026-11-23 (Beijing).

let env: TestEnv;
let secA1: TestClient;
let itemId: number;

beforeAll(async () => {
  env = await createTestEnv();
  secA1 = await env.login('sec_a1');
  const created = await secA1.post('/api/list-items', { orgId: env.fx.a1.id, year: 2026, listKind: 'task', title: '整理党建台账', deadline: '2026-11-25' });
  expect(created.statusCode, created.body).toBe(200);
  itemId = created.json().id;
  await secA1.put(`/api/list-items/${itemId}/plan`, { responsibleMemberId: env.fx.membersA1[1], responsibleName: '', leaderName: '', assistOrgIds: [], milestones: [], steps: [] });
});
afterAll(() => env.close());

const inboxTitles = async (who: string) => ((await (await env.login(who)).get('/api/inbox?page=1&pageSize=50')).json().items as { title: string }[]).map((n) => n.title);

describe('the escalation ladder', () => {
  it('a step is recorded and sent once when its day comes: to the organisation and the responsible member', async () => {
    const first = await runEscalations(env.deps);
    expect(first.recorded).toBe(1); // 提醒 fell due on Friday 11-20
    expect(await inboxTitles('sec_a1')).toContain('【提醒】整理党建台账');
    expect(await inboxTitles('member_a1')).toContain('【提醒】整理党建台账'); // the responsible member 钱二
    expect(await inboxTitles('unitadmin')).not.toContain('【提醒】整理党建台账');
    const again = await runEscalations(env.deps);
    expect(again).toMatchObject({ recorded: 0, sent: 0 });
    expect((await inboxTitles('sec_a1')).filter((t) => t === '【提醒】整理党建台账')).toHaveLength(1);
  });

  it('after the deadline 催办 goes to the level above too; the item shows its whole ladder', async () => {
    env.clock.advanceMinutes(3 * 24 * 60); // Thursday 11-26: one working day after the deadline
    const run = await runEscalations(env.deps);
    expect(run.recorded).toBe(1);
    expect(await inboxTitles('unitadmin')).toContain('【催办】整理党建台账');
    const item = (await (await env.login('sec_a1')).get(`/api/list-items/${itemId}`)).json();
    expect(item.escalations.map((e: { label: string; dueOn: string; sentAt: string | null }) => [e.label, e.dueOn, !!e.sentAt])).toEqual([
      ['提醒', '2026-11-20', true],
      ['催办', '2026-11-26', true],
      ['告诫', '2026-12-02', false],
      ['约谈', '2026-12-09', false],
      ['问责', '2026-12-23', false],
    ]);
    expect(item.history.filter((h: { kind: string }) => h.kind === 'escalation').map((h: { note: string }) => h.note)[0]).toMatch(/^催办（2026-11-26），已通知\d人$/);
    expect(item.progress).toMatchObject({ state: 'overdue', light: 'red' });
  });

  it('a closed item is not escalated', async () => {
    const sec = await env.login('sec_a1');
    expect((await sec.post(`/api/list-items/${itemId}/close`, { summary: '已整理' })).statusCode).toBe(200);
    expect((await (await env.login('unitadmin')).post(`/api/list-items/${itemId}/closing/approve`, {})).statusCode).toBe(200);
    env.clock.advanceMinutes(30 * 24 * 60);
    expect((await runEscalations(env.deps)).recorded).toBe(0);
  });
});

describe('list_stats', () => {
  it('the counts kept by the trigger equal a recount of the items after everything above', async () => {
    const { statsDrift } = await import('./stats-recount.ts');
    expect(await statsDrift(env.deps.db)).toEqual([]);
    expect(Number((await env.deps.db.selectFrom('list_stats').select((eb) => eb.fn.sum<number>('items').as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });
});
