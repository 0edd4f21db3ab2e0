import { sql, type Kysely } from 'kysely';
import { resultStatuses, type ExamResultsExportQuery, type ExamResultsQuery, type ResultStatus, type examResultRowDto, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageExam, examManageScope } from '../../access/exam-policy.ts';
import { forbidden } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { findExam, type ExamRow } from './exams.service.ts';

type ResultRow = z.output<typeof examResultRowDto>;

/**
 * EX-15: the exam of a caller who manages it — without exam.manage 403, out of reach 404, an exam
 * the caller only takes (a member of its subtree) 403.
 */
export async function managedExam(db: Kysely<DB>, ctx: RequestContext, id: number, lock = false): Promise<ExamRow> {
  examManageScope(ctx.actor);
  const row = await findExam(db, ctx.actor, id, lock);
  if (!canManageExam(ctx.actor, row.org_path)) throw forbidden('只能管理本组织及下级组织的考试');
  return row;
}

const likePrefix = (path: string) => path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/**
 * EX-15/EX-16: one row per candidate — every member in good standing of the exam's subtree, and
 * anyone else who started an attempt — with the attempt that counts by the exam's counting rule
 * (the same choice as `countedAttempt`: the best scored one, ties the earlier; or the last scored
 * one), computed in SQL so the list pages and filters in the database.
 */
function candidateRows(db: Kysely<DB>, exam: ExamRow, filterPath: string | false | null) {
  const best = exam.counting === 'best';
  const scope = sql`o.path like ${likePrefix(exam.org_path)}`;
  const within = filterPath === false ? sql`and false` : filterPath ? sql`and o.path like ${likePrefix(filterPath)}` : sql``;
  return sql`
    select m.id as member_id, m.name as member_name, o.id as org_id, o.name as org_name, o.path as org_path,
      coalesce(s.attempts, 0) as attempts_used, coalesce(s.submitted, 0) as submitted,
      coalesce(s.forced, false) as forced, coalesce(s.pending, false) as pending,
      k.id as counted_id, k.score, extract(epoch from (k.submitted_at - k.started_at))::int as seconds_used,
      case when coalesce(s.submitted, 0) = 0 then 'absent'
           when coalesce(s.pending, false) then 'pending'
           when k.score >= ${exam.pass_mark} then 'passed'
           else 'failed' end as status
    from member m
    join org o on o.id = m.org_id
    left join lateral (
      select count(*)::int as attempts, (count(*) filter (where a.status = 'submitted'))::int as submitted,
        bool_or(a.forced) as forced, bool_or(a.pending_marking) as pending
      from exam_attempt a where a.exam_id = ${exam.id} and a.member_id = m.id
    ) s on true
    left join lateral (
      select a.id, a.score, a.started_at, a.submitted_at
      from exam_attempt a
      where a.exam_id = ${exam.id} and a.member_id = m.id and a.status = 'submitted' and a.score is not null
      order by ${best ? sql`a.score desc, a.attempt_no asc` : sql`a.attempt_no desc`}
      limit 1
    ) k on true
    where ((m.status = 'normal' and ${scope}) or s.attempts > 0) ${within}
  `;
}

type Raw = {
  member_id: number;
  member_name: string;
  org_id: number;
  org_name: string;
  attempts_used: number;
  forced: boolean;
  pending: boolean;
  counted_id: number | null;
  score: string | null;
  seconds_used: number | null;
  status: ResultStatus;
};

const toRow = (passMark: number) => (r: Raw): ResultRow => ({
  memberId: r.member_id,
  memberName: r.member_name,
  orgId: r.org_id,
  orgName: r.org_name,
  attemptsUsed: r.attempts_used,
  countedAttemptId: r.counted_id,
  score: r.score === null ? null : Number(r.score),
  passed: r.score === null ? null : Number(r.score) >= passMark,
  secondsUsed: r.seconds_used,
  status: r.status,
  forced: r.forced,
  pendingMarking: r.pending,
});

