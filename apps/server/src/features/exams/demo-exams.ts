import { sql, type Kysely } from 'kysely';
import { addDays, localDate, scoreAnswer, type DrawRule, type QuestionType } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { demoBank } from './demo-bank.ts';

type Db = Kysely<DB>;
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);

/** A deterministic stream in [0, 1) (mulberry32): the same demo city every time. */
function stream(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

type PaperQ = { questionId: number; type: QuestionType; stem: string; options: string[]; answer: string[]; score: number };

/** A wrong answer of the kind people give: another option, one right letter missing, the other verdict, a near number. */
function wrongAnswer(q: PaperQ, r: () => number): string[] | null {
  if (r() < 0.08) return null; // left blank
  switch (q.type) {
    case 'single': {
      const others = q.options.map((_, i) => 'ABCDEFGH'[i]).filter((l) => l !== q.answer[0]);
      return [others[Math.floor(r() * others.length)]];
    }
    case 'multiple':
      return r() < 0.6 ? q.answer.slice(1) : [...q.answer, 'ABCDEFGH'[q.options.length - 1]].filter((v, i, a) => a.indexOf(v) === i).sort();
    case 'judge':
      return [q.answer[0] === 'true' ? 'false' : 'true'];
    default:
      return ['不清楚'];
  }
}

/**
 * The demo's 考试 (issue 12 item 3): the committee's bank of some 500 questions built from fact
 * tables (demo-bank.ts); last month's 「党章党规党纪知识测试」, closed, taken by most members of the
 * city (best of 2 attempts, some failing, the key shown now it is over); and this fortnight's
 * 「“三会一课”与党费知识学习测试」, open now, 20 minutes, 2 attempts, random paper with every type of
 * question, which the demo member takes on the phone (/m/exams).
 */
export async function seedExams(trx: Db, o: { now: Date; rootId: number; creatorId: number | null; /** The demo member: took last month's exam and passed. */ memberId?: number | null }) {
  const now = o.now;
  const today = localDate(now);
  // 1. The bank, in one insert.
  const bank = demoBank();
  const ids: number[] = [];
  await inBatches(bank, 500, async (batch) => {
    const rows = await trx
      .insertInto('exam_question')
      .values(batch.map((q) => ({ org_id: o.rootId, type: q.type, stem: q.stem, options: JSON.stringify(q.options), answer: JSON.stringify(q.answer), tags: q.tags, difficulty: q.difficulty, explanation: q.explanation, archived_at: null, created_by: o.creatorId, created_at: now, updated_at: now })))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  });
  const bankRows = bank.map((q, i) => ({ ...q, id: ids[i] }));

  // 2. Last month's fixed paper: 6 single × 5, 3 multiple × 10, 5 true/false × 4, 4 fill-in × 5 = 100, spread over the topics.
  const plan: [QuestionType, number, number][] = [['single', 6, 5], ['multiple', 3, 10], ['judge', 5, 4], ['fill', 4, 5]];
  const fixed: PaperQ[] = [];
  for (const [type, count, score] of plan) {
    const of = bankRows.filter((q) => q.type === type);
    for (let i = 0; i < count; i++) {
      const q = of[Math.floor(((i + 0.5) * of.length) / count)];
      fixed.push({ questionId: q.id, type, stem: q.stem, options: q.options, answer: q.answer, score });
    }
  }
  const total = fixed.reduce((n, q) => n + q.score, 0);
  const { id: fixedPaper } = await trx
    .insertInto('exam_paper')
    .values({ org_id: o.rootId, title: '党章党规党纪知识测试卷', kind: 'fixed', rules: JSON.stringify([]), total_score: total, archived_at: null, created_by: o.creatorId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('exam_paper_question').values(fixed.map((q, i) => ({ paper_id: fixedPaper, question_id: q.questionId, position: i + 1, score: q.score }))).execute();

  // 3. This fortnight's random paper: every type, a short answer marked by hand.
  const rules: DrawRule[] = [
    { type: 'single', count: 8, score: 4 },
    { type: 'multiple', count: 3, score: 6 },
    { type: 'judge', count: 6, score: 3 },
    { type: 'fill', count: 4, score: 5 },
    { type: 'short', count: 1, score: 12 },
  ];
  const { id: randomPaper } = await trx
    .insertInto('exam_paper')
    .values({ org_id: o.rootId, title: '“三会一课”与党费知识随机卷', kind: 'random', rules: JSON.stringify(rules), total_score: rules.reduce((n, r) => n + r.count * r.score, 0), archived_at: null, created_by: o.creatorId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();

  // 4. The exams. Last month: the 10th to the 20th, closed, the key shown after the close.
  const [y, m] = today.split('-').map(Number);
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const opens = `${lastMonth}-10`;
  const closes = `${lastMonth}-20`;
  const exam = (title: string, paperId: number, v: { opensAt: Date; closesAt: Date; status: string; minutes: number; review: string; shuffle: boolean; strikes: number }) =>
    trx
      .insertInto('exam')
      .values({ org_id: o.rootId, paper_id: paperId, title, purpose: 'exam', status: v.status, opens_at: v.opensAt, closes_at: v.closesAt, time_limit_minutes: v.minutes, attempts_allowed: 2, counting: 'best', pass_mark: 60, shuffle_questions: v.shuffle, shuffle_options: v.shuffle, focus_strikes: v.strikes, review_policy: v.review, created_by: o.creatorId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  const finished = await exam(`${Number(lastMonth.slice(5))}月党章党规党纪知识测试`, fixedPaper, { opensAt: at(opens, '09:00'), closesAt: at(closes, '18:00'), status: 'closed', minutes: 30, review: 'after_close', shuffle: false, strikes: 0 });
  const open = await exam('“三会一课”与党费知识学习测试', randomPaper, { opensAt: at(addDays(today, -3), '08:00'), closesAt: at(addDays(today, 14), '18:00'), status: 'published', minutes: 20, review: 'after_submit', shuffle: true, strikes: 3 });

  // 5. Last month's attempts: most members in good standing took it (about 85%), each with their own
  //    knack; a failed first try is often retried (best counts). Scored by the rules the server uses.
  const members = await trx.selectFrom('member').select('id').where('status', '=', 'normal').orderBy('id').execute();
  const attempts: { member: number; no: number; started: Date; submitted: Date; given: (string[] | null)[]; awarded: number[]; score: number }[] = [];
  const days = Math.round((Date.parse(closes) - Date.parse(opens)) / 86_400_000);
  let takers = 0;
  for (const { id: member } of members) {
    const r = stream(member * 2654435761);
    const demo = member === o.memberId;
    if (r() > 0.86 && !demo) continue;
    // Most know most of it; one in eight does not (and usually fails the first try).
    let knack = demo ? 0.85 : takers++ % 8 === 5 ? 0.3 + 0.25 * r() : 0.62 + 0.36 * Math.sqrt(r());
    for (let no = 1; no <= 2; no++) {
      const day = addDays(opens, Math.floor(r() * days));
      const started = at(day, `${String(9 + Math.floor(r() * 8)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`);
      const given = fixed.map((q) => (r() < knack ? q.answer.slice(0, q.type === 'fill' ? 1 : undefined) : wrongAnswer(q, r)));
      const awarded = fixed.map((q, i) => scoreAnswer({ type: q.type, answer: q.answer }, given[i], q.score).score ?? 0);
      const score = awarded.reduce((n, s) => n + s, 0);
      attempts.push({ member, no, started, submitted: new Date(started.getTime() + (9 + Math.floor(r() * 19)) * 60_000), given, awarded, score });
      if (score >= 60 || r() < 0.4) break;
      knack = Math.min(0.97, knack + 0.15);
    }
  }
  const attemptIds: number[] = [];
  await inBatches(attempts, 1000, async (batch) => {
    const rows = await trx
      .insertInto('exam_attempt')
      .values(batch.map((a) => ({ exam_id: finished.id, member_id: a.member, attempt_no: a.no, seed: a.member * 31 + a.no, status: 'submitted', started_at: a.started, deadline_at: new Date(a.started.getTime() + 30 * 60_000), submitted_at: a.submitted, score: a.score, pending_marking: false })))
      .returning('id')
      .execute();
    attemptIds.push(...rows.map((r) => r.id));
  });
  const answerRows = attempts.flatMap((a, k) =>
    fixed.map((q, i) => ({ attempt_id: attemptIds[k], position: i + 1, question_id: q.questionId, type: q.type, stem: q.stem, options: JSON.stringify(q.options), answer: JSON.stringify(q.answer), score: q.score, given: a.given[i] ? JSON.stringify(a.given[i]) : null, awarded: a.awarded[i] })),
  );
  await inBatches(answerRows, 3000, (batch) => trx.insertInto('exam_attempt_question').values(batch).execute());
  await sql`analyze exam_attempt`.execute(trx);
  return { questions: bank.length, finishedExamId: finished.id, openExamId: open.id, attempts: attempts.length, takers: new Set(attempts.map((a) => a.member)).size };
}
