import {
  appealMachine,
  localDate,
  roundMachine,
  sheetMachine,
  type AppealAnswerInput,
  type AppealInput,
  type DeductionEventInput,
  type DepartmentScoreInput,
  type SelfAssessmentInput,
  type VetoesInput,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureSchemes, requireSchemeConfigure, requireUnitSpeaker, schemeReader } from '../../access/assessment-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { checkScore, indicatorOf, requireRound, scoredBy, unitData } from './round-data.ts';
import * as repo from './rounds.repository.ts';
import { buildSheet } from './sheets.ts';

type Db = Kysely<DB>;

/** GET /api/assessments/:year/scoring: the caller's indicators (all of them for the committee) for every unit. */
export async function scoringView(deps: AppDeps, ctx: RequestContext, year: number) {
  schemeReader(ctx.actor);
  const r = await requireRound(deps.db, year);
  const configure = canConfigureSchemes(ctx.actor);
  const mine = scoredBy(r.content, ctx.actor.userId);
  const visible = configure ? r.content.categories.flatMap((c) => c.indicators.map((ind) => ({ ind, categoryName: c.name }))) : mine;
  if (!visible.length) throw forbidden('您不是本年度考核任何指标的评分人员');
  const keys = new Set(visible.filter((v) => v.ind.method.kind !== 'computed').map((v) => v.ind.key));
  const [units, scores, events] = await Promise.all([repo.unitRows(deps.db, r.id), repo.scoresOf(deps.db, r.id), repo.deductionsOf(deps.db, r.id)]);
  return {
    year,
    status: r.status,
    indicators: visible
      .filter((v) => v.ind.method.kind !== 'computed')
      .map(({ ind, categoryName }) => ({
        key: ind.key,
        name: ind.name,
        categoryName,
        department: ind.department.name,
        method: ind.method.kind,
        maxScore: ind.maxScore,
        cap: ind.cap,
        evidenceRequired: ind.method.kind === 'manual' && ind.method.evidenceRequired,
        commentRequired: ind.method.kind === 'manual' && ind.method.commentRequired,
        rows: ind.method.kind === 'deduction' ? ind.method.rows.map((x) => ({ event: x.event, label: x.label, points: x.points })) : [],
        mine: ind.department.userIds.includes(ctx.actor.userId),
      })),
    units: units.map((u) => ({ orgId: u.org_id, orgName: u.org_name, series: u.series })),
    scores: scores.filter((s) => s.kind === 'department' && keys.has(s.indicatorKey)).map((s) => ({ orgId: s.orgId, indicatorKey: s.indicatorKey, score: s.score, comment: s.note, evidence: s.evidence, scoredBy: s.by, scoredAt: s.at })),
    selfScores: scores.filter((s) => s.kind === 'self' && keys.has(s.indicatorKey)).map((s) => ({ orgId: s.orgId, indicatorKey: s.indicatorKey, score: s.score, note: s.note })),
    events: events.filter((e) => keys.has(e.indicatorKey)).map((e) => {
      const ind = indicatorOf(r.content, e.indicatorKey).ind;
      const label = ind.method.kind === 'deduction' ? (ind.method.rows.find((x) => x.event === e.event)?.label ?? e.event) : e.event;
      return { id: e.id, orgId: e.orgId, indicatorKey: e.indicatorKey, event: e.event, label, occurredOn: e.occurredOn, count: e.count, note: e.note, recordedBy: e.by };
    }),
    canScore: mine.length > 0 && roundMachine.allows('score', r.status),
  };
}

/** The round, share-locked (a transition waits for the write), in 评分中, and the indicator the caller scores. */
async function scorerWrite(trx: Db, ctx: RequestContext, year: number, orgId: number, key: string, kind: 'manual' | 'deduction') {
  const r = await requireRound(trx, year, 'share');
  if (!roundMachine.allows('score', r.status)) throw conflict(roundMachine.refusal('score', r.status));
  const { ind } = indicatorOf(r.content, key);
  if (!ind.department.userIds.includes(ctx.actor.userId)) throw forbidden(`您不是“${ind.name}”的评分人员`);
  if (ind.method.kind !== kind) throw validation(kind === 'manual' ? `“${ind.name}”不是部门评分的指标` : `“${ind.name}”不是按事项扣分的指标`);
  // The unit's row locked: two scores of one unit at once are written one after the other, so
  // each history row starts from the score the other left.
  if (!(await repo.lockUnit(trx, r.id, orgId))) throw notFound('考核单位');
  return { r, ind };
}

