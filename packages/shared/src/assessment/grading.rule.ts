import type { DisciplineSeverity, HonourLevel, SchemeBand, SchemeContent, SchemeFormula } from './scheme.contract.ts';

/*
 * The grade rules of a scheme as pure functions (docs/RULES.md §10, AS-…): what scoring and the
 * ranking (later slices) apply to a year's records. Scores are kept in hundredths.
 */

const r2 = (n: number) => Math.round(n * 100) / 100;

/** AS-3: an indicator's score from its raw value, between 0 and its cap (its maxScore when the cap is null). */
export function cappedScore(raw: number, ind: { maxScore: number; cap: number | null }): number {
  const top = Math.min(ind.maxScore, ind.cap ?? ind.maxScore);
  return r2(Math.min(Math.max(raw, 0), top));
}

/**
 * AS-3: a rate measure (compliance, closed on time): full marks at or above `fullAt` percent,
 * nothing at or below `zeroAt`, linear between.
 */
export function rateScore(maxScore: number, ratePercent: number, p: { fullAt: number; zeroAt: number }): number {
  if (ratePercent >= p.fullAt) return r2(maxScore);
  if (ratePercent <= p.zeroAt) return 0;
  return r2((maxScore * (ratePercent - p.zeroAt)) / (p.fullAt - p.zeroAt));
}

export type DeductionLine = { event: string; count: number; points: number; deducted: number };

/**
 * AS-10: a deduction indicator: maxScore minus the points of each event, the deduction at most the
 * cap (its maxScore when null), never below 0. Events of a kind the table does not name deduct
 * nothing and are reported as unknown.
 */
export function deductionScore(
  ind: { maxScore: number; cap: number | null },
  rows: { event: string; points: number }[],
  events: { event: string; count: number }[],
): { score: number; deducted: number; lines: DeductionLine[]; unknown: string[] } {
  const lines: DeductionLine[] = [];
  const unknown: string[] = [];
  for (const e of events) {
    const row = rows.find((r) => r.event === e.event);
    if (!row) {
      unknown.push(e.event);
      continue;
    }
    lines.push({ event: e.event, count: e.count, points: row.points, deducted: r2(row.points * e.count) });
  }
  const total = r2(lines.reduce((s, l) => s + l.deducted, 0));
  const deducted = Math.min(total, ind.cap ?? ind.maxScore, ind.maxScore);
  return { score: r2(ind.maxScore - deducted), deducted: r2(deducted), lines, unknown };
}

export type DisciplineCase = { caseId: string; severity: DisciplineSeverity };

/**
 * AS-8/AS-9: the 「-1」 deduction: each case by its severity; with oncePerCase a case appears once
 * however many records name it, and a case already deducted in an earlier year's assessment
 * (`countedBefore`) is not deducted again.
 */
export function disciplineDeduction(
  cases: DisciplineCase[],
  d: SchemeFormula['discipline'],
  countedBefore: ReadonlySet<string> = new Set(),
): { deduction: number; counted: DisciplineCase[]; skipped: { caseId: string; reason: 'earlier_year' | 'duplicate' }[] } {
  const counted: DisciplineCase[] = [];
  const skipped: { caseId: string; reason: 'earlier_year' | 'duplicate' }[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    if (d.oncePerCase && countedBefore.has(c.caseId)) {
      skipped.push({ caseId: c.caseId, reason: 'earlier_year' });
      continue;
    }
    if (d.oncePerCase && seen.has(c.caseId)) {
      skipped.push({ caseId: c.caseId, reason: 'duplicate' });
      continue;
    }
    seen.add(c.caseId);
    counted.push(c);
  }
  const deduction = r2(counted.reduce((s, c) => s + (d.rows.find((r) => r.severity === c.severity)?.points ?? 0), 0));
  return { deduction, counted, skipped };
}

/** AS-7: the 「+1」 bonus: points per honour by level, at most the cap. */
export function honoursBonus(honours: HonourLevel[], h: SchemeFormula['honours']): number {
  const raw = honours.reduce((s, level) => s + (h.levels.find((l) => l.level === level)?.points ?? 0), 0);
  return r2(Math.min(raw, h.cap));
}

export type CombinedInput = {
  /** The key-inspection part: score and the maximum of the categories feeding it. */
  inspection: { score: number; max: number };
  review: { score: number; max: number };
  honours: HonourLevel[];
  cases: DisciplineCase[];
  countedBefore?: ReadonlySet<string>;
};

/**
 * AS-6: 「2+1-1」: each of the two parts scaled to 100 and weighted, plus the capped honours bonus,
 * minus the discipline deduction; never below 0.
 */
