import { z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';

/**
 * 学习强国 import (issue 12 item 6; seed 003: 「学习强国」参与与积分): the Excel an organisation receives
 * from the 学习强国 management side — member, period, points — matched to our members. Rules XX-1 …
 * in docs/RULES.md §9.9. Nothing is computed from the app's own rules (they change, practice.md
 * §3.2): we store the points as received, per member and month.
 */

/** XX-2: 「2026-11」, 「2026/11」, 「2026年11月」, 「202611」, an Excel date → 2026-11; otherwise null. */
export function parsePeriod(cell: string): string | null {
  const t = cell.trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T].*)?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/** XX-3: points are whole, 0 … 100000 (a month's 学习强国 points are a few hundred to a few thousand). */
export function parsePoints(cell: string): number | null {
  const t = cell.trim().replace(/,/g, '');
  if (!/^\d+(\.0+)?$/.test(t)) return null;
  const n = Number(t);
  return n <= 100_000 ? n : null;
}

export type XuexiCandidate = { id: number; name: string; orgName: string; phoneLast4: string | null; idLast4: string | null };
export type XuexiRowKeys = { name: string; org?: string; phone4?: string; id4?: string };

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * XX-4: a row is matched by name within the importer's subtree; when several members share the
 * name, the optional columns (organisation, phone or ID-card last four) narrow it to one. The
 * answer is the member, or why not, in Chinese.
 */
export function matchMember(row: XuexiRowKeys, byName: readonly XuexiCandidate[]): { memberId: number } | { reason: string } {
  let c = byName.filter((m) => squash(m.name) === squash(row.name));
  if (!c.length) return { reason: '本组织范围内没有该姓名的党员' };
  const narrow = (pred: (m: XuexiCandidate) => boolean) => {
    const n = c.filter(pred);
    if (n.length) c = n;
    return n.length;
  };
  if (row.org && c.length > 1) narrow((m) => squash(m.orgName).includes(squash(row.org!)) || squash(row.org!).includes(squash(m.orgName)));
  if (row.phone4 && c.length > 1 && !narrow((m) => m.phoneLast4 === row.phone4!.trim().slice(-4))) return { reason: '同名党员的手机号后四位均不符' };
  if (row.id4 && c.length > 1 && !narrow((m) => m.idLast4 === row.id4!.trim().slice(-4).toUpperCase())) return { reason: '同名党员的身份证号后四位均不符' };
  if (c.length > 1) return { reason: `同名党员${c.length}人，请在表中补充“所在组织”“手机号后四位”或“身份证后四位”` };
  return { memberId: c[0].id };
}

export const xuexiImportQuery = z
  .object({
    orgId: z.coerce.number().int().positive(),
    /** The month for rows without a 周期 column or cell (2026-11). */
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '统计周期格式应为 YYYY-MM').optional(),
    dryRun: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const xuexiRowProblemDto = z.object({ row: int, name: z.string(), reason: z.string() });
export const xuexiImportResultDto = z.object({
  dryRun: z.boolean(),
  importId: int.nullable(),
  rows: int,
  matched: int,
  periods: z.array(z.string()),
  unmatched: z.array(xuexiRowProblemDto),
});

export const xuexiImportDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  fileName: z.string(),
  periods: z.array(z.string()),
  rows: int,
  matched: int,
  unmatched: z.array(xuexiRowProblemDto),
  importedBy: z.string(),
  importedAt: timestamp,
});
export const xuexiImportListDto = z.object({ items: z.array(xuexiImportDto) });

export const xuexiStatsQuery = z.object({ orgId: z.coerce.number().int().positive().optional(), period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '统计周期格式应为 YYYY-MM') }).strict();
const statsRow = z.object({ orgId: int, orgName: z.string(), members: int, participants: int, rate: z.number(), average: z.number(), averageOfParticipants: z.number() });
export const xuexiStatsDto = z.object({
  period: z.string(),
  periods: z.array(z.string()),
  total: statsRow,
  children: z.array(statsRow),
  lastImportOn: day.nullable(),
});