/** PUT /api/assessments/:year/scores: a scoring department's score of one unit on one manual indicator (history kept). */
export async function putDepartmentScore(deps: AppDeps, ctx: RequestContext, year: number, input: DepartmentScoreInput) {
  await deps.db.transaction().execute(async (trx) => {
    const { r, ind } = await scorerWrite(trx, ctx, year, input.orgId, input.indicatorKey, 'manual');
    checkScore(ind, input.score);
    if (ind.method.kind === 'manual' && ind.method.commentRequired && !input.comment.trim()) throw validation(`“${ind.name}”评分须填写评语`, [{ field: 'comment', message: '请填写评语' }]);
    if (ind.method.kind === 'manual' && ind.method.evidenceRequired && !input.evidence.trim()) throw validation(`“${ind.name}”评分须写明评分依据`, [{ field: 'evidence', message: '请写明评分依据（材料、记录或文件）' }]);
    const before = await repo.scoreOf(trx, r.id, input.orgId, input.indicatorKey, 'department');
    await repo.upsertScore(trx, { roundId: r.id, orgId: input.orgId, indicatorKey: input.indicatorKey, kind: 'department', score: input.score, note: input.comment, evidence: input.evidence, userId: ctx.actor.userId, now: ctx.now });
    if (before !== input.score) {
      await trx.insertInto('assessment_score_change').values({ round_id: r.id, org_id: input.orgId, indicator_key: input.indicatorKey, kind: 'department', from_score: before, to_score: input.score, reason: input.comment || '部门评分', changed_by: ctx.actor.userId, changed_at: ctx.now }).execute();
    }
    await audit(trx, ctx, { action: 'assessment_score.set', entityType: 'assessment_score', entityId: r.id, before: before === null ? null : { orgId: input.orgId, indicator: input.indicatorKey, score: before }, after: { orgId: input.orgId, indicator: input.indicatorKey, score: input.score, comment: input.comment, evidence: input.evidence } });
  });
  return { ok: true };
}

/** POST /api/assessments/:year/deduction-events: a scoring department records an event of its deduction table. */
export async function addDeductionEvent(deps: AppDeps, ctx: RequestContext, year: number, input: DeductionEventInput) {
  return deps.db.transaction().execute(async (trx) => {
    const { r, ind } = await scorerWrite(trx, ctx, year, input.orgId, input.indicatorKey, 'deduction');
    if (ind.method.kind === 'deduction' && !ind.method.rows.some((x) => x.event === input.event)) throw validation(`“${ind.name}”的扣分表中没有该事项`, [{ field: 'event', message: '扣分表中没有该事项' }]);
    if (input.occurredOn.slice(0, 4) !== String(year)) throw validation('事项发生日期应在考核年度内', [{ field: 'occurredOn', message: '应在考核年度内' }]);
    const { id } = await trx
      .insertInto('assessment_deduction_event')
      .values({ round_id: r.id, org_id: input.orgId, indicator_key: input.indicatorKey, event: input.event, occurred_on: input.occurredOn, count: input.count, note: input.note, recorded_by: ctx.actor.userId, recorded_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'assessment_deduction.create', entityType: 'assessment_deduction', entityId: id, after: { year, ...input } });
    return { id };
  });
}

/** DELETE /api/assessment-deductions/:id: the department that recorded it takes an event back (while scoring). */
export async function deleteDeductionEvent(deps: AppDeps, ctx: RequestContext, id: number) {
  schemeReader(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('assessment_deduction_event as e').innerJoin('assessment_round as r', 'r.id', 'e.round_id').select(['e.id', 'e.org_id', 'e.indicator_key', 'e.event', 'e.occurred_on', 'e.count', 'e.note', 'r.year']).where('e.id', '=', id).forUpdate('e').executeTakeFirst();
    if (!e) throw notFound('扣分事项');
    await scorerWrite(trx, ctx, e.year, e.org_id, e.indicator_key, 'deduction');
    await trx.deleteFrom('assessment_deduction_event').where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'assessment_deduction.delete', entityType: 'assessment_deduction', entityId: id, before: { orgId: e.org_id, indicator: e.indicator_key, event: e.event, occurredOn: e.occurred_on, count: e.count, note: e.note } });
  });
  return { ok: true };
}

/** A unit's sheet, locked, with the round share-locked and in 评分中. */
async function sheetWrite(trx: Db, ctx: RequestContext, year: number, orgId: number, event: 'edit' | 'submit' | 'accept' | 'return') {
  const r = await requireRound(trx, year, 'share');
  if (!roundMachine.allows('score', r.status)) throw conflict(roundMachine.refusal('score', r.status));
  const u = await repo.lockUnit(trx, r.id, orgId);
  if (!u) throw notFound('考核单位');
  if (!sheetMachine.allows(event, u.status)) throw conflict(sheetMachine.refusal(event, u.status));
  return { r, u };
}

