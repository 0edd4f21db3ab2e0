import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { addToMonths, countByMonth, DEFAULT_REQUIREMENTS, emptySummary, summaryStatus, type ActivityType } from '@xianfeng/shared';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/connection.ts';
import { createCaches, type AppDeps } from '../../http/deps.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { createDiskFileStore } from '../../lib/file-store.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { sanitizeMinutes } from '../activities/activity-mapping.ts';
import { evaluateScope } from '../compliance/compliance.service.ts';
import { apiAnswer, differences, floorAnswer } from '../../cli/bench-compliance.ts';
import { bootstrap } from './bootstrap.ts';
import { systemScope } from '../../access/scope.ts';

// The demo city as a first start creates it (bootstrap on an empty database), on the test clock.
const NOW = new Date('2026-11-23T02:00:00Z'); // 2026-11-23 10:00 in Beijing
const TODAY = '2026-11-23';
const PASSWORD = 'Demo@2026start';

let database: Database;
let deps: AppDeps;
let app: FastifyInstance;
let filesDir: string;

beforeAll(async () => {
  database = await openTestDatabase();
  filesDir = mkdtempSync(path.join(os.tmpdir(), 'xf-files-'));
  deps = { db: database.db, dbKind: database.kind, cipher: createFieldCipher(Buffer.alloc(32, 7)), files: createDiskFileStore(filesDir), clock: () => NOW, sessionIdleMinutes: 30, secureCookies: false, caches: createCaches(database.changes) };
  await bootstrap(deps, { initialAdminPassword: PASSWORD, demoData: true, log: () => {} });
  app = await buildApp({ deps });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

async function login(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const i of items) (out.get(key(i)) ?? out.set(key(i), []).get(key(i))!).push(i);
  return out;
}

const activities = () =>
  deps.db
    .selectFrom('activity')
    .select(['id', 'org_id', 'types', 'status', 'held_on', 'host_member_id', 'lecturer_member_id', 'lecturer_is_secretary', 'minutes', 'submitted_at', 'reviewed_at'])
    .orderBy('id')
    .execute();

describe('demo city: two years of organisational life', () => {
  // How long seeding takes is measured by `npm run bench`, not asserted here (docs/benchmarks.md).
  it('seeds a mix of statuses around today', async () => {
    const rows = await activities();
    expect(rows.length).toBeGreaterThan(5000);
    const byStatus = Object.fromEntries(groupBy(rows, (a) => a.status));
    for (const s of ['approved', 'submitted', 'draft', 'returned', 'planned']) expect(byStatus[s]?.length ?? 0, s).toBeGreaterThan(0);
    expect(byStatus.approved!.length / rows.length).toBeGreaterThan(0.9);
    expect(rows.every((a) => a.held_on >= '2025-01-01')).toBe(true);
    // Plans lie in the coming two weeks; records not yet approved are from the last four weeks.
    for (const a of byStatus.planned!) expect(a.held_on >= TODAY && a.held_on <= '2026-12-07', a.held_on).toBe(true);
    for (const a of [...byStatus.submitted!, ...byStatus.draft!, ...byStatus.returned!]) expect(a.held_on >= '2026-10-26' && a.held_on <= TODAY, a.held_on).toBe(true);
    for (const a of byStatus.approved!) expect(a.held_on <= TODAY && !!a.submitted_at && !!a.reviewed_at).toBe(true);
    // Minutes are what the editor's sanitiser would keep.
    for (const a of rows.filter((x) => x.minutes).slice(0, 500)) expect(sanitizeMinutes(a.minutes!)).toBe(a.minutes);
  });

  it('attendance: most present, leave with a reason, a few absent', async () => {
    const rows = await deps.db
      .selectFrom('activity_attendance as t')
      .innerJoin('activity as a', 'a.id', 't.activity_id')
      .where('a.status', '!=', 'planned')
      .select(['t.status', 't.reason'])
      .execute();
    const share = (s: string) => rows.filter((r) => r.status === s).length / rows.length;
    expect(share('present')).toBeGreaterThan(0.88);
    expect(share('present')).toBeLessThan(0.96);
    expect(share('absent')).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'leave').every((r) => !!r.reason)).toBe(true);
    expect([...new Set(rows.map((r) => r.reason).filter(Boolean))]).toEqual(expect.arrayContaining(['出差', '病假', '公务外出', '年休假']));
  });

  it('the pre-aggregates equal a recount from the activity rows (as approving through the service leaves them)', async () => {
    const rows = await activities();
    const approved = rows.filter((a) => a.status === 'approved');

    // lecturer_is_secretary: set on approval when the lecturer was the serving secretary that day.
    const committee = await deps.db.selectFrom('org_committee_member').selectAll().execute();
    const secretaryOn = (orgId: number, day: string) =>
      committee.find((c) => c.org_id === orgId && c.post === 'secretary' && c.started_on <= day && (!c.ended_on || c.ended_on > day))?.member_id ?? null;
    for (const a of rows) {
      const expected = a.status === 'approved' && a.lecturer_member_id !== null && a.lecturer_member_id === secretaryOn(a.org_id, a.held_on);
      expect(a.lecturer_is_secretary, `activity ${a.id}`).toBe(expected);
    }
    expect(approved.filter((a) => a.lecturer_is_secretary).length).toBeGreaterThan(100);

    // org_activity_year: countByMonth over each organisation's approved activities, per year.
    const recount = new Map<string, number[]>();
    for (const [orgId, list] of groupBy(approved, (a) => a.org_id)) {
      for (const year of [2025, 2026]) {
        const counts = countByMonth(list.map((a) => ({ heldOn: a.held_on, types: a.types as ActivityType[], lecturerIsSecretary: a.lecturer_is_secretary })), year);
        for (const [key, months] of Object.entries(counts)) recount.set(`${orgId}|${year}|${key}`, months!);
      }
    }
    const stored = await deps.db.selectFrom('org_activity_year').selectAll().execute();
    expect(new Map(stored.map((r) => [`${r.org_id}|${r.year}|${r.count_key}`, r.months]))).toEqual(recount);
    expect(stored.some((r) => r.count_key === 'party_lecture_by_secretary')).toBe(true);

    // heart_talk_pair: every pair among the host and those present at an approved 谈心谈话.
    const present = await deps.db.selectFrom('activity_attendance').where('status', '=', 'present').select(['activity_id', 'member_id']).execute();
    const presentAt = groupBy(present, (p) => p.activity_id);
    const pairs = new Set<string>();
    for (const a of approved.filter((x) => x.types.includes('heart_talk'))) {
      const ids = [...new Set([...(a.host_member_id ? [a.host_member_id] : []), ...(presentAt.get(a.id) ?? []).map((p) => p.member_id)])].sort((x, y) => x - y);
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.add(`${a.org_id}|${a.held_on.slice(0, 4)}|${ids[i]}|${ids[j]}|${a.id}`);
    }
    const storedPairs = await deps.db.selectFrom('heart_talk_pair').selectAll().execute();
    expect(new Set(storedPairs.map((p) => `${p.org_id}|${p.year}|${p.member_a}|${p.member_b}|${p.activity_id}`))).toEqual(pairs);
    expect(pairs.size).toBeGreaterThan(1000);

    // Review history as submitting and approving would have written it.
    const reviews = await deps.db.selectFrom('activity_review').select(['activity_id', 'action']).execute();
    expect(reviews.filter((r) => r.action === 'approve').length).toBe(approved.length);
    expect(reviews.filter((r) => r.action === 'submit').length).toBe(rows.filter((a) => a.submitted_at).length);
  });

  it('every branch with 7+ 正式党员 has a committee; the demo secretary heads the first branch', async () => {
    const { rows: branches } = await sql<{ id: number; full: number; committee: number }>`
      select b.id,
             (select count(*)::int from member m join org o on o.id = m.org_id where o.path like b.path || '%' and m.category = 'full') as full,
             (select count(*)::int from org_committee_member c where c.org_id = b.id) as committee
      from org b where b.type in ('branch', 'retired_branch')
    `.execute(deps.db);
    for (const b of branches) {
      if (Number(b.full) >= 7) expect(Number(b.committee), `branch ${b.id}`).toBeGreaterThanOrEqual(3);
      if (Number(b.full) >= 7) expect(Number(b.committee), `branch ${b.id}`).toBeLessThanOrEqual(5);
    }
    const secretary = await deps.db.selectFrom('app_user').where('username', '=', 'secretary').select('member_id').executeTakeFirstOrThrow();
    const post = await deps.db.selectFrom('org_committee_member').where('member_id', '=', secretary.member_id).select(['post', 'started_on']).executeTakeFirstOrThrow();
    expect(post.post).toBe('secretary');
    expect(post.started_on < '2025-01-01').toBe(true);
  });

  it('the heatmap answers with a row per unit, mostly met, some overdue; the review queue has work', async () => {
    const admin = await login('admin');
    const res = await admin('/api/compliance/heatmap?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const heat = res.json();
    expect(heat.rows).toHaveLength(20);
    const sum = (k: 'met' | 'due' | 'overdue') => heat.totals.reduce((s: number, m: Record<string, number>) => s + m[k], 0);
    expect(sum('met')).toBeGreaterThan(5 * sum('overdue'));
    expect(sum('overdue')).toBeGreaterThan(0);
    expect(heat.totalStatuses.slice(0, 10)).toContain('overdue');
    expect(heat.totals[11].due).toBeGreaterThan(0); // December: the yearly items are still to do
    const last = (await admin('/api/compliance/heatmap?year=2025')).json();
    expect(last.totals.every((m: Record<string, number>) => m.due === 0)).toBe(true);

    const unit = await login('unitadmin');
    const queue = (await unit('/api/activities?toReview=true&page=1&pageSize=20')).json();
    expect(queue.total).toBeGreaterThan(0);
    const secretary = await login('secretary');
    const mine = (await secretary('/api/compliance/heatmap?year=2026')).json();
    expect(mine.rows).toHaveLength(1);
  });

  it('the heatmap equals adding up every cell of every branch, and the benchmark floor (one SQL) agrees', async () => {
    const admin = await login('admin');
    const heat = (await admin('/api/compliance/heatmap?year=2026')).json();
    // The reference: each unit's row sums the cells of every organisation whose path starts with the row's.
    const evaluated = await evaluateScope(deps, systemScope('test'), 2026, TODAY, DEFAULT_REQUIREMENTS);
    const units = await deps.db.selectFrom('org').where('type', '=', 'organ_committee').select(['id', 'name', 'path']).execute();
    const collator = new Intl.Collator('zh-CN');
    const rows = units
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((u) => {
        const months = Array.from({ length: 12 }, emptySummary);
        for (const e of evaluated) if (e.org.path.startsWith(u.path)) addToMonths(months, e.cells);
        return { orgId: u.id, orgName: u.name, orgType: 'organ_committee', leaf: false, months, statuses: months.map(summaryStatus) };
      });
    const totals = Array.from({ length: 12 }, emptySummary);
    for (const e of evaluated) addToMonths(totals, e.cells);
    expect(heat).toEqual({ year: 2026, asOf: TODAY, cityGoLiveOn: '2025-01-01', rows, totals, totalStatuses: totals.map(summaryStatus) });
    expect(differences(apiAnswer(heat), await floorAnswer(deps.db, 2026, TODAY))).toEqual([]);
  });
});

