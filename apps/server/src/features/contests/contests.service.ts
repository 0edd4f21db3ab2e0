import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { contestMachine, contestPhase, localDate, type ContestInput, type ContestListQuery, type ContestStatus, type DrawRule, type contestDto, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Actor, RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { canManageExam, examManageScope, examTaker } from '../../access/exam-policy.ts';
import { orgPathInScope, scopeFor } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';

type ContestDto = z.output<typeof contestDto>;
type ContestEvent = 'publish' | 'finish' | 'cancel';

/** Midnight in Beijing of a calendar day, as an instant. */
export const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(beijingMidnight(day).getTime() + 86_400_000);

function contests(db: Kysely<DB>) {
  return db
    .selectFrom('contest as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .innerJoin('exam_paper as p', 'p.id', 'c.paper_id')
    .selectAll('c')
    .select(['o.name as org_name', 'o.path as org_path', 'p.title as paper_title', 'p.total_score', 'p.rules'])
    .select(sql<string>`to_char(c.practice_from, 'YYYY-MM-DD')`.as('pf'))
    .select(sql<string>`to_char(c.practice_to, 'YYYY-MM-DD')`.as('pt'))
    .select(sql<string>`to_char(c.contest_from, 'YYYY-MM-DD')`.as('cf'))
    .select(sql<string>`to_char(c.contest_to, 'YYYY-MM-DD')`.as('ct'))
    .select(sql<number>`(select count(*)::int from contest_member cm where cm.contest_id = c.id)`.as('participants'))
    .select(sql<number>`(select count(*)::int from contest_attempt ca where ca.contest_id = c.id and ca.flag = 'flagged')`.as('flagged'));
}
export type ContestRow = Awaited<ReturnType<ReturnType<typeof contests>['executeTakeFirstOrThrow']>>;

/**
 * CT-1: the contests a caller reaches — those of organisations in their exam.manage subtree (any
 * state), and, as a member in good standing, the published and finished contests of an
 * organisation whose subtree holds their own organisation.
 */
function reachable(actor: Actor) {
  const manage = hasPermission(actor, 'exam.manage') ? scopeFor(actor, 'exam.manage') : null;
  const memberId = examTaker(actor);
  const ors: RawBuilder<SqlBool>[] = [];
  if (manage) ors.push(sql<SqlBool>`${orgPathInScope(manage, sql.ref<string>('o.path'))}`);
  if (memberId)
    ors.push(sql<SqlBool>`(c.status in ('published', 'finished') and exists (select 1 from member m join org mo on mo.id = m.org_id where m.id = ${memberId} and m.status = 'normal' and mo.path like replace(replace(replace(o.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'))`);
  return ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`false`;
}

export const windowsOf = (r: { pf: string; pt: string; cf: string; ct: string }) => ({ practiceFrom: r.pf, practiceTo: r.pt, contestFrom: r.cf, contestTo: r.ct });

function toDto(r: ContestRow, actor: Actor, now: Date): ContestDto {
  const rules = r.rules as DrawRule[];
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    examId: r.exam_id,
    paperId: r.paper_id,
    paperTitle: r.paper_title,
    totalScore: r.total_score,
    questionCount: rules.reduce((n, x) => n + x.count, 0),
    title: r.title,
    status: r.status as ContestStatus,
    phase: contestPhase(windowsOf(r), localDate(now)),
    ...windowsOf(r),
    dailyLimit: r.daily_limit,
    timeLimitMinutes: r.time_limit_minutes,
    minSecondsPerQuestion: r.min_seconds_per_question,
    participants: Number(r.participants),
    flagged: Number(r.flagged),
    canManage: canManageExam(actor, r.org_path),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listContests(deps: AppDeps, ctx: RequestContext, query: ContestListQuery) {
  let base = contests(deps.db).where(reachable(ctx.actor));
  if (query.q) base = base.where('c.title', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.status) base = base.where('c.status', '=', query.status);
  const [rows, total] = await Promise.all([
    base.orderBy('c.contest_from', 'desc').orderBy('c.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toDto(r, ctx.actor, ctx.now)), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

/** One contest the caller reaches (404 otherwise); `lock` takes the contest row's lock. */
export async function findContest(db: Kysely<DB>, actor: Actor, id: number, lock = false) {
  const q = contests(db).where('c.id', '=', id).where(reachable(actor));
  const row = await (lock ? q.forUpdate('c') : q).executeTakeFirst();
  if (!row) throw notFound('知识竞赛');
  return row;
}

export async function getContest(deps: AppDeps, ctx: RequestContext, id: number) {
  return toDto(await findContest(deps.db, ctx.actor, id), ctx.actor, ctx.now);
}

/** CT-1: the organisation in the caller's exam.manage subtree; the paper a random paper of that organisation or an ancestor, not archived. */
async function checkInput(trx: Kysely<DB>, ctx: RequestContext, input: ContestInput) {
  const scope = examManageScope(ctx.actor);
  const org = await trx.selectFrom('org').select(['id', 'path']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org || !canManageExam(ctx.actor, org.path)) throw forbidden('只能为本组织及下级组织举办知识竞赛');
  const paper = await trx
    .selectFrom('exam_paper as p')
    .innerJoin('org as po', 'po.id', 'p.org_id')
    .select(['p.id', 'p.kind', 'p.total_score', 'po.path'])
    .where('p.id', '=', input.paperId)
    .where('p.archived_at', 'is', null)
    .where((eb) => orgPathInScope(scope, eb.ref('po.path')))
    .executeTakeFirst();
  if (!paper || !org.path.startsWith(paper.path)) throw validation('试卷不存在、已删除，或不属于本组织（或其上级组织）', [{ field: 'paperId', message: '请选择本组织可用的试卷' }]);
  if (paper.kind !== 'random') throw validation('知识竞赛须使用随机抽题试卷（每人每次按规则抽题）', [{ field: 'paperId', message: '请选择随机抽题试卷' }]);
  return paper;
}

const examColumns = (input: ContestInput) => ({
  org_id: input.orgId,
  paper_id: input.paperId,
  title: input.title,
  opens_at: beijingMidnight(input.contestFrom),
  closes_at: nextDay(input.contestTo),
  time_limit_minutes: input.timeLimitMinutes,
  // The daily limit is the contest's (CT-3); the exam's own limit only bounds the whole window.
  attempts_allowed: input.dailyLimit * (Math.round((nextDay(input.contestTo).getTime() - beijingMidnight(input.contestFrom).getTime()) / 86_400_000)),
});

const contestColumns = (input: ContestInput) => ({
  org_id: input.orgId,
  paper_id: input.paperId,
  title: input.title,
  practice_from: input.practiceFrom,
  practice_to: input.practiceTo,
  contest_from: input.contestFrom,
  contest_to: input.contestTo,
  daily_limit: input.dailyLimit,
  time_limit_minutes: input.timeLimitMinutes,
  min_seconds_per_question: input.minSecondsPerQuestion,
});

/** CT-1: a draft contest and its exam (purpose 'contest', best attempt counts, answers shown after the contest). */
export async function createContest(deps: AppDeps, ctx: RequestContext, input: ContestInput) {
  examManageScope(ctx.actor);
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkInput(trx, ctx, input);
    const exam = await trx
      .insertInto('exam')
      .values({ ...examColumns(input), purpose: 'contest', counting: 'best', pass_mark: 0, shuffle_questions: false, shuffle_options: true, focus_strikes: 0, review_policy: 'after_close', created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto('contest')
      .values({ ...contestColumns(input), exam_id: exam.id, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'contest.create', entityType: 'contest', entityId: id, after: { ...input, examId: exam.id } });
    return id;
  });
  return getContest(deps, ctx, id);
}

/** Loads the contest locked for a manager: 404 out of reach, 403 for a member who does not organise it. */
async function managed(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  examManageScope(ctx.actor);
  const row = await findContest(trx, ctx.actor, id, true);
  if (!canManageExam(ctx.actor, row.org_path)) throw forbidden('只能管理本组织及下级组织的知识竞赛');
  return row;
}
export { managed as managedContest };

export async function updateContest(deps: AppDeps, ctx: RequestContext, id: number, input: ContestInput) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await managed(trx, ctx, id);
    if (!contestMachine.allows('edit', row.status)) throw conflict(contestMachine.refusal('edit', row.status));
    await checkInput(trx, ctx, input);
    const updated = await trx.updateTable('contest').set({ ...contestColumns(input), updated_at: ctx.now }).where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
    if (!updated) throw conflict(contestMachine.refusal('edit', row.status));
    await trx.updateTable('exam').set({ ...examColumns(input), updated_at: ctx.now }).where('id', '=', row.exam_id).where('status', '=', 'draft').execute();
    await audit(trx, ctx, { action: 'contest.update', entityType: 'contest', entityId: id, before: { title: row.title, paperId: row.paper_id, ...windowsOf(row) }, after: input });
  });
  return getContest(deps, ctx, id);
}

const examStatusFor: Record<ContestEvent, string> = { publish: 'published', finish: 'closed', cancel: 'cancelled' };

/**
 * CT-1: publish / finish / cancel under the contest row's lock, the write guarded by the state it
 * started from; the contest's exam follows in the same transaction. Publishing takes the roster
 * per organisation (contest_org, the participation rate's denominator, CT-7).
 */
export async function transitionContest(deps: AppDeps, ctx: RequestContext, id: number, event: ContestEvent) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await managed(trx, ctx, id);
    if (!contestMachine.allows(event, row.status)) throw conflict(contestMachine.refusal(event, row.status));
    if (event === 'publish') {
      const paper = await trx.selectFrom('exam_paper').select('archived_at').where('id', '=', row.paper_id).executeTakeFirstOrThrow();
      if (paper.archived_at) throw conflict('该竞赛的试卷已被删除，请先更换试卷');
      if (row.ct < localDate(ctx.now)) throw conflict('竞赛的结束日期已过，请先修改日期');
    }
    const to = contestMachine.next(event, row.status as ContestStatus);
    const updated = await trx.updateTable('contest').set({ status: to, updated_at: ctx.now }).where('id', '=', id).where('status', '=', row.status).returning('id').executeTakeFirst();
    if (!updated) throw conflict(contestMachine.refusal(event, row.status));
    await trx.updateTable('exam').set({ status: examStatusFor[event], updated_at: ctx.now }).where('id', '=', row.exam_id).execute();
    if (event === 'publish') await snapshotRoster(trx, id, row.org_path);
    await audit(trx, ctx, { action: event === 'publish' ? 'contest.publish' : event === 'finish' ? 'contest.finish' : 'contest.cancel', entityType: 'contest', entityId: id, before: { status: row.status }, after: { status: to } });
  });
  return getContest(deps, ctx, id);
}

/**
 * CT-7: the members in good standing of every organisation of the contest's subtree, as of
 * publication — by name (contest_roster: where each stood) and counted per organisation
 * (contest_org, the participation rate's denominator).
 */
export async function snapshotRoster(trx: Kysely<DB>, contestId: number, orgPath: string) {
  const subtree = orgPath.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  await trx.deleteFrom('contest_roster').where('contest_id', '=', contestId).execute();
  await trx.deleteFrom('contest_org').where('contest_id', '=', contestId).execute();
  await sql`
    insert into contest_roster (contest_id, member_id, org_id, path)
    select ${contestId}, m.id, o.id, o.path
    from org o join member m on m.org_id = o.id and m.status = 'normal'
    where o.path like ${subtree}
  `.execute(trx);
  // One grouped pass over the roster (a count per organisation against contest_roster's key would
  // scan the city's roster once per organisation: 12 s at 3,676 organisations × 60,000 members).
  await sql`
    insert into contest_org (contest_id, org_id, path, members)
    select ${contestId}, o.id, o.path, coalesce(r.n, 0)
    from org o left join (select org_id, count(*)::int as n from contest_roster where contest_id = ${contestId} group by org_id) r on r.org_id = o.id
    where o.path like ${subtree}
  `.execute(trx);
}