const guardedSheet = async (trx: Db, roundId: number, orgId: number, from: string, set: Record<string, unknown>, refusal: string) => {
  const res = await trx.updateTable('assessment_unit').set(set).where('round_id', '=', roundId).where('org_id', '=', orgId).where('status', '=', from as never).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict(refusal);
};

/** PUT /api/assessments/:year/units/:orgId/self: the unit's self-assessment (its scores on the manual and deduction indicators and a note). */
export async function saveSelfAssessment(deps: AppDeps, ctx: RequestContext, year: number, orgId: number, input: SelfAssessmentInput) {
  requireUnitSpeaker(ctx.actor, orgId);
  await deps.db.transaction().execute(async (trx) => {
    const { r, u } = await sheetWrite(trx, ctx, year, orgId, 'edit');
    input.scores.forEach((s, i) => checkScore(indicatorOf(r.content, s.indicatorKey).ind, s.score, `scores.${i}.score`));
    await guardedSheet(trx, r.id, orgId, u.status, { self_note: input.note }, sheetMachine.refusal('edit', u.status));
    await trx.deleteFrom('assessment_score').where('round_id', '=', r.id).where('org_id', '=', orgId).where('kind', '=', 'self').execute();
    if (input.scores.length) await trx.insertInto('assessment_score').values(input.scores.map((s) => ({ round_id: r.id, org_id: orgId, indicator_key: s.indicatorKey, kind: 'self' as const, score: s.score, note: s.note, evidence: '', scored_by: ctx.actor.userId, scored_at: ctx.now }))).execute();
    await audit(trx, ctx, { action: 'assessment_unit.self_assess', entityType: 'assessment_unit', entityId: orgId, after: { year, note: input.note, scores: input.scores } });
  });
  return { ok: true };
}

/** POST …/units/:orgId/submit: 自评中 → 已提交自评. */
export async function submitSelfAssessment(deps: AppDeps, ctx: RequestContext, year: number, orgId: number) {
  requireUnitSpeaker(ctx.actor, orgId);
  await deps.db.transaction().execute(async (trx) => {
    const { r, u } = await sheetWrite(trx, ctx, year, orgId, 'submit');
    await guardedSheet(trx, r.id, orgId, u.status, { status: 'submitted', submitted_at: ctx.now, submitted_by: ctx.actor.userId, return_reason: null }, sheetMachine.refusal('submit', u.status));
    await audit(trx, ctx, { action: 'assessment_unit.submit', entityType: 'assessment_unit', entityId: orgId, before: { status: u.status }, after: { year, status: 'submitted' } });
  });
  return { ok: true };
}

/** POST …/units/:orgId/accept and …/return: the committee reviews a submitted self-assessment. */
export async function reviewSelfAssessment(deps: AppDeps, ctx: RequestContext, year: number, orgId: number, event: 'accept' | 'return', reason?: string) {
  requireSchemeConfigure(ctx.actor, '只有工委可以审核单位自评');
  await deps.db.transaction().execute(async (trx) => {
    const { r, u } = await sheetWrite(trx, ctx, year, orgId, event);
    const set = event === 'accept' ? { status: 'reviewed', reviewed_at: ctx.now, reviewed_by: ctx.actor.userId } : { status: 'self_assessing', return_reason: reason!, submitted_at: null };
    await guardedSheet(trx, r.id, orgId, u.status, set, sheetMachine.refusal(event, u.status));
    await audit(trx, ctx, { action: event === 'accept' ? 'assessment_unit.accept' : 'assessment_unit.return', entityType: 'assessment_unit', entityId: orgId, before: { status: u.status }, after: { year, status: set.status, reason: reason ?? null } });
  });
  return { ok: true };
}

/** PUT …/units/:orgId/vetoes: the committee records the 一票否决 items a unit hit (each with its reason). */
export async function setVetoes(deps: AppDeps, ctx: RequestContext, year: number, orgId: number, input: VetoesInput) {
  requireSchemeConfigure(ctx.actor, '只有工委可以认定一票否决事项');
  await deps.db.transaction().execute(async (trx) => {
    const r = await requireRound(trx, year, 'share');
    if (!roundMachine.allows('score', r.status)) throw conflict(roundMachine.refusal('score', r.status));
    const unknown = input.vetoes.filter((v) => !r.content.vetoes.some((x) => x.key === v.key));
    if (unknown.length) throw validation(`考核方案中没有否决事项：${unknown.map((v) => v.key).join('、')}`);
    const u = await repo.lockUnit(trx, r.id, orgId);
    if (!u) throw notFound('考核单位');
    await trx.updateTable('assessment_unit').set({ vetoes: JSON.stringify(input.vetoes) }).where('round_id', '=', r.id).where('org_id', '=', orgId).execute();
    await audit(trx, ctx, { action: 'assessment_unit.vetoes', entityType: 'assessment_unit', entityId: orgId, before: { vetoes: u.vetoes }, after: { year, vetoes: input.vetoes } });
  });
  return { ok: true };
}