// The same first start also seeds this year's lists and supervision (demo-supervision.ts).
describe('demo city: responsibility lists and supervision', () => {
  it('key tasks are published to every applicable organisation, with items in every state of progress', async () => {
    const get = await login('admin');
    const tasks = (await get('/api/key-tasks?year=2026')).json().items as { status: string; itemCount: number }[];
    expect(tasks).toHaveLength(8);
    for (const t of tasks) expect(t.status === 'published' && t.itemCount > 0).toBe(true);
    const list = (await get('/api/lists?year=2026&pageSize=5')).json();
    expect(list.summary.total).toBeGreaterThan(100);
    for (const k of ['closed', 'red', 'yellow'] as const) expect(list.summary[k], k).toBeGreaterThan(0);
    // Red caught up: a red in the history, no red now.
    const caughtUp = await deps.db
      .selectFrom('list_item')
      .select('id')
      .where('light', '<>', 'red')
      .where('status', '<>', 'closed')
      .where((eb) => eb.exists(eb.selectFrom('list_item_light as l').whereRef('l.item_id', '=', 'list_item.id').where('l.light', '=', 'red').select('l.id')))
      .execute();
    expect(caughtUp.length).toBeGreaterThan(0);
    const claims = await deps.db.selectFrom('list_item_milestone').select('id').where('status', '=', 'claimed').execute();
    expect(claims.length).toBeGreaterThan(0);
    // Every stored light is what the rule says today (the demo is assessed as the daily pass would).
    const item = (await get(`/api/list-items/${caughtUp[0]!.id}`)).json();
    expect(item.lights.some((l: { light: string }) => l.light === 'red')).toBe(true);
  });

  it('two inspections, findings in every state of rectification, cards issued and one withdrawn', async () => {
    const get = await login('admin');
    const inspections = (await get('/api/inspections?year=2026')).json().items as { status: string }[];
    expect(inspections.map((i) => i.status).sort()).toEqual(['done', 'in_progress']);
    const r = (await get('/api/rectifications?year=2026&pageSize=100')).json();
    const states = new Set(r.items.map((i: { state: string }) => i.state));
    for (const s of ['open', 'verifying', 'basically', 'rectified']) expect(states.has(s), s).toBe(true);
    expect(r.items.some((i: { immediate: boolean }) => i.immediate)).toBe(true);
    expect(r.summary.sentence).toMatch(/^反馈问题\d+个，完成整改\d+个，基本完成、持续整改\d+个，未完成\d+个，完成率[\d.]+%$/);
    // Each finding opens: its closings, measures and verification are consistent with its state.
    for (const row of r.items.slice(0, 12)) {
      const res = await get(`/api/list-items/${row.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const d = res.json();
      if (row.state === 'verifying') expect(d.closings[0].status).toBe('submitted');
      if (row.state === 'rectified') expect(d.closings[0]).toMatchObject({ status: 'approved', outcome: 'rectified' });
    }
    const cards = (await get('/api/cards?year=2026')).json().items as { status: string }[];
    expect(cards.filter((c) => c.status === 'issued')).toHaveLength(3);
    expect(cards.filter((c) => c.status === 'withdrawn')).toHaveLength(1);
    const coverage = (await get('/api/inspections/coverage?year=2026')).json();
    // Q3 covered the first eight units; Q4 has recorded two more so far.
    expect(coverage.covered).toBe(10);
    expect(coverage.total).toBe(20);
  });

  it('the demo 纪检干部 opens the register: the case with two sanctions, a talk, one expired and one revoked; nobody else opens it', async () => {
    const get = await login('jijian');
    const r = (await get('/api/discipline-cases?pageSize=50')).json();
    expect(r.total).toBe(7);
    const byCase = r.items.filter((i: { caseNo: string }) => i.caseNo === 'SZ-2026-007');
    expect(byCase.map((i: { category: string }) => i.category).sort()).toEqual(['government', 'party']);
    expect(new Set(byCase.map((i: { memberId: number }) => i.memberId)).size).toBe(1);
    expect(r.items.some((i: { category: string }) => i.category === 'talk')).toBe(true);
    expect(r.items.some((i: { status: string }) => i.status === 'revoked')).toBe(true);
    expect(r.items.some((i: { status: string; inEffect: boolean; category: string }) => i.status === 'effective' && !i.inEffect && i.category !== 'talk')).toBe(true);
    expect((await (await login('admin'))('/api/discipline-cases')).statusCode).toBe(403);
  });
});

describe('the demo honours campaign (创先争优)', () => {
  it('this year\'s 过硬支部 in 公示: branches of different units with their eligibility, an open objection, a public list', async () => {
    const get = await login('admin');
    const list = (await get('/api/honour-campaigns?year=2026')).json();
    expect(list.items).toMatchObject([{ kind: 'strong_branch', status: 'publicity', publicityFrom: '2026-11-19', publicityUntil: '2026-11-25' }]);
    const c = (await get(`/api/honour-campaigns/${list.items[0].id}`)).json();
    expect(c.nominations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(c.nominations.map((n: { nominatingOrgId: number }) => n.nominatingOrgId)).size).toBe(c.nominations.length);
    for (const n of c.nominations) expect(n.eligibility.map((e: { rule: string }) => e.rule)).toEqual(['discipline', 'compliance', 'red_card']);
    expect(c.objections).toMatchObject([{ status: 'open', channel: 'letter' }]);
    const shown = (await app.inject({ method: 'GET', url: '/api/public/honours' })).json();
    expect(shown.items[0].nominees).toHaveLength(c.nominations.filter((n: { status: string }) => n.status === 'approved').length);
  });
});
