import { id, idParam, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { itemStatuses, listKinds } from './list.contract.ts';
import { rectificationSummaryDto } from './rectification.contract.ts';

// ── The committee's overview and the ledger ───────────────────────────────────────────────────

export const overviewQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    /** Whose units: the organisations directly below it (default: the caller's highest organisation). */
    orgId: idParam.optional(),
  })
  .strict();

const overviewCounts = {
  items: int,
  closed: int,
  /** closed ÷ items, in percent with one decimal; null when there is nothing to count. */
  completionRate: z.number().nullable(),
  red: int,
  yellow: int,
  blue: int,
  overdue: int,
  /** Decisions waiting for the level above: each claimed milestone, pending adjustment and submitted closing. */
  pending: int,
  /** Findings of inspections (问题清单 from 督查) and how many are rectified (已整改). */
  findings: int,
  rectified: int,
  /** Cards in force (黄牌、橙牌、红牌 …, not withdrawn) issued in the year to the unit or below. */
  cards: int,
};

/** One unit of the overview (its whole subtree); units with nothing on their lists still appear. */
export const overviewRowDto = z.object({ orgId: int, orgName: z.string(), ...overviewCounts });
export const overviewDto = z.object({
  year: int,
  org: z.object({ id: int, name: z.string() }),
  /** The organisation's own items (not in any unit below it). */
  own: z.object(overviewCounts),
  rows: z.array(overviewRowDto),
  totals: z.object(overviewCounts),
});
export type Overview = z.infer<typeof overviewDto>;

export const ledgerQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), orgId: idParam }).strict();

// ── 清单台账 (printable) ─────────────────────────────────────────────────────────────────────────

/**
 * One row of the 清单台账 sheet, as the Excel has it: the cells are the server's text (the Excel and
 * the printed ledger come from one function); `light` and `status` are the codes for colouring.
 */
export const ledgerItemDto = z.object({
  id: int,
  seq: int,
  title: z.string(),
  content: z.string(),
  listKind: z.enum(listKinds.values),
  listKindName: z.string(),
  category: z.string(),
  orgName: z.string(),
  /** 协办单位 */
  assists: z.array(z.string()),
  responsible: z.string(),
  leader: z.string(),
  /** 时间表: 「1. 节点 · 时间 · 权重 · 状态」 */
  timetable: z.array(z.string()),
  /** 路线图 */
  route: z.array(z.string()),
  deadline: day,
  /** 「应完成% / 已确认%（进度状态）」 */
  progress: z.string(),
  /** null once closed (a closed item shows no light). */
  light: z.enum(['none', 'blue', 'yellow', 'red']).nullable(),
  lightName: z.string(),
  status: z.enum(itemStatuses.values),
  statusName: z.string(),
  /** 「日期 销号：情况」, '' while open. */
  closing: z.string(),
});

/** One row of the 整改台账 sheet: 问题、措施、责任人、时限、进展、销号. */
export const ledgerFindingDto = z.object({
  id: int,
  seq: int,
  title: z.string(),
  content: z.string(),
  orgName: z.string(),
  inspectionTitle: z.string(),
  findingClass: z.string(),
  severityName: z.string(),
  principalName: z.string(),
  leaderName: z.string(),
  /** 「1. 措施 · 责任人 · 时限 · 状态（完成情况）」 */
  measures: z.array(z.string()),
  deadline: day,
  /** 整改进展, with （立行立改）. */
  progress: z.string(),
  /** 「日期 结论：情况（验收人：…）」, '' until verified. */
  closing: z.string(),
});

/** The ledger of an organisation's subtree for a year, for printing: both sheets and the sentence. */
export const ledgerDto = z.object({
  org: z.object({ id: int, name: z.string() }),
  year: int,
  generatedAt: timestamp,
  items: z.array(ledgerItemDto),
  findings: z.array(ledgerFindingDto),
  summary: rectificationSummaryDto,
});
export type Ledger = z.infer<typeof ledgerDto>;
export type LedgerItem = z.infer<typeof ledgerItemDto>;
export type LedgerFinding = z.infer<typeof ledgerFindingDto>;