/** POST /api/assessments/:year/units/:orgId/appeals: a unit appeals one indicator's score within the window (AR-6). */
export async function fileAppeal(deps: AppDeps, ctx: RequestContext, year: number, orgId: number, input: AppealInput) {
  requireUnitSpeaker(ctx.actor, orgId);
  return deps.db.transaction().execute(async (trx) => {
    const r = await requireRound(trx, year, 'share');
    if (!roundMachine.allows('appeal', r.status)) throw conflict(r.status === 'scoring' ? '考核结果尚未公布，公布后才能申诉' : '考核已定档，不能再申诉');
    if (r.appeal_until && localDate(ctx.now) > r.appeal_until) throw conflict(`申诉期已于${r.appeal_until}结束`);
    const { ind } = indicatorOf(r.content, input.indicatorKey);
    const { data } = await unitData(trx, r, orgId);
    if (!data[0]) throw notFound('考核单位');
    const current = buildSheet(r.content, data[0]).categories.flatMap((c) => c.indicators).find((i) => i.key === ind.key)!.score;
    const row = await trx
      .insertInto('assessment_appeal')
      .values({ round_id: r.id, org_id: orgId, indicator_key: input.indicatorKey, reason: input.reason, score_before: current, filed_by: ctx.actor.userId, filed_at: ctx.now })
      .onConflict((oc) => oc.columns(['round_id', 'org_id', 'indicator_key']).where('status', '=', 'open').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict(`“${ind.name}”已有待答复的申诉，请等待答复`);
    await audit(trx, ctx, { action: 'assessment_appeal.create', entityType: 'assessment_appeal', entityId: row.id, after: { year, orgId, indicator: input.indicatorKey, reason: input.reason, scoreBefore: current } });
    return { id: row.id };
  });
}

/**
 * POST /api/assessment-appeals/:id/answer: the committee answers once. Upheld: the indicator's
 * score becomes `newScore` (an appeal score that overrides the computed or department one), and
 * the change is kept in the history with the appeal's id; rejected: nothing changes but the answer.
 */
export async function answerAppeal(deps: AppDeps, ctx: RequestContext, id: number, input: AppealAnswerInput) {
  requireSchemeConfigure(ctx.actor, '只有工委可以答复考核申诉');
  await deps.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('assessment_appeal as a').innerJoin('assessment_round as r', 'r.id', 'a.round_id').select(['a.id', 'a.org_id', 'a.indicator_key', 'a.status', 'a.score_before', 'r.year']).where('a.id', '=', id).forUpdate('a').executeTakeFirst();
    if (!a) throw notFound('考核申诉');
    const event = input.decision === 'upheld' ? 'uphold' : 'reject';
    if (!appealMachine.allows(event, a.status)) throw conflict(appealMachine.refusal(event, a.status));
    const r = await requireRound(trx, a.year, 'share');
    if (r.status !== 'published') throw conflict('考核已定档，不能再答复申诉');
    const { ind } = indicatorOf(r.content, a.indicator_key);
    if (input.decision === 'upheld') {
      checkScore(ind, input.newScore!, 'newScore');
      const before = await repo.scoreOf(trx, r.id, a.org_id, a.indicator_key, 'appeal');
      await repo.upsertScore(trx, { roundId: r.id, orgId: a.org_id, indicatorKey: a.indicator_key, kind: 'appeal', score: input.newScore!, note: input.answer, evidence: '', userId: ctx.actor.userId, now: ctx.now });
      await trx.insertInto('assessment_score_change').values({ round_id: r.id, org_id: a.org_id, indicator_key: a.indicator_key, kind: 'appeal', from_score: before ?? (a.score_before === null ? null : Number(a.score_before)), to_score: input.newScore!, reason: `申诉成立：${input.answer}`, appeal_id: id, changed_by: ctx.actor.userId, changed_at: ctx.now }).execute();
    }
    const res = await trx
      .updateTable('assessment_appeal')
      .set({ status: input.decision, answer: input.answer, new_score: input.decision === 'upheld' ? input.newScore! : null, answered_by: ctx.actor.userId, answered_at: ctx.now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(appealMachine.refusal(event, 'upheld'));
    await audit(trx, ctx, { action: 'assessment_appeal.answer', entityType: 'assessment_appeal', entityId: id, before: { status: 'open', score: a.score_before === null ? null : Number(a.score_before) }, after: { status: input.decision, answer: input.answer, newScore: input.newScore ?? null } });
  });
  return { ok: true };
}

