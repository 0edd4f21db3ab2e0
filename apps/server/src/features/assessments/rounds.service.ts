import {
  addWorkdays,
  localDate,
  roundMachine,
  sheetMachine,
  type RoundOpenInput,
  type SchemeContent,
  unitTypes,
  type UnitType,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureSchemes, mayReadUnitSheet, requireSchemeConfigure, schemeReader, unitsSpokenFor } from '../../access/assessment-policy.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { addEvent } from '../lists/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import { loadWorkCalendar } from '../supervision-settings/index.ts';
import { assessedUnits, computeRound } from './measures.ts';
import { rankingOf, requireRound, scoredBy, unitData } from './round-data.ts';
import * as repo from './rounds.repository.ts';
import { rankUnits } from './sheets.ts';

type Db = Kysely<DB>;

/** AR-2: the day computed indicators count up to by default: today, or the year's last day for a past year. */
const defaultAsOf = (year: number, today: string) => (today < `${year}-12-31` ? today : `${year}-12-31`);
/** AR-7: an explanation is due this many days after closing (L: the committee's usual month). */
export const EXPLANATION_DAYS = 30;

function roundDto(ctx: RequestContext, r: repo.RoundRow, counts: Awaited<ReturnType<typeof repo.roundCounts>>, pendingScores: number) {
  const configure = canConfigureSchemes(ctx.actor);
  return {
    id: r.id,
    year: r.year,
    status: r.status,
    schemeId: r.scheme_id,
    schemeVersion: r.scheme_version,
    asOf: r.as_of,
    computedAt: r.computed_at,
    appealDays: r.appeal_days,
    explainBottom: r.explain_bottom,
    appealUntil: r.appeal_until,
    publishedAt: r.published_at,
    closedAt: r.closed_at,
    units: counts.units,
    submitted: counts.submitted,
    reviewed: counts.reviewed,
    pendingScores,
    openAppeals: counts.open_appeals,
    abilities: {
      recompute: configure && roundMachine.allows('recompute', r.status),
      publish: configure && roundMachine.allows('publish', r.status),
      close: configure && roundMachine.allows('close', r.status),
      review: configure && roundMachine.allows('score', r.status),
    },
  };
}

/** GET /api/assessments/:year/round. */
export async function roundView(deps: AppDeps, ctx: RequestContext, year: number) {
  schemeReader(ctx.actor);
  const r = await repo.findRound(deps.db, year);
  const configure = canConfigureSchemes(ctx.actor);
  const spoken = unitsSpokenFor(ctx.actor);
  const mine = r && spoken.length ? (await repo.unitRows(deps.db, r.id)).filter((u) => spoken.includes(u.org_id)).map((u) => ({ orgId: u.org_id, orgName: u.org_name })) : [];
  if (!r) {
    const published = await deps.db.selectFrom('assessment_scheme').select('id').where('year', '=', year).where('status', '=', 'published').executeTakeFirst();
    return { year, round: null, canOpen: configure && !!published, myUnits: [], scorer: false };
  }
  const counts = await repo.roundCounts(deps.db, r.id);
  const pending = configure ? (await rankingOf(deps.db, r)).reduce((s, u) => s + u.pending, 0) : 0;
  return { year, round: roundDto(ctx, r, counts, pending), canOpen: false, myUnits: mine, scorer: scoredBy(r.content, ctx.actor.userId).length > 0 };
}

async function writeComputation(deps: AppDeps, trx: Db, round: { id: number; year: number; asOf: string; content: SchemeContent }, units: Awaited<ReturnType<typeof assessedUnits>>) {
  const computed = await computeRound(deps, trx, { year: round.year, asOf: round.asOf, units: units.units, rootPath: units.root.path, content: round.content });
  for (const [orgId, c] of computed) {
    await trx
      .updateTable('assessment_unit')
      .set({ computed: JSON.stringify(c.computed), events: JSON.stringify(c.events), counted_cases: c.countedCases })
      .where('round_id', '=', round.id)
      .where('org_id', '=', orgId)
      .execute();
  }
}

/**
 * POST /api/assessments/:year/round: open the year's round on its published scheme. Every unit
 * (organisation right below the root) gets a sheet in 自评中 with its series from its unit's
 * type, and the computed indicators are counted as of `asOf`. 409 when the year has a round or
 * no published scheme.
 */
