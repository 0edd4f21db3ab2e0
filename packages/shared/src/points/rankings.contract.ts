import { pageQuery, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 积分排名 and the 民主评议参考表 (issue 12 item 7, PT-13 … PT-14): members of an organisation's
 * subtree ranked by the year's points (from the snapshot computed from the records), each direct
 * child organisation's average, and a branch's printable sheet for 民主评议党员 with each member's
 * points computed live.
 */
const year = z.coerce.number().int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const orgId = z.coerce.number().int().positive('请选择组织');

export const pointRankingQuery = z.object({ ...pageQuery, orgId, year, q: text(20).optional() }).strict();
export type PointRankingQuery = z.infer<typeof pointRankingQuery>;
export const pointRankingRefreshQuery = z.object({ orgId, year }).strict();
export const pointReviewSheetQuery = z.object({ orgId, year }).strict();

export const pointRankRowDto = z.object({
  rank: int.nullable(),
  memberId: int,
  name: z.string(),
  orgName: z.string(),
  basePoints: int.nullable(),
  additions: int.nullable(),
  deductions: int.nullable(),
  total: int.nullable(),
});

export const pointRankingDto = pageOf(pointRankRowDto).extend({
  orgId: int,
  orgName: z.string(),
  year: int,
  /** Members in good standing of the subtree; how many have a computed total; the oldest computation. */
  summary: z.object({ members: int, computed: int, average: z.number().nullable(), computedAt: timestamp.nullable() }),
  children: z.array(z.object({ orgId: int, orgName: z.string(), members: int, average: z.number().nullable() })),
  canRefresh: z.boolean(),
});

export const pointRefreshDto = z.object({ members: int, computedAt: timestamp, ms: int });

export const pointReviewSheetDto = z.object({
  orgId: int,
  orgName: z.string(),
  year: int,
  generatedAt: timestamp,
  rows: z.array(z.object({ no: int, memberId: int, name: z.string(), orgName: z.string(), exempt: z.boolean(), basePoints: int, additions: int, deductions: int, total: int, rank: int.nullable() })),
});
