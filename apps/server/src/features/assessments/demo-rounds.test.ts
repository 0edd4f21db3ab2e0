import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/connection.ts';
import { createCaches, type AppDeps } from '../../http/deps.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { createDiskFileStore } from '../../lib/file-store.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { bootstrap } from '../system/bootstrap.ts';

// The demo's 年度考核 as a first start leaves it (bootstrap on an empty database, demo data on),
// read through the API as the demo's accounts would: last year's round closed with every unit
// graded, appeals answered and the bottom units' explanations in their lists; this year's round
// in 评分中 with the scores mostly in.
const NOW = new Date('2026-12-02T02:00:00Z'); // 2026-12-02 10:00 in Beijing
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
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

async function login(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r.json();
  };
}

type Row = { orgId: number; orgName: string; grade: string; rank: number; seriesSize: number; mustExplain: boolean; explanation: { itemId: number; status: string } | null; parts: { total: number }; pending: number; status: string };
const rows = (ranking: { series: { units: Row[] }[] }) => ranking.series.flatMap((s) => s.units);
type Indicator = { key: string; score: number | null; originalScore: number | null; comment: string; evidence: string; changes: { from: number | null; to: number; appealId: number | null }[] };
const indicators = (sheet: { categories: { indicators: Indicator[] }[] }) => sheet.categories.flatMap((c) => c.indicators);

describe('demo 年度考核', () => {
  it('last year: closed, every unit scored with comments and evidence, graded and ranked in its series', async () => {
    const get = await login('admin');
    const round = (await get('/api/assessments/2025/round')).round;
    expect(round).toMatchObject({ status: 'closed', asOf: '2025-12-31', openAppeals: 0, pendingScores: 0 });
    expect(round.units).toBe(round.reviewed);
    const ranking = await get('/api/assessments/2025/ranking');
    expect(ranking).toMatchObject({ published: true, status: 'closed' });
    const units = rows(ranking);
    expect(units.length).toBe(round.units);
    for (const u of units) {
      expect(u.grade, u.orgName).not.toBe('');
      expect(u.rank).toBeGreaterThan(0);
      expect(u.pending).toBe(0);
    }
    // Each series of more than one unit has its bottom unit explaining, as an item of its 问题清单.
    for (const s of ranking.series as { units: Row[] }[]) {
      if (s.units.length < 2) continue;
      const last = s.units.at(-1)!;
      expect(last.mustExplain).toBe(true);
      expect(last.explanation).not.toBeNull();
    }
    const explanations = units.filter((u) => u.explanation);
    expect(explanations.length).toBeGreaterThan(0);
    expect(explanations.some((u) => u.explanation!.status === 'closed')).toBe(true);
    // The fixed totals are the ranking's.
    const fixed = await deps.db.selectFrom('assessment_unit as u').innerJoin('assessment_round as r', 'r.id', 'u.round_id').select(['u.org_id', 'u.final_total', 'u.final_grade', 'u.final_rank']).where('r.year', '=', 2025).execute();
    for (const u of units) {
      const f = fixed.find((x) => x.org_id === u.orgId)!;
      expect([Number(f.final_total), f.final_grade, f.final_rank]).toEqual([u.parts.total, u.grade, u.rank]);
    }
    // A sheet: department scores with their comment and evidence.
    const sheet = await get(`/api/assessments/2025/units/${units[0]!.orgId}`);
    for (const key of ['ideology', 'brand', 'review_result']) {
      const i = indicators(sheet).find((x) => x.key === key)!;
      expect(i.score).not.toBeNull();
      expect(i.comment).not.toBe('');
      expect(i.evidence).toContain('2025年度');
    }
  });

  it('last year: the demo unit appealed twice — one upheld with the score’s history, one rejected — and its explanation is closed', async () => {
    const unit = await login('unitadmin');
    const appeals = (await unit('/api/assessments/2025/appeals')).items as { id: number; orgId: number; indicatorKey: string; status: string; scoreBefore: number; newScore: number | null }[];
    expect(appeals.map((a) => [a.indicatorKey, a.status]).sort()).toEqual([['brand', 'rejected'], ['ideology', 'upheld']]);
    const upheld = appeals.find((a) => a.status === 'upheld')!;
    const sheet = await unit(`/api/assessments/2025/units/${upheld.orgId}`);
    const ideology = indicators(sheet).find((i) => i.key === 'ideology')!;
    expect(ideology).toMatchObject({ score: upheld.newScore, originalScore: upheld.scoreBefore });
    expect(ideology.changes.map((c) => c.appealId)).toEqual([null, upheld.id]);
    expect(sheet.explanation).toMatchObject({ status: 'closed' });
    const item = await unit(`/api/list-items/${sheet.explanation.itemId}`);
    expect(item).toMatchObject({ title: '2025年度党建考核排名靠后情况说明', status: 'closed' });
    expect(item.closings[0]).toMatchObject({ status: 'approved' });
  });

  it('this year: in 评分中 — computed indicators counted, 宣传部 mostly scored, self-assessments in every state, a ranking preview', async () => {
    const get = await login('admin');
    const round = (await get('/api/assessments/2026/round')).round;
    expect(round.status).toBe('scoring');
    expect(round.submitted).toBeGreaterThan(round.reviewed);
    expect(round.reviewed).toBeGreaterThan(0);
    expect(round.submitted).toBeLessThan(round.units);
    // 述职评议 waits for this year's campaign; 宣传部's are mostly in.
    expect(round.pendingScores).toBeGreaterThanOrEqual(round.units);
    const scoring = await get('/api/assessments/2026/scoring');
    const scores = scoring.scores as { indicatorKey: string }[];
    expect(scores.filter((s) => s.indicatorKey === 'ideology').length).toBe(round.units);
    expect(scores.filter((s) => s.indicatorKey === 'brand').length).toBeGreaterThan(round.units / 2);
    expect(scores.filter((s) => s.indicatorKey === 'review_result').length).toBe(0);
    const ranking = await get('/api/assessments/2026/ranking');
    expect(ranking).toMatchObject({ published: false, status: 'scoring' });
    const units = rows(ranking);
    expect(units.length).toBe(round.units);
    for (const u of units) expect(u.grade, u.orgName).not.toBe('');
    expect(new Set(units.map((u) => u.status))).toEqual(new Set(['self_assessing', 'submitted', 'reviewed']));
    // The 宣传部 account sees only its own two indicators.
    const xc = await login('xuanchuan');
    expect(((await xc('/api/assessments/2026/scoring')).indicators as { key: string }[]).map((i) => i.key)).toEqual(['ideology', 'brand']);
    // The demo unit's self-assessment waits for the committee.
    const unit = await login('unitadmin');
    const mine = (await unit('/api/assessments/2026/round')).myUnits as { orgId: number }[];
    expect((await unit(`/api/assessments/2026/units/${mine[0]!.orgId}`)).status).toBe('submitted');
  });
});