/** The organisation filter: its path, when inside the exam's subtree; otherwise no candidate matches. */
async function filterPathOf(db: Kysely<DB>, exam: ExamRow, orgId: number | undefined) {
  if (!orgId) return null;
  const org = await db.selectFrom('org').select('path').where('id', '=', orgId).executeTakeFirst();
  return org && org.path.startsWith(exam.org_path) ? org.path : false;
}

const nameFilter = (q: string | undefined) => (q ? sql`and r.member_name like ${'%' + q.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}` : sql``);

export async function examResults(deps: AppDeps, ctx: RequestContext, examId: number, query: ExamResultsQuery) {
  const exam = await managedExam(deps.db, ctx, examId);
  const base = candidateRows(deps.db, exam, await filterPathOf(deps.db, exam, query.orgId));
  const status = query.status ? sql`and r.status = ${query.status}` : sql``;
  const [page, summary] = await Promise.all([
    sql<Raw & { total: number }>`
      select r.*, (count(*) over ())::int as total from (${base}) r where true ${nameFilter(query.q)} ${status}
      order by r.org_path, r.member_name, r.member_id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`.execute(deps.db),
    sql<{ candidates: number; took_part: number; passed: number; average: string | null; pending: number }>`
      select count(*)::int as candidates, (count(*) filter (where r.status <> 'absent'))::int as took_part,
        (count(*) filter (where r.status = 'passed'))::int as passed, round(avg(r.score), 1) as average,
        (count(*) filter (where r.pending))::int as pending
      from (${base}) r where true ${nameFilter(query.q)}`.execute(deps.db),
  ]);
  const s = summary.rows[0];
  return {
    items: page.rows.map(toRow(exam.pass_mark)),
    total: page.rows[0]?.total ?? (query.page > 1 ? await countOf(deps.db, base, query) : 0),
    page: query.page,
    pageSize: query.pageSize,
    summary: {
      candidates: s.candidates,
      tookPart: s.took_part,
      passed: s.passed,
      passRate: s.took_part ? Math.round((s.passed / s.took_part) * 1000) / 10 : null,
      average: s.average === null ? null : Number(s.average),
      pendingMarking: s.pending,
    },
  };
}

async function countOf(db: Kysely<DB>, base: ReturnType<typeof candidateRows>, query: ExamResultsExportQuery) {
  const status = query.status ? sql`and r.status = ${query.status}` : sql``;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${base}) r where true ${nameFilter(query.q)} ${status}`.execute(db);
  return rows[0].n;
}

const duration = (s: number | null) => (s === null ? '' : `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`);

/** EX-20: the results as Excel, the list's filters; names and organisations only — no ID numbers, no phones. Audited. */
export async function resultsWorkbook(deps: AppDeps, ctx: RequestContext, examId: number, query: ExamResultsExportQuery) {
  const exam = await managedExam(deps.db, ctx, examId);
  const base = candidateRows(deps.db, exam, await filterPathOf(deps.db, exam, query.orgId));
  const status = query.status ? sql`and r.status = ${query.status}` : sql``;
  const { rows } = await sql<Raw>`select r.* from (${base}) r where true ${nameFilter(query.q)} ${status} order by r.org_path, r.member_name, r.member_id limit 100000`.execute(deps.db);
  const buffer = await streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet('考试成绩', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '姓名', width: 12 }, { header: '所在组织', width: 34 }, { header: '作答次数', width: 9 }, { header: `成绩（满分${exam.total_score}）`, width: 14 },
      { header: '状态', width: 9 }, { header: '用时', width: 12 }, { header: '强制交卷', width: 9 }, { header: '待阅卷', width: 8 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const r of rows.map(toRow(exam.pass_mark))) {
      ws.addRow([r.memberName, r.orgName, r.attemptsUsed, r.score ?? '', resultStatuses.label(r.status), duration(r.secondsUsed), r.forced ? '是' : '', r.pendingMarking ? '是' : '']).commit();
      await pace();
    }
    await ws.commit();
  });
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'exam.results_export', entityType: 'exam', entityId: exam.id, after: { ...query, rows: rows.length } }));
  return { buffer, filename: `${exam.title}-成绩.xlsx`.replace(/[\\/:*?"<>|]/g, '_') };
}
