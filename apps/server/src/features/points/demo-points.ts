import type { Kysely } from 'kysely';
import { DEFAULT_POINT_BASE, DEFAULT_POINT_FLOOR, DEFAULT_POINT_ITEMS, localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { scoreMembers } from './point-rankings.service.ts';

/**
 * The demo's rule set: this year's default (PT-3, L), published by the committee and in force from
 * 1 January, so the demo's approved meetings already earn points.
 */
export async function seedPoints(trx: Kysely<DB>, opts: { now: Date; creatorId: number | null }) {
  const year = Number(localDate(opts.now).slice(0, 4));
  await trx
    .insertInto('point_rule_set')
    .values({
      year,
      version: 1,
      status: 'published',
      effective_from: `${year}-01-01`,
      base_points: DEFAULT_POINT_BASE,
      floor: DEFAULT_POINT_FLOOR,
      items: JSON.stringify(DEFAULT_POINT_ITEMS),
      note: '默认规则（取自各地积分制办法的常见做法，可按本地办法修订）',
      created_by: opts.creatorId,
      created_at: opts.now,
      updated_at: opts.now,
      published_by: opts.creatorId,
      published_at: opts.now,
    })
    .execute();
}

/**
 * The demo's 积分排名 (PT-13): every member's total for the year computed from the demo's records, as
 * 重新统计 would; run after every other demo seed so exams, classes and meetings all count.
 */
export async function seedPointTotals(trx: Kysely<DB>, opts: { now: Date }) {
  const year = Number(localDate(opts.now).slice(0, 4));
  const members = await trx.selectFrom('member').select(['id', 'flowing', 'retired']).where('status', '=', 'normal').execute();
  const scored = await scoreMembers(trx, year, members);
  for (let i = 0; i < scored.length; i += 1000)
    await trx
      .insertInto('point_total')
      .values(scored.slice(i, i + 1000).map((s) => ({ year, member_id: s.memberId, base_points: s.basePoints, additions: s.additions, deductions: s.deductions, total: s.total, computed_at: opts.now })))
      .execute();
}