export function combinedScore(input: CombinedInput, f: SchemeFormula) {
  const bonus = honoursBonus(input.honours, f.honours);
  const discipline = disciplineDeduction(input.cases, f.discipline, input.countedBefore);
  const c = combineParts({ inspection: input.inspection, review: input.review, bonus, deduction: discipline.deduction }, f);
  return { inspection: c.inspection.weighted, review: c.review.weighted, bonus: c.bonus, deduction: c.deduction, total: c.total, countedCases: discipline.counted.map((x) => x.caseId) };
}

/**
 * AS-6 on a score sheet: the two parts (score and maximum of the categories feeding each) scaled
 * to 100 and weighted, plus the bonus (at most the formula's cap), minus the deduction; never below 0.
 */
export function combineParts(p: { inspection: { score: number; max: number }; review: { score: number; max: number }; bonus: number; deduction: number }, f: Pick<SchemeFormula, 'inspectionWeight' | 'reviewWeight' | 'honours'>) {
  const scaled = (x: { score: number; max: number }) => (x.max > 0 ? (x.score / x.max) * 100 : 0);
  const inspection = { score: r2(p.inspection.score), max: p.inspection.max, weighted: r2(f.inspectionWeight * scaled(p.inspection)) };
  const review = { score: r2(p.review.score), max: p.review.max, weighted: r2(f.reviewWeight * scaled(p.review)) };
  const bonus = r2(Math.min(p.bonus, f.honours.cap));
  const deduction = r2(p.deduction);
  return { inspection, review, bonus, deduction, total: r2(Math.max(0, inspection.weighted + review.weighted + bonus - deduction)) };
}

/** AS-4: the grade of a score: the first band (highest first) whose line it reaches. */
export function gradeOf(score: number, bands: SchemeBand[]): string {
  return (bands.find((b) => score >= b.minScore) ?? bands[bands.length - 1]!).grade;
}

const rankOf = (grade: string, bands: SchemeBand[]) => bands.findIndex((b) => b.grade === grade);

/** AS-5: a grade capped by the 一票否决 items a unit hit: the lowest of its grade and their caps. */
export function vetoCapped(grade: string, caps: string[], bands: SchemeBand[]): string {
  let worst = rankOf(grade, bands);
  for (const c of caps) worst = Math.max(worst, rankOf(c, bands));
  return bands[worst]!.grade;
}

/** AS-11: competition ranking: equal scores share a rank, the next rank skips (1, 1, 3). */
export function rankWithTies<T extends { score: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || row.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...row, rank };
  });
}

export type UnitResult = { orgId: number; series: string; score: number; vetoes: string[] };
export type GradedUnit = UnitResult & { rank: number; grade: string; reasons: string[] };

/**
 * AS-4/5/11: rank every unit within its series, grade it by the bands, cap by its vetoes, then
 * the series rules: the last of a series (of two or more units) is never 优秀, and with a quota at
 * most ⌊n × quota%⌋ units of a series are 优秀 — a tie that straddles the quota line is not 优秀
 * (the quota is never exceeded). A unit that loses 优秀 takes the next band. `reasons` says why.
 */
export function gradeUnits(units: UnitResult[], content: Pick<SchemeContent, 'bands' | 'rules' | 'vetoes'>): GradedUnit[] {
  const { bands, rules } = content;
  const top = bands[0]!.grade;
  const second = bands[1]?.grade ?? top;
  const out: GradedUnit[] = [];
  const series = [...new Set(units.map((u) => u.series))];
  for (const s of series) {
    const ranked = rankWithTies(units.filter((u) => u.series === s));
    const n = ranked.length;
    const lastRank = ranked[n - 1]!.rank;
    const quota = rules.excellentQuota === null ? n : Math.floor((n * rules.excellentQuota) / 100);
    for (const u of ranked) {
      const reasons: string[] = [];
      let grade = gradeOf(u.score, bands);
      const capsAt = u.vetoes.map((v) => content.vetoes.find((x) => x.key === v)?.capsAt).filter((c): c is '基本合格' | '不合格' => !!c);
      const capped = vetoCapped(grade, capsAt, bands);
      if (capped !== grade) reasons.push(`一票否决：降为${capped}`);
      grade = capped;
      if (grade === top && rules.lastInSeriesNotExcellent && n > 1 && u.rank === lastRank) {
        grade = second;
        reasons.push('本系列排名最后，不得评为优秀');
      }
      const tiedThrough = u.rank + ranked.filter((x) => x.rank === u.rank).length - 1;
      if (grade === top && tiedThrough > quota) {
        grade = second;
        reasons.push(`超出优秀比例（${rules.excellentQuota}%，本系列至多${quota}个）`);
      }
      out.push({ ...u, grade, reasons });
    }
  }
  return out;
}
