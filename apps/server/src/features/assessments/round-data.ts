import { sql, type Kysely } from 'kysely';
import { itemStatuses, type SchemeContent, type SchemeIndicator } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import * as repo from './rounds.repository.ts';
import { rankUnits, type UnitData } from './sheets.ts';

type Db = Kysely<DB>;

/** The year's round, or 404 in Chinese. */
export async function requireRound(db: Db, year: number, lock: 'update' | 'share' | false = false) {
  const r = await repo.findRound(db, year, lock);
  if (!r) throw notFound(`${year}年度考核`);
  return r;
}

export function indicatorOf(content: SchemeContent, key: string): { ind: SchemeIndicator; categoryName: string } {
  for (const c of content.categories) {
    const ind = c.indicators.find((i) => i.key === key);
    if (ind) return { ind, categoryName: c.name };
  }
  throw validation(`考核方案中没有指标“${key}”`, [{ field: 'indicatorKey', message: '考核方案中没有该指标' }]);
}

/** The indicators an account scores (AS-12: named on the indicator's department). */
export const scoredBy = (content: SchemeContent, userId: number) => content.categories.flatMap((c) => c.indicators.filter((i) => i.department.userIds.includes(userId)).map((ind) => ({ ind, categoryName: c.name })));

/** The most an indicator may give: its cap, or its maxScore. */
export const topOf = (ind: SchemeIndicator) => Math.min(ind.maxScore, ind.cap ?? ind.maxScore);

export function checkScore(ind: SchemeIndicator, score: number, field = 'score') {
  const top = topOf(ind);
  if (score > top) throw validation(`“${ind.name}”最高${top}分`, [{ field, message: `最高${top}分` }]);
}

export function requireStatus(round: repo.RoundRow, allowed: repo.RoundRow['status'][], message: string) {
  if (!allowed.includes(round.status)) throw conflict(message);
}

/** Every unit's data for the ranking (no events), or one unit's with its events and history. */
export async function unitData(db: Db, round: repo.RoundRow, orgId?: number, withEvents = orgId !== undefined) {
  const [units, scores, deductions] = await Promise.all([repo.unitRows(db, round.id, orgId, withEvents), repo.scoresOf(db, round.id, orgId), repo.deductionsOf(db, round.id, orgId)]);
  const changes = orgId !== undefined ? await repo.changesOf(db, round.id, orgId) : [];
  const data: UnitData[] = units.map((u) => ({
    orgId: u.org_id,
    series: u.series,
    computed: u.computed,
    events: withEvents ? (u as repo.UnitRow).events : undefined,
    scores: scores.filter((s) => s.orgId === u.org_id),
    deductions: deductions.filter((d) => d.orgId === u.org_id),
    changes,
    vetoes: u.vetoes,
  }));
  return { units, data };
}

/**
 * The whole ranking of a round, with each unit's row facts (AS-4/5/11, AR-7), kept in memory per
 * round and state. The state is a digest, computed by the database in one statement, of everything
 * the ranking is made of (rankingState): when any of it changes — in this process or another —
 * the digest changes and the ranking is computed again; otherwise the ranking page and every
 * sheet reuse it instead of reading and grading every unit again (docs/benchmarks.md, issue 11).
 * Inside a transaction the digest sees the transaction's own writes, so a transition grades what
 * it is about to commit. Callers must not change the rows they get.
 */
export async function rankingOf(db: Db, round: repo.RoundRow) {
  const state = `${round.scheme_id}:${round.explain_bottom}:${await rankingState(db, round.id)}`;
  const hit = rankings.get(round.id);
  if (hit && hit.state === state) return hit.rows;
  const rows = await computeRanking(db, round);
  rankings.set(round.id, { state, rows });
  return rows;
}
const rankings = new Map<number, { state: string; rows: Awaited<ReturnType<typeof computeRanking>> }>();

/**
 * The digest of a round's ranking inputs: each unit's organisation (name, path), series, status,
 * vetoes and explanation item, and the row's version (xmin: the transaction that last wrote it —
 * it stands for the computed indicators, whose JSON would cost more to digest than the rest
 * together); every score; every recorded deduction; the open appeals; the explanation items'
 * status and deadline. Not in it, but in rankingOf's key: the scheme (a round's never changes once
 * published) and explain_bottom. (Two writes of one unit row in one transaction share an xmin;
 * no service reads the ranking between two such writes.)
 */
export async function rankingState(db: Db, roundId: number) {
  const { rows } = await sql<{ v: string }>`
    select md5(concat_ws('#',
      (select string_agg(concat_ws('|', u.org_id, u.xmin::text, o.name, o.path, u.series, u.status, u.vetoes::text, u.explanation_item_id), ';' order by u.org_id)
         from assessment_unit u join org o on o.id = u.org_id where u.round_id = ${roundId}),
      (select string_agg(concat_ws('|', s.org_id, s.indicator_key, s.kind, s.score), ';' order by s.org_id, s.indicator_key, s.kind)
         from assessment_score s where s.round_id = ${roundId}),
      (select string_agg(concat_ws('|', e.id, e.org_id, e.indicator_key, e.event, e.count), ';' order by e.id)
         from assessment_deduction_event e where e.round_id = ${roundId}),
      (select string_agg(concat_ws('|', a.id, a.org_id), ';' order by a.id)
         from assessment_appeal a where a.round_id = ${roundId} and a.status = 'open'),
      (select string_agg(concat_ws('|', i.id, i.status, i.deadline), ';' order by i.id)
         from list_item i join assessment_unit u on u.explanation_item_id = i.id where u.round_id = ${roundId})
    )) as v`.execute(db);
  return rows[0]!.v;
}

/** The ranking computed from the stored rows (what rankingOf keeps). */
export async function computeRanking(db: Db, round: repo.RoundRow) {
  const { units, data } = await unitData(db, round);
  const ranked = rankUnits(round.content, data, round.explain_bottom);
  const items = await repo.explanationItems(db, units.flatMap((u) => (u.explanation_item_id ? [u.explanation_item_id] : [])));
  const appeals = await db.selectFrom('assessment_appeal').select(['org_id']).where('round_id', '=', round.id).where('status', '=', 'open').execute();
  const unitOf = new Map(units.map((u) => [u.org_id, u]));
  return ranked.map((r) => {
    const u = unitOf.get(r.orgId)!;
    const item = items.find((i) => i.id === u.explanation_item_id);
    return {
      orgId: r.orgId,
      orgName: u.org_name,
      orgPath: u.org_path,
      series: u.series,
      status: u.status,
      parts: r.sheet.parts,
      pending: r.sheet.pending,
      vetoes: u.vetoes.length,
      grade: r.grade,
      gradeReasons: r.reasons,
      rank: r.rank,
      seriesSize: r.seriesSize,
      mustExplain: r.mustExplain,
      explanation: item ? { itemId: item.id, status: item.status, statusLabel: itemStatuses.label(item.status as never) || item.status, deadline: item.deadline } : null,
      openAppeals: appeals.filter((a) => a.org_id === r.orgId).length,
    };
  });
}

/** AS-12: the newest round still in 评分中 on which this account scores some indicator, or null (the session's `scoringYear`). */
export async function scoringYearOf(db: Db, userId: number): Promise<number | null> {
  return (await repo.scoringRounds(db)).find((r) => scoredBy(r.content, userId).length > 0)?.year ?? null;
}
