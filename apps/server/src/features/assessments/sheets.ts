import { cappedScore, combineParts, deductionScore, gradeUnits, measureLabel, type IndicatorResult, type SchemeContent, type SchemePart, type ScoreEvent, type UnitType } from '@xianfeng/shared';
import type { ComputedIndicator } from '../../db/schema-assessment-rounds.ts';

/*
 * A unit's score sheet from what is stored (AR-3): computed indicators as of the round's date,
 * the departments' scores, the recorded deduction events, the unit's self-assessment and the
 * scores upheld appeals set. Pure: the same data always gives the same sheet, so the published
 * ranking and a sheet read a year later agree with each other and with the records.
 */

export type StoredScore = { indicatorKey: string; kind: 'self' | 'department' | 'appeal'; score: number; note: string; evidence: string; by: string | null; at: Date };
export type StoredDeduction = { id: number; indicatorKey: string; event: string; occurredOn: string; count: number; note: string; by: string | null };
export type StoredChange = { indicatorKey: string; from: number | null; to: number; reason: string; by: string | null; at: Date; appealId: number | null };
export type UnitData = {
  orgId: number;
  series: UnitType;
  computed: Record<string, ComputedIndicator>;
  /** Only for a full sheet; the ranking leaves them out. */
  events?: Record<string, ScoreEvent[]>;
  scores: StoredScore[];
  deductions: StoredDeduction[];
  changes?: StoredChange[];
  vetoes: { key: string; reason: string }[];
};

const r2 = (n: number) => Math.round(n * 100) / 100;

export function buildSheet(content: SchemeContent, d: UnitData) {
  let pending = 0;
  const categories = content.categories.map((cat) => {
    const indicators = cat.indicators.map((ind): IndicatorResult => {
      const mine = (kind: StoredScore['kind']) => d.scores.find((s) => s.indicatorKey === ind.key && s.kind === kind);
      const dept = mine('department');
      const self = mine('self');
      const appeal = mine('appeal');
      const computed = d.computed[ind.key];
      let original: number | null;
      let summary: string;
      let events: ScoreEvent[] = d.events?.[ind.key] ?? [];
      const more = computed?.moreEvents ?? 0;
      const m = ind.method;
      if (m.kind === 'computed') {
        original = computed ? computed.score : 0;
        summary = computed ? computed.summary : '尚未计算';
      } else if (m.kind === 'manual') {
        original = dept ? cappedScore(dept.score, ind) : null;
        summary = dept ? `${ind.department.name}评分${dept.score}分` : `待${ind.department.name}评分`;
        if (dept) events = [{ label: `${ind.department.name}评分：${dept.note || '（无评语）'}${dept.evidence ? `；依据：${dept.evidence}` : ''}`, date: null, points: dept.score, ref: null }];
      } else {
        // System-found events (stored with the computation) plus those the department recorded.
        const recorded = d.deductions.filter((x) => x.indicatorKey === ind.key);
        const counts = new Map<string, number>();
        const systemRow = m.rows.find((r) => r.event === 'meeting_not_recorded');
        if (systemRow && computed?.raw) counts.set(systemRow.event, computed.raw);
        for (const x of recorded) counts.set(x.event, (counts.get(x.event) ?? 0) + x.count);
        const res = deductionScore(ind, m.rows, [...counts].map(([event, count]) => ({ event, count })));
        original = res.score;
        const label = (e: string) => m.rows.find((r) => r.event === e)?.label ?? e;
        summary = res.lines.length ? `${res.lines.map((l) => `${label(l.event)}${l.count}次，扣${l.deducted}分`).join('；')}${res.deducted < r2(res.lines.reduce((s, l) => s + l.deducted, 0)) ? `（扣分以${res.deducted}分为限）` : ''}` : '无扣分事项';
        events = [
          ...(d.events?.[ind.key] ?? []),
          ...recorded.map((x) => ({ label: `${label(x.event)}：${x.note}${x.count > 1 ? `（${x.count}次）` : ''}`, date: x.occurredOn, points: -r2((m.rows.find((r) => r.event === x.event)?.points ?? 0) * x.count), ref: { type: 'deduction' as const, id: x.id } })),
        ];
      }
      if (original === null) pending++;
      const score = appeal ? appeal.score : original;
      if (appeal) summary += `；经申诉调整为${appeal.score}分`;
      return {
        key: ind.key,
        name: ind.name,
        method: m.kind,
        measure: m.kind === 'computed' ? m.measure : null,
        department: ind.department.name,
        maxScore: ind.maxScore,
        score,
        originalScore: original,
        summary: m.kind === 'computed' && !computed ? `${measureLabel(m.measure)}：尚未计算` : summary,
        events,
        moreEvents: more,
        selfScore: self ? self.score : null,
        selfNote: self?.note ?? '',
        comment: dept?.note ?? '',
        evidence: dept?.evidence ?? '',
        scoredBy: (appeal ?? dept)?.by ?? null,
        scoredAt: (appeal ?? dept)?.at ?? null,
        changes: (d.changes ?? []).filter((c) => c.indicatorKey === ind.key).map(({ indicatorKey: _k, ...c }) => c),
      };
    });
    return { key: cat.key, name: cat.name, part: cat.part as SchemePart, maxScore: cat.maxScore, score: r2(indicators.reduce((s, i) => s + (i.score ?? 0), 0)), indicators };
  });
  const sumOf = (part: string) => categories.filter((c) => c.part === part);
  const partOf = (part: 'inspection' | 'review') => ({ score: r2(sumOf(part).reduce((s, c) => s + c.score, 0)), max: r2(sumOf(part).reduce((s, c) => s + c.maxScore, 0)) });
  const parts = combineParts(
    { inspection: partOf('inspection'), review: partOf('review'), bonus: r2(sumOf('bonus').reduce((s, c) => s + c.score, 0)), deduction: r2(sumOf('deduction').reduce((s, c) => s + c.score, 0)) },
    content.formula,
  );
  return { categories, parts, pending };
}

/**
 * AS-4/5/11 and AR-7: every unit's total, its rank and grade within its series by the scheme's
 * rules, and whether it is among the bottom `explainBottom` of its series — counted from the
 * bottom with ties kept together, so units sharing the last place all explain.
 */
export function rankUnits(content: SchemeContent, units: UnitData[], explainBottom: number) {
  const sheets = new Map(units.map((u) => [u.orgId, buildSheet(content, u)]));
  const graded = gradeUnits(
    units.map((u) => ({ orgId: u.orgId, series: u.series, score: sheets.get(u.orgId)!.parts.total, vetoes: u.vetoes.map((v) => v.key) })),
    content,
  );
  const bySeries = new Map<string, typeof graded>();
  for (const g of graded) bySeries.set(g.series, [...(bySeries.get(g.series) ?? []), g]);
  return graded.map((g) => {
    const peers = bySeries.get(g.series)!;
    const worse = peers.filter((p) => p.score < g.score).length;
    return { ...g, sheet: sheets.get(g.orgId)!, seriesSize: peers.length, mustExplain: explainBottom > 0 && peers.length > 1 && worse < explainBottom };
  });
}
