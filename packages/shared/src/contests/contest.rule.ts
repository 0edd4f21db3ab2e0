/**
 * Pure rules of 知识竞赛 (contests, RULES §9.13, CT-1 … CT-8): which phase a day falls in, the
 * impossible-speed flag, which attempts count, the ranking order and the organisation figures.
 * No clock, no database.
 */

export type ContestPhase = 'before' | 'practice' | 'between' | 'contest' | 'after';

/** CT-2: the phase of a Beijing calendar day (YYYY-MM-DD) in a contest's windows (both ends inclusive). */
export function contestPhase(w: { practiceFrom: string; practiceTo: string; contestFrom: string; contestTo: string }, day: string): ContestPhase {
  if (day < w.practiceFrom) return 'before';
  if (day <= w.practiceTo) return 'practice';
  if (day < w.contestFrom) return 'between';
  if (day <= w.contestTo) return 'contest';
  return 'after';
}

/** CT-4: the answering time of an attempt — from its start to its submission, never past its deadline (an attempt closed late by the server is not slower than its limit). */
export function attemptDurationMs(startedAt: Date, submittedAt: Date, deadlineAt: Date): number {
  return Math.max(0, Math.min(submittedAt.getTime(), deadlineAt.getTime()) - startedAt.getTime());
}

/** CT-5: faster than `questions × minSecondsPerQuestion` is impossible speed (异常); 0 turns the flag off. */
export function impossibleSpeed(durationMs: number, questions: number, minSecondsPerQuestion: number): boolean {
  return minSecondsPerQuestion > 0 && questions > 0 && durationMs < questions * minSecondsPerQuestion * 1000;
}

export type FlagState = 'none' | 'flagged' | 'cleared' | 'confirmed';
/** CT-5: an attempt counts for the ranking unless it is flagged and not yet cleared, or the flag was confirmed. */
export const countsForRanking = (flag: FlagState) => flag === 'none' || flag === 'cleared';

export type RankEntry = { score: number; durationMs: number; submittedAt: Date | string };

/** CT-6: the ranking order — higher score, then less time, then the earlier submission. Negative when a ranks before b. */
export function compareEntries(a: RankEntry, b: RankEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.durationMs !== b.durationMs) return a.durationMs - b.durationMs;
  return new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime();
}

/** CT-6: a member's counted attempt — the best of their submitted, scored attempts that count (null when none does). */
export function bestAttempt<T extends Omit<RankEntry, 'score'> & { score: number | null; flag: FlagState }>(attempts: readonly T[]): (T & { score: number }) | null {
  const counted = attempts.filter((a): a is T & { score: number } => a.score !== null && countsForRanking(a.flag));
  return counted.length ? [...counted].sort(compareEntries)[0] : null;
}

/** CT-3: whether a member may start another attempt today. */
export const dailyLimitReached = (startedToday: number, limit: number) => startedToday >= limit;

/** CT-7: participation rate in percent with one decimal (members 0 → 0). */
export function participationRate(participants: number, members: number): number {
  if (members <= 0) return 0;
  return Math.round((participants / members) * 1000) / 10;
}

/** CT-7: an average score with one decimal; null when nobody has a counted score. */
export function averageScore(total: number, count: number): number | null {
  return count > 0 ? Math.round((total / count) * 10) / 10 : null;
}

/** A name as other members see it on a ranking: the surname and * for the rest (张*明 → 张**). */
export function maskMemberName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}
