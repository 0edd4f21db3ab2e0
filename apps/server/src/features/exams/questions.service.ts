import { sql, type Kysely } from 'kysely';
import type { Difficulty, QuestionInput, QuestionListQuery, QuestionType, questionDto, z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canWriteBank, examManageScope } from '../../access/exam-policy.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './questions.repository.ts';

type QuestionDto = z.output<typeof questionDto>;

export function toDto(r: repo.QuestionRow, scope: Scope): QuestionDto {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    type: r.type as QuestionType,
    stem: r.stem,
    options: r.options,
    answer: r.answer,
    tags: r.tags,
    difficulty: r.difficulty as Difficulty,
    explanation: r.explanation,
    canEdit: canWriteBank(scope, r.org_path),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The organisations whose banks the caller writes to: the roots of its exam.manage grants. */
async function writableOrgs(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('org as o')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .where('o.dissolved_on', 'is', null)
    .select(['o.id', 'o.name'])
    .orderBy('o.path')
    .limit(500)
    .execute();
}

/** 题库 list: paged and filtered in the database; the caller's subtree and the committee's bank. */
export async function listQuestions(deps: AppDeps, ctx: RequestContext, query: QuestionListQuery) {
  const scope = examManageScope(ctx.actor);
  const base = repo.filtered(deps.db, scope, query);
  const [rows, total, orgs] = await Promise.all([
    base.orderBy('q.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    writableOrgs(deps.db, scope),
  ]);
  return { items: rows.map((r) => toDto(r, scope)), total: Number(total.n), page: query.page, pageSize: query.pageSize, writableOrgs: orgs };
}

async function find(db: Kysely<DB>, scope: Scope, id: number, lock = false) {
  const q = repo.questions(db, scope).where('q.id', '=', id);
  const row = await (lock ? q.forUpdate('q') : q).executeTakeFirst();
  if (!row) throw notFound('试题');
  return row;
}

export async function getQuestion(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = examManageScope(ctx.actor);
  return toDto(await find(deps.db, scope, id), scope);
}

/** The organisation a bank belongs to, when the caller may write it (else 403 in Chinese). */
export async function bankOrg(db: Kysely<DB>, scope: Scope, orgId: number) {
  const org = await db.selectFrom('org').where('id', '=', orgId).select(['id', 'path', 'name', 'dissolved_on']).executeTakeFirst();
  if (!org) throw notFound('组织');
  if (!canWriteBank(scope, org.path)) throw forbidden('只能维护本组织及下级组织的题库');
  if (org.dissolved_on) throw conflict('该组织已撤销，不能再添加试题');
  return org;
}

export function columnsOf(input: QuestionInput) {
  return {
    org_id: input.orgId,
    type: input.type,
    stem: input.stem,
    options: JSON.stringify(input.options),
    answer: JSON.stringify(input.answer),
    tags: [...new Set(input.tags)],
    difficulty: input.difficulty,
    explanation: input.explanation || null,
  };
}

export async function createQuestion(deps: AppDeps, ctx: RequestContext, input: QuestionInput) {
  const scope = examManageScope(ctx.actor);
  await bankOrg(deps.db, scope, input.orgId);
  const columns = columnsOf(input);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('exam_question')
      .values({ ...columns, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'exam_question.create', entityType: 'exam_question', entityId: id, after: { ...input } });
    return id;
  });
  return getQuestion(deps, ctx, id);
}

/** Edit: load locked, check the caller writes this bank (and the target bank when moved), write guarded on not archived. */
export async function updateQuestion(deps: AppDeps, ctx: RequestContext, id: number, input: QuestionInput) {
  const scope = examManageScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await find(trx, scope, id, true);
    if (!canWriteBank(scope, row.org_path)) throw forbidden('只能修改本组织及下级组织的试题');
    if (input.orgId !== row.org_id) await bankOrg(trx, scope, input.orgId);
    const updated = await trx
      .updateTable('exam_question')
      .set({ ...columnsOf(input), updated_at: ctx.now })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('该试题已被删除，不能修改');
    const { org_name: _n, org_path: _p, ...before } = row;
    await audit(trx, ctx, { action: 'exam_question.update', entityType: 'exam_question', entityId: id, before, after: { ...input } });
  });
  return getQuestion(deps, ctx, id);
}

/** 删除 archives (EX-1): papers and attempts that used the question keep it. */
export async function archiveQuestion(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = examManageScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await find(trx, scope, id, true);
    if (!canWriteBank(scope, row.org_path)) throw forbidden('只能删除本组织及下级组织的试题');
    const updated = await trx.updateTable('exam_question').set({ archived_at: ctx.now, updated_at: ctx.now }).where('id', '=', id).where('archived_at', 'is', null).returning('id').executeTakeFirst();
    if (!updated) throw conflict('该试题已被删除');
    await audit(trx, ctx, { action: 'exam_question.archive', entityType: 'exam_question', entityId: id, before: { stem: row.stem, type: row.type } });
  });
  return { ok: true };
}
