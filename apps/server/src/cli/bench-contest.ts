// The 知识竞赛 benchmark of issue 12 (`npm run bench -- contest`, a measurement, not a test;
// figures in docs/benchmarks.md): on the bench city (60,000 members, no organisational life), the
// committee's contest created and published through the API; 5,000 members (every twelfth, across
// all 300 units) each start a contest attempt, save 25 answers one by one and submit, offered at a
// fixed rate above what ten minutes need (5,000 × 25 / 600 ≈ 208 saves/s), through the real HTTP
// server; meanwhile the live leaderboard (whole city, a unit, later pages) and members' own views
// are read continuously. Then the leaderboard once more with all 5,000 ranked, at 10 connections.
// Sessions are written straight into the session table (5,000 scrypt logins would take the two
// cores ~8 minutes and are not what is measured).
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { sql, type Kysely } from 'kysely';
import { addDays, localDate } from '@xianfeng/shared';
import type { DB } from '../db/schema.ts';
import { repoRoot } from '../config.ts';
import { CONTEST_BANK } from '../features/contests/demo-contests.ts';

type Log = (m: string) => void;
export type Session = { cookie: string; csrf: string; memberId: number };

export const CONTEST_BENCH = { participants: 5_000, savesPerAttempt: 25, windowSeconds: 600 } as const;

/** Members' accounts and open sessions for `participants` members spread over the city, the contest bank and its random paper (15 single choice + 10 true/false). */
export async function seedContestBench(db: Kysely<DB>, now: Date, log: Log) {
  const rootId = (await db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;
  const members = await db.selectFrom('member').select(['id', 'org_id']).where('status', '=', 'normal').orderBy('id').execute();
  const step = Math.max(1, Math.floor(members.length / CONTEST_BENCH.participants));
  const chosen = members.filter((_, i) => i % step === 0).slice(0, CONTEST_BENCH.participants);
  const hash = 'scrypt$32768$8$1$AAAA$AAAA'; // never logged in with: the sessions below are the members'
  const sessions: Session[] = [];
  for (let i = 0; i < chosen.length; i += 500) {
    const batch = chosen.slice(i, i + 500);
    const users = await db
      .insertInto('app_user')
      .values(batch.map((m, j) => ({ username: `contest${i + j}`, display_name: `竞赛党员${i + j}`, password_hash: hash, member_id: m.id, must_change_password: false, password_changed_at: now, last_login_at: null, created_at: now })))
      .returning(['id', 'member_id'])
      .execute();
    await db.insertInto('role_grant').values(users.map((u, j) => ({ user_id: u.id, org_id: batch[j].org_id, role: 'member', created_at: now }))).execute();
    const rows = users.map((u) => ({ sid: randomBytes(32).toString('base64url'), csrf: randomBytes(16).toString('hex'), u }));
    await db.insertInto('session').values(rows.map((r) => ({ id_hash: createHash('sha256').update(r.sid).digest('hex'), user_id: r.u.id, csrf_token: r.csrf, ip: '127.0.0.1', created_at: now, last_seen_at: now }))).execute();
    for (const r of rows) sessions.push({ cookie: `xf_session=${r.sid}`, csrf: r.csrf, memberId: r.u.member_id! });
  }
  await db
    .insertInto('exam_question')
    .values(CONTEST_BANK.map((q) => ({ org_id: rootId, type: q.type, stem: q.stem, options: JSON.stringify(q.options ?? []), answer: JSON.stringify([q.answer]), tags: ['竞赛'], difficulty: 'medium', explanation: q.explanation, archived_at: null, created_by: null, created_at: now, updated_at: now })))
    .execute();
  const paper = await db
    .insertInto('exam_paper')
    .values({ org_id: rootId, title: '竞赛基准卷', kind: 'random', rules: JSON.stringify([{ type: 'single', tag: '竞赛', count: 15, score: 4 }, { type: 'judge', tag: '竞赛', count: 10, score: 4 }]), total_score: 100, archived_at: null, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`vacuum analyze`.execute(db);
  log(`  ${sessions.length} 名参赛党员（账户与会话），竞赛题库 ${CONTEST_BANK.length} 题，随机试卷 25 题`);
  return { rootId, paperId: paper.id, sessions };
}

async function api(base: string, s: { cookie: string; csrf?: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { cookie: s.cookie, ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Through the API as the committee admin: the contest (practice over, contest days from today, the speed flag off: the simulated members answer faster than any person), published. */
export async function createBenchContest(base: string, admin: { cookie: string; csrf: string }, rootId: number, paperId: number) {
  const today = localDate(new Date());
  const c = await api(base, admin, 'POST', '/api/contests', { orgId: rootId, paperId, title: '基准测试知识竞赛', practiceFrom: addDays(today, -10), practiceTo: addDays(today, -1), contestFrom: today, contestTo: addDays(today, 9), dailyLimit: 1, timeLimitMinutes: 15, minSecondsPerQuestion: 0 });
  // Publishing takes the roster of the whole city by name (contest_roster, CT-7): timed, it is one request.
  const t0 = performance.now();
  await api(base, admin, 'POST', `/api/contests/${c.id}/publish`);
  console.log(`  publish (roster of the city taken): ${Math.round(performance.now() - t0)} ms`);
  return c.id as number;
}

/** The load itself, in a process of its own (cli/bench-contest-load.ts) so the seeder's memory does not show as latency. */
export async function contestLoad(input: { base: string; contestId: number; sessions: Session[]; admin: { cookie: string }; unitIds: number[]; rate: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/bench-contest-load.ts'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(JSON.stringify({ ...input, saves: CONTEST_BENCH.savesPerAttempt }));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    for (const l of lines.slice(0, -1)) if (!l.startsWith('{')) console.log(l);
  });
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}