export async function openRound(deps: AppDeps, ctx: RequestContext, input: RoundOpenInput) {
  requireSchemeConfigure(ctx.actor, '只有工委可以启动年度考核');
  const asOf = input.asOf ?? defaultAsOf(input.year, localDate(ctx.now));
  await deps.db.transaction().execute(async (trx) => {
    const scheme = await trx.selectFrom('assessment_scheme').select(['id', 'version', 'content']).where('year', '=', input.year).where('status', '=', 'published').forShare().executeTakeFirst();
    if (!scheme) throw conflict(`${input.year}年度考核方案尚未发布，发布后才能启动考核`);
    const created = await trx
      .insertInto('assessment_round')
      .values({ year: input.year, scheme_id: scheme.id, as_of: asOf, computed_at: ctx.now, appeal_days: input.appealDays, explain_bottom: input.explainBottom, opened_by: ctx.actor.userId, opened_at: ctx.now })
      .onConflict((oc) => oc.column('year').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) throw conflict(`${input.year}年度考核已经启动（可能刚被他人启动），请刷新后重试`);
    const units = await assessedUnits(trx, input.year);
    if (units.units.length) await trx.insertInto('assessment_unit').values(units.units.map((u) => ({ round_id: created.id, org_id: u.orgId, series: u.series, computed: '{}', events: '{}', vetoes: '[]' }))).execute();
    await writeComputation(deps, trx, { id: created.id, year: input.year, asOf, content: scheme.content }, units);
    await audit(trx, ctx, { action: 'assessment_round.open', entityType: 'assessment_round', entityId: created.id, after: { year: input.year, schemeVersion: scheme.version, asOf, appealDays: input.appealDays, explainBottom: input.explainBottom, units: units.units.length } });
  });
  return roundView(deps, ctx, input.year);
}

/** POST /api/assessments/:year/round/recompute: count the computed indicators again, as of a new day (scoring only). */
export async function recomputeRound(deps: AppDeps, ctx: RequestContext, year: number, asOf: string | undefined) {
  requireSchemeConfigure(ctx.actor, '只有工委可以重新计算');
  await deps.db.transaction().execute(async (trx) => {
    const r = await requireRound(trx, year, 'update');
    if (!roundMachine.allows('recompute', r.status)) throw conflict(roundMachine.refusal('recompute', r.status));
    const day = asOf ?? defaultAsOf(year, localDate(ctx.now));
    if (day.slice(0, 4) !== String(year)) throw conflict('计算截止日应在考核年度内');
    const all = await assessedUnits(trx, year);
    const kept = new Set((await repo.unitRows(trx, r.id)).map((u) => u.org_id));
    await writeComputation(deps, trx, { id: r.id, year, asOf: day, content: r.content }, { root: all.root, units: all.units.filter((u) => kept.has(u.orgId)) });
    await trx.updateTable('assessment_round').set({ as_of: day, computed_at: ctx.now }).where('id', '=', r.id).where('status', '=', 'scoring').execute();
    await audit(trx, ctx, { action: 'assessment_round.recompute', entityType: 'assessment_round', entityId: r.id, before: { asOf: r.as_of }, after: { asOf: day } });
  });
  return roundView(deps, ctx, year);
}

/**
 * POST /api/assessments/:year/round/publish: scoring → published. Refused while a unit's
 * self-assessment is not reviewed or a manual indicator is unscored (the message names them).
 * The appeal window runs `appeal_days` working days from today on the work calendar; each unit's
 * admins are told.
 */
export async function publishRound(deps: AppDeps, ctx: RequestContext, year: number) {
  requireSchemeConfigure(ctx.actor, '只有工委可以公布考核结果');
  const cal = await loadWorkCalendar(deps.db);
  await deps.db.transaction().execute(async (trx) => {
    const r = await requireRound(trx, year, 'update');
    if (!roundMachine.allows('publish', r.status)) throw conflict(roundMachine.refusal('publish', r.status));
    const ranking = await rankingOf(trx, r);
    const unreviewed = ranking.filter((u) => u.status !== 'reviewed');
    if (unreviewed.length) throw conflict(`还有${unreviewed.length}个单位的自评未审核（${unreviewed.slice(0, 5).map((u) => u.orgName).join('、')}${unreviewed.length > 5 ? '等' : ''}），审核后才能公布`);
    const pending = ranking.filter((u) => u.pending > 0);
    if (pending.length) throw conflict(`还有${pending.reduce((s, u) => s + u.pending, 0)}项部门评分未完成（${pending.slice(0, 5).map((u) => u.orgName).join('、')}${pending.length > 5 ? '等' : ''}），评分后才能公布`);
    const today = localDate(ctx.now);
    const from = addWorkdays(today, 0, cal);
    const until = addWorkdays(from, r.appeal_days - 1, cal);
    await trx.updateTable('assessment_round').set({ status: 'published', appeal_until: until, published_at: ctx.now, published_by: ctx.actor.userId }).where('id', '=', r.id).where('status', '=', 'scoring').execute();
    const admins = await repo.accountsOfOrgs(trx, ranking.map((u) => u.orgId));
    await inboxNotifier.send(
      trx,
      admins.map((a) => ({ userId: a.user_id, kind: 'assessment' as const, title: `${year}年度党建考核结果已公布`, body: `申诉期至${until}，对得分有异议的可在申诉期内提出申诉。`, link: `/assessments/${year}/units/${a.org_id}`, dedupeKey: `assessment:${year}:published:${a.org_id}` })),
      ctx.now,
    );
    await audit(trx, ctx, { action: 'assessment_round.publish', entityType: 'assessment_round', entityId: r.id, before: { status: r.status }, after: { status: 'published', appealUntil: until, ranking: ranking.map((u) => ({ orgId: u.orgId, total: u.parts.total, grade: u.grade, rank: u.rank })) } });
  });
  return roundView(deps, ctx, year);
}

