import type { Kysely } from 'kysely';
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

/** The whole ranking of a round, with each unit's row facts (AS-4/5/11, AR-7). */
export async function rankingOf(db: Db, round: repo.RoundRow) {
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
