import { sql, type Kysely } from 'kysely';
import {
  drawPaper,
  DrawShortfall,
  drawShortfalls,
  type Difficulty,
  type DrawRule,
  type PaperInput,
  type PaperKind,
  type PaperListQuery,
  type QuestionType,
  type paperDto,
  type paperQuestionDto,
  type z,
} from '@xianfeng/shared';
import { randomInt } from 'node:crypto';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canWriteBank, examManageScope } from '../../access/exam-policy.ts';
import { orgPathInScope, subtreeOf, type Scope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as questionsRepo from './questions.repository.ts';
import { bankOrg } from './questions.service.ts';

type PaperDto = z.output<typeof paperDto>;
type PaperQuestionDto = z.output<typeof paperQuestionDto>;

/** Papers the scope reaches (its subtrees' organisations), archived ones left out. */
function papers(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('exam_paper as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .where('p.archived_at', 'is', null)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('p')
    .select(['o.name as org_name', 'o.path as org_path'])
    .select((eb) => eb.selectFrom('exam_paper_question as pq').whereRef('pq.paper_id', '=', 'p.id').select(sql<number>`count(*)::int`.as('n')).as('fixed_count'));
}
type PaperRow = Awaited<ReturnType<ReturnType<typeof papers>['executeTakeFirstOrThrow']>>;

const normRules = (rules: PaperInput['rules']): DrawRule[] => rules.map((r) => ({ type: r.type, difficulty: r.difficulty ?? null, tag: r.tag || null, count: r.count, score: r.score }));

function toDto(r: PaperRow, scope: Scope): PaperDto {
  const rules = normRules(r.rules);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    kind: r.kind as PaperKind,
    partialCredit: r.partial_credit as PaperDto['partialCredit'],
    totalScore: r.total_score,
    questionCount: r.kind === 'fixed' ? Number(r.fixed_count ?? 0) : rules.reduce((n, x) => n + x.count, 0),
    rules: rules.map((x) => ({ ...x, difficulty: x.difficulty ?? null, tag: x.tag ?? null })),
    canEdit: canWriteBank(scope, r.org_path),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The bank a paper of this organisation draws from (EX-1): its subtree's questions and the committee's. */
export function paperBank(db: Kysely<DB>, orgPath: string) {
  return questionsRepo.questions(db, subtreeOf(orgPath));
}

export async function listPapers(deps: AppDeps, ctx: RequestContext, query: PaperListQuery) {
  const scope = examManageScope(ctx.actor);
  let base = papers(deps.db, scope);
  if (query.q) base = base.where('p.title', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [rows, total] = await Promise.all([
    base.orderBy('p.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toDto(r, scope)), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

async function find(db: Kysely<DB>, scope: Scope, id: number, lock = false) {
  const q = papers(db, scope).where('p.id', '=', id);
  const row = await (lock ? q.forUpdate('p') : q).executeTakeFirst();
  if (!row) throw notFound('试卷');
  return row;
}

async function questionsOf(db: Kysely<DB>, paperId: number): Promise<PaperQuestionDto[]> {
  const rows = await db
    .selectFrom('exam_paper_question as pq')
    .innerJoin('exam_question as q', 'q.id', 'pq.question_id')
    .where('pq.paper_id', '=', paperId)
    .select(['pq.question_id', 'pq.score', 'q.type', 'q.difficulty', 'q.stem', 'q.options', 'q.answer'])
    .orderBy('pq.position')
    .execute();
  return rows.map((r) => ({ questionId: r.question_id, score: r.score, type: r.type as QuestionType, difficulty: r.difficulty as Difficulty, stem: r.stem, options: r.options, answer: r.answer }));
}

export async function getPaper(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = examManageScope(ctx.actor);
  const row = await find(deps.db, scope, id);
  return { ...toDto(row, scope), questions: row.kind === 'fixed' ? await questionsOf(deps.db, id) : [] };
}

/**
 * Checks a paper against its organisation's bank (EX-4, EX-5): a fixed paper's questions must be
 * in it; a random paper's rules must be met by it, else each short rule is named. The total score.
 */
async function checkAgainstBank(db: Kysely<DB>, orgPath: string, input: PaperInput): Promise<number> {
  if (input.kind === 'fixed') {
    const ids = input.questions.map((q) => q.questionId);
    const found = await paperBank(db, orgPath).where('q.id', 'in', ids).select('q.id as qid').execute();
    const known = new Set(found.map((f) => f.qid));
    const missing = ids.filter((i) => !known.has(i));
    if (missing.length) throw validation(`试题不存在、已删除或不在本组织可用的题库中：编号${missing.join('、')}`, [{ field: 'questions', message: `试题不可用：编号${missing.join('、')}` }]);
    return input.questions.reduce((n, q) => n + q.score, 0);
  }
  const rules = normRules(input.rules);
  const bank = await candidates(db, orgPath, rules);
  const short = drawShortfalls(rules, bank);
  if (short.length) throw validation(`题库题目不足：${short.join('；')}`, short.map((message) => ({ field: 'rules', message })));
  return rules.reduce((n, r) => n + r.count * r.score, 0);
}

/** The bank's questions of the rules' types, as draw candidates. */
export async function candidates(db: Kysely<DB>, orgPath: string, rules: DrawRule[]) {
  const types = [...new Set(rules.map((r) => r.type))];
  const rows = await paperBank(db, orgPath).where('q.type', 'in', types).execute();
  return rows.map((r) => ({ id: r.id, type: r.type as QuestionType, difficulty: r.difficulty as Difficulty, tags: r.tags }));
}

async function writeQuestions(trx: Kysely<DB>, paperId: number, input: PaperInput) {
  await trx.deleteFrom('exam_paper_question').where('paper_id', '=', paperId).execute();
  if (input.kind === 'fixed') {
    await trx
      .insertInto('exam_paper_question')
      .values(input.questions.map((q, i) => ({ paper_id: paperId, question_id: q.questionId, position: i + 1, score: q.score })))
      .execute();
  }
}

export async function createPaper(deps: AppDeps, ctx: RequestContext, input: PaperInput) {
  const scope = examManageScope(ctx.actor);
  const org = await bankOrg(deps.db, scope, input.orgId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const total = await checkAgainstBank(trx, org.path, input);
    const { id } = await trx
      .insertInto('exam_paper')
      .values({ org_id: input.orgId, title: input.title, kind: input.kind, rules: JSON.stringify(normRules(input.rules)), partial_credit: input.partialCredit, total_score: total, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeQuestions(trx, id, input);
    await audit(trx, ctx, { action: 'exam_paper.create', entityType: 'exam_paper', entityId: id, after: { ...input, totalScore: total } });
    return id;
  });
  return getPaper(deps, ctx, id);
}

export async function updatePaper(deps: AppDeps, ctx: RequestContext, id: number, input: PaperInput) {
  const scope = examManageScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await find(trx, scope, id, true);
    if (!canWriteBank(scope, row.org_path)) throw forbidden('只能修改本组织及下级组织的试卷');
    const org = input.orgId === row.org_id ? { path: row.org_path } : await bankOrg(trx, scope, input.orgId);
    const total = await checkAgainstBank(trx, org.path, input);
    const updated = await trx
      .updateTable('exam_paper')
      .set({ org_id: input.orgId, title: input.title, kind: input.kind, rules: JSON.stringify(normRules(input.rules)), partial_credit: input.partialCredit, total_score: total, updated_at: ctx.now })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('该试卷已被删除，不能修改');
    await writeQuestions(trx, id, input);
    await audit(trx, ctx, { action: 'exam_paper.update', entityType: 'exam_paper', entityId: id, before: { title: row.title, kind: row.kind, rules: row.rules, totalScore: row.total_score }, after: { ...input, totalScore: total } });
  });
  return getPaper(deps, ctx, id);
}

export async function archivePaper(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = examManageScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await find(trx, scope, id, true);
    if (!canWriteBank(scope, row.org_path)) throw forbidden('只能删除本组织及下级组织的试卷');
    const updated = await trx.updateTable('exam_paper').set({ archived_at: ctx.now, updated_at: ctx.now }).where('id', '=', id).where('archived_at', 'is', null).returning('id').executeTakeFirst();
    if (!updated) throw conflict('该试卷已被删除');
    await audit(trx, ctx, { action: 'exam_paper.archive', entityType: 'exam_paper', entityId: id, before: { title: row.title } });
  });
  return { ok: true };
}

/**
 * 预览: what one person would get — a fixed paper's questions, or a random paper drawn with the
 * seed (a fresh one when none is given; the seed is returned, so the same draw can be shown again).
 */
export async function previewPaper(deps: AppDeps, ctx: RequestContext, id: number, seed = randomInt(0, 2 ** 32 - 1)) {
  const scope = examManageScope(ctx.actor);
  const row = await find(deps.db, scope, id);
  if (row.kind === 'fixed') return { seed, totalScore: row.total_score, questions: await questionsOf(deps.db, id) };
  const rules = normRules(row.rules);
  let drawn;
  try {
    drawn = drawPaper(rules, await candidates(deps.db, row.org_path, rules), seed);
  } catch (e) {
    // The bank changed since the paper was saved (questions deleted): name what is short.
    if (e instanceof DrawShortfall) throw conflict(e.message, e.shortfalls.map((message) => ({ field: 'rules', message })));
    throw e;
  }
  const rows = await deps.db.selectFrom('exam_question').where('id', 'in', drawn.map((d) => d.questionId)).selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    seed,
    totalScore: row.total_score,
    questions: drawn.map((d) => {
      const q = byId.get(d.questionId)!;
      return { questionId: q.id, score: d.score, type: q.type as QuestionType, difficulty: q.difficulty as Difficulty, stem: q.stem, options: q.options, answer: q.answer };
    }),
  };
}