/**
 * POST /api/assessments/:year/round/close: published → closed (定档), after the appeal window and
 * with every appeal answered. Fixes each unit's total, grade and rank and the discipline cases
 * counted (AS-9), and gives each unit among the bottom of its series an item in its supervision
 * list asking for the written explanation (AR-7), whose admins are told.
 */
export async function closeRound(deps: AppDeps, ctx: RequestContext, year: number) {
  requireSchemeConfigure(ctx.actor, '只有工委可以定档');
  await deps.db.transaction().execute(async (trx) => {
    const r = await requireRound(trx, year, 'update');
    if (!roundMachine.allows('close', r.status)) throw conflict(roundMachine.refusal('close', r.status));
    const today = localDate(ctx.now);
    if (r.appeal_until && today <= r.appeal_until) throw conflict(`申诉期至${r.appeal_until}结束，申诉期满后才能定档`);
    const open = await trx.selectFrom('assessment_appeal').select('id').where('round_id', '=', r.id).where('status', '=', 'open').execute();
    if (open.length) throw conflict(`还有${open.length}件申诉未答复，答复后才能定档`);
    const ranking = await rankingOf(trx, r);
    const deadline = addDays(today, EXPLANATION_DAYS);
    for (const u of ranking) {
      let itemId: number | null = null;
      if (u.mustExplain) itemId = await explanationItem(trx, ctx, { year, orgId: u.orgId, rank: u.rank, size: u.seriesSize, series: u.series, total: u.parts.total, deadline });
      await trx
        .updateTable('assessment_unit')
        .set({ final_total: u.parts.total, final_grade: u.grade, final_rank: u.rank, explanation_item_id: itemId })
        .where('round_id', '=', r.id)
        .where('org_id', '=', u.orgId)
        .execute();
    }
    await trx.updateTable('assessment_round').set({ status: 'closed', closed_at: ctx.now, closed_by: ctx.actor.userId }).where('id', '=', r.id).where('status', '=', 'published').execute();
    await audit(trx, ctx, { action: 'assessment_round.close', entityType: 'assessment_round', entityId: r.id, before: { status: r.status }, after: { status: 'closed', explanations: ranking.filter((u) => u.mustExplain).map((u) => u.orgName) } });
  });
  return roundView(deps, ctx, year);
}

