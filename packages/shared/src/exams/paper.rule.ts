import { difficulties, questionTypes, type Difficulty, type QuestionType } from './question.contract.ts';

/**
 * Pure rules of papers and attempts (EX-4 … EX-7): the seeded random draw of a paper, the per-person
 * shuffle, the scoring of each question type, and which attempt counts. No clock, no database: the
 * same inputs give the same answer, so a paper can be drawn again from its seed to check it.
 */

/** mulberry32: a small, fast PRNG; the same 32-bit seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator: a new array, the input untouched. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rnd = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One rule of a random paper: `count` questions of a type (and difficulty, and tag, when given), each worth `score`. */
export type DrawRule = { type: QuestionType; difficulty?: Difficulty | null; tag?: string | null; count: number; score: number };
export type DrawCandidate = { id: number; type: QuestionType; difficulty: Difficulty; tags: string[] };
export type DrawnQuestion = { questionId: number; score: number; rule: number };

export function ruleLabel(r: Pick<DrawRule, 'type' | 'difficulty' | 'tag'>): string {
  return [questionTypes.label(r.type), r.difficulty ? difficulties.label(r.difficulty) : null, r.tag ? `标签“${r.tag}”` : null].filter(Boolean).join('·');
}

const matches = (r: DrawRule) => (q: DrawCandidate) => q.type === r.type && (!r.difficulty || q.difficulty === r.difficulty) && (!r.tag || q.tags.includes(r.tag));

/**
 * Fills every rule's places with distinct questions: one place per question asked for, matched to
 * the bank by augmenting paths (so rules that share questions — 单选题 of any difficulty, and
 * 单选题·难 — are met whenever any assignment can meet them). Candidates are tried in a seeded
 * order per rule, so the same seed gives the same paper.
 */
function assign(rules: readonly DrawRule[], bank: readonly DrawCandidate[], seed: number) {
  const sorted = [...bank].sort((a, b) => a.id - b.id);
  const candidates = rules.map((r, i) => seededShuffle(sorted.filter(matches(r)), (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0));
  const slots = rules.flatMap((r, i) => Array.from({ length: r.count }, () => i));
  const holder = new Map<number, number>(); // question id → slot
  const placed = new Array<DrawCandidate | null>(slots.length).fill(null);
  const tryPlace = (slot: number, seen: Set<number>): boolean => {
    for (const q of candidates[slots[slot]]) {
      if (seen.has(q.id)) continue;
      seen.add(q.id);
      const other = holder.get(q.id);
      if (other === undefined || tryPlace(other, seen)) {
        holder.set(q.id, slot);
        placed[slot] = q;
        return true;
      }
    }
    return false;
  };
  slots.forEach((_, s) => tryPlace(s, new Set()));
  return { slots, placed };
}

/**
 * EX-5: what the bank lacks for these rules, one Chinese sentence per rule that cannot be met;
 * [] when it can. A question is drawn at most once, so rules that share questions are counted together.
 */
export function drawShortfalls(rules: readonly DrawRule[], bank: readonly DrawCandidate[]): string[] {
  const { slots, placed } = assign(rules, bank, 0);
  return rules.flatMap((r, i) => {
    const got = slots.filter((rule, s) => rule === i && placed[s]).length;
    return got < r.count ? [`第${i + 1}条规则（${ruleLabel(r)}）需要${r.count}道，题库中可用的只有${got}道`] : [];
  });
}

/**
 * EX-4: a random paper drawn from the bank by the rules, reproducibly: the same rules, bank and
 * seed give the same questions in the same order (the bank's order does not matter). Throws
 * DrawShortfall, naming each short rule, when the bank cannot meet them.
 */
export function drawPaper(rules: readonly DrawRule[], bank: readonly DrawCandidate[], seed: number): DrawnQuestion[] {
  const short = drawShortfalls(rules, bank);
  if (short.length) throw new DrawShortfall(short);
  const { slots, placed } = assign(rules, bank, seed);
  return slots.map((rule, s) => ({ questionId: placed[s]!.id, score: rules[rule].score, rule }));
}

export class DrawShortfall extends Error {
  constructor(readonly shortfalls: string[]) {
    super(`题库题目不足：${shortfalls.join('；')}`);
  }
}

// ── Scoring (EX-6) ─────────────────────────────────────────────────────────────────────────────

/** How a multiple-choice answer that picks some right options and no wrong one scores (L: none by default). */
export type PartialCredit = 'none' | 'half';

export type Scored = { score: number | null; correct: boolean | null };

const norm = (s: string) => s.trim().replace(/\s+/g, '').toLowerCase();

/**
 * The score of one answer: objective types by the key; a short answer is `null` (waits for a
 * marker). No answer scores 0. Scores are whole or half points (half credit rounds down to 0.5).
 */
export function scoreAnswer(q: { type: QuestionType; answer: string[] }, given: readonly string[] | null | undefined, full: number, partial: PartialCredit = 'none'): Scored {
  if (q.type === 'short') return { score: null, correct: null };
  const g = (given ?? []).map((x) => x.trim()).filter(Boolean);
  if (!g.length) return { score: 0, correct: false };
  switch (q.type) {
    case 'single':
    case 'judge': {
      const ok = g.length === 1 && g[0] === q.answer[0];
      return { score: ok ? full : 0, correct: ok };
    }
    case 'multiple': {
      const key = new Set(q.answer);
      const picked = new Set(g);
      const wrong = [...picked].some((x) => !key.has(x));
      const ok = !wrong && picked.size === key.size;
      if (ok) return { score: full, correct: true };
      if (!wrong && partial === 'half') return { score: Math.floor(full) === full ? full / 2 : Math.floor(full) / 2, correct: false };
      return { score: 0, correct: false };
    }
    case 'fill': {
      const ok = g.length === 1 && q.answer.some((a) => norm(a) === norm(g[0]));
      return { score: ok ? full : 0, correct: ok };
    }
  }
}

/** EX-7: which attempt counts — the best score, or the last submitted one. Unmarked attempts (null score) do not count yet. */
export type CountingRule = 'best' | 'last';
export function countedAttempt<T extends { attemptNo: number; score: number | null }>(attempts: readonly T[], rule: CountingRule): T | null {
  const scored = attempts.filter((a) => a.score !== null);
  if (!scored.length) return null;
  if (rule === 'last') return scored.reduce((a, b) => (b.attemptNo > a.attemptNo ? b : a));
  return scored.reduce((a, b) => (b.score! > a.score! || (b.score === a.score && b.attemptNo < a.attemptNo) ? b : a));
}