function addDays(day: string, n: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** AR-7: the explanation a bottom unit owes, as an item of its 问题清单 (the supervision loop takes it from there). */
async function explanationItem(trx: Db, ctx: RequestContext, u: { year: number; orgId: number; rank: number; size: number; series: UnitType; total: number; deadline: string }) {
  const title = `${u.year}年度党建考核排名靠后情况说明`;
  const content = `本单位${u.year}年度党建考核得分${u.total}分，在${unitTypes.label(u.series)}系列${u.size}个单位中排名第${u.rank}位。请对照考核扣分事项分析原因，形成书面说明（含整改措施）报市直机关工委。`;
  const { id } = await trx
    .insertInto('list_item')
    .values({ org_id: u.orgId, year: u.year, list_kind: 'problem', source: 'assessment', category: '考核排名靠后说明', title, content, evidence_required: '书面情况说明（含原因分析和整改措施）', principal_name: '', responsible_name: '', leader_name: '', start_on: localDate(ctx.now), deadline: u.deadline, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(trx, id, 'created', `${u.year}年度考核定档：排名靠后，需作书面说明`, ctx.actor.userId, ctx.now);
  const admins = await repo.accountsOfOrgs(trx, [u.orgId]);
  await inboxNotifier.send(trx, admins.map((a) => ({ userId: a.user_id, kind: 'list_item' as const, title, body: `请于${u.deadline}前提交书面说明。`, link: `/lists/items/${id}`, dedupeKey: `assessment:${u.year}:explain:${u.orgId}` })), ctx.now);
  return id;
}

/** GET /api/assessments/:year/ranking: the committee's preview while scoring, everyone's (assessment.read) once published. */
export async function ranking(deps: AppDeps, ctx: RequestContext, year: number) {
  schemeReader(ctx.actor);
  const r = await requireRound(deps.db, year);
  const configure = canConfigureSchemes(ctx.actor);
  if (r.status === 'scoring' && !configure) throw forbidden('考核结果尚未公布');
  const rows = await rankingOf(deps.db, r);
  const series = unitTypes.values.map((key) => ({ key, label: unitTypes.label(key), units: rows.filter((u) => u.series === key).sort((a, b) => a.rank - b.rank || a.orgPath.localeCompare(b.orgPath)) })).filter((s) => s.units.length);
  return { year, status: r.status, asOf: r.as_of, published: r.status !== 'scoring', bands: r.content.bands, series };
}

/** GET /api/assessments/:year/units/:orgId: one unit's score sheet, every indicator with its records (AR-3). */
export async function unitSheet(deps: AppDeps, ctx: RequestContext, year: number, orgId: number) {
  schemeReader(ctx.actor);
  const r = await requireRound(deps.db, year);
  const configure = canConfigureSchemes(ctx.actor);
  const scorer = scoredBy(r.content, ctx.actor.userId).length > 0;
  const one = await unitData(deps.db, r, orgId);
  const u = one.units[0];
  if (!u || !mayReadUnitSheet(ctx.actor, u.org_path, scorer)) throw notFound('考核单位');
  const speaker = unitsSpokenFor(ctx.actor).includes(orgId);
  const all = await rankingOf(deps.db, r);
  const me = all.find((x) => x.orgId === orgId)!;
  const sheet = rankUnits(r.content, one.data, r.explain_bottom)[0]!.sheet;
  const appeals = (await repo.appealsOf(deps.db, r.id, [orgId])).map((a) => ({ ...a, indicatorName: nameOf(r.content, a.indicatorKey) }));
  const today = localDate(ctx.now);
  const hidden = r.status === 'scoring' && !configure && !scorer;
  return {
    year,
    roundStatus: r.status,
    asOf: r.as_of,
    computedAt: r.computed_at,
    appealUntil: r.appeal_until,
    orgId,
    orgName: u.org_name,
    series: u.series,
    status: u.status,
    selfNote: u.self_note,
    submittedAt: u.submitted_at,
    reviewedAt: u.reviewed_at,
    returnReason: u.return_reason,
    categories: sheet.categories,
    parts: sheet.parts,
    vetoes: u.vetoes.map((v) => ({ ...v, name: r.content.vetoes.find((x) => x.key === v.key)?.name ?? v.key, capsAt: r.content.vetoes.find((x) => x.key === v.key)?.capsAt ?? '' })),
    pending: sheet.pending,
    // While scoring, a unit sees its computed indicators but not a grade or a rank (not yet decided).
    grade: hidden ? '' : me.grade,
    gradeReasons: hidden ? [] : me.gradeReasons,
    rank: hidden ? 0 : me.rank,
    seriesSize: me.seriesSize,
    appeals,
    explanation: me.explanation,
    abilities: {
      selfAssess: speaker && roundMachine.allows('score', r.status) && sheetMachine.allows('edit', u.status),
      submit: speaker && roundMachine.allows('score', r.status) && sheetMachine.allows('submit', u.status),
      review: configure && roundMachine.allows('score', r.status) && sheetMachine.allows('accept', u.status),
      setVetoes: configure && roundMachine.allows('score', r.status),
      appeal: speaker && roundMachine.allows('appeal', r.status) && !!r.appeal_until && today <= r.appeal_until,
    },
  };
}

export const nameOf = (content: SchemeContent, key: string) => content.categories.flatMap((c) => c.indicators).find((i) => i.key === key)?.name ?? key;

/** GET /api/assessments/:year/appeals: the committee sees all, a unit its own. */
export async function appealList(deps: AppDeps, ctx: RequestContext, year: number) {
  schemeReader(ctx.actor);
  const r = await requireRound(deps.db, year);
  const configure = canConfigureSchemes(ctx.actor);
  const rows = await repo.appealsOf(deps.db, r.id, configure ? undefined : unitsSpokenFor(ctx.actor));
  return { items: rows.map((a) => ({ ...a, indicatorName: nameOf(r.content, a.indicatorKey) })) };
}
