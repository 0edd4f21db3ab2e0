import { sql, type Kysely } from 'kysely';
import { BRANCH_TYPES, DEFAULT_HONOUR_RULES, addWorkdays, isEligible, localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { loadWorkCalendar } from '../supervision-settings/index.ts';
import { eligibilityOf } from './honour-nominations.service.ts';

/**
 * The demo's honours campaign (issue 11, "an honours campaign in 公示"): this year's 过硬支部, in
 * 公示 for five working days that began two working days ago, with branches of different units
 * nominated and their eligibility computed from the demo's records like any other. The branch with
 * the lowest organisational-life compliance is among them: if it falls below the threshold it was
 * not approved, its reasons on show; one objection waits for an answer.
 */
export async function seedHonours(deps: AppDeps, trx: Kysely<DB>, o: { now: Date; creatorId: number | null; reviewerId: number | null }) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  const cal = await loadWorkCalendar(trx);
  const from = addWorkdays(today, -2, cal);
  const until = addWorkdays(from, 4, cal);
  const c = await trx
    .insertInto('honour_campaign')
    .values({
      year,
      kind: 'strong_branch',
      target: 'org',
      title: `${year}年度“过硬支部”评选`,
      period_from: `${year}-01-01`,
      period_to: `${year}-12-31`,
      quota: 2,
      rules: JSON.stringify(DEFAULT_HONOUR_RULES),
      publicity_days: 5,
      objection_contact: '市直机关工委组织部（来信：市行政中心3号楼412室；电话：0000-12345678；工作日 9:00–17:00）',
      status: 'publicity',
      publicity_from: from,
      publicity_until: until,
      created_by: o.creatorId,
      created_at: o.now,
      updated_at: o.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // The first branch of each of the first five units.
  const branches = await sql<{ id: number; path: string; depth: number; unit_id: number }>`
    select distinct on (split_part(o.path, '/', 3)) o.id, o.path, o.depth, split_part(o.path, '/', 3)::int as unit_id
    from org o where o.type = any(${BRANCH_TYPES}::text[]) and o.dissolved_on is null and o.depth >= 2
    order by split_part(o.path, '/', 3), o.id
    limit 5`.execute(trx);
  const judged = [];
  for (const b of branches.rows) {
    const checks = await eligibilityOf(deps, trx, c, { orgId: b.id, memberId: null, orgPath: b.path, countsForOrgId: b.id, depth: b.depth }, today);
    const rate = Number(checks.find((k) => k.rule === 'compliance')?.reason.match(/([\d.]+)%/)?.[1] ?? 100);
    judged.push({ b, checks, rate });
  }
  // A binding failure (a sanction, a red card) would have refused the nomination: those are not nominated.
  const nominated = judged.filter((j) => j.checks.every((k) => k.passed || k.advisory));
  const lowest = [...nominated].sort((a, b) => a.rate - b.rate)[0];
  const deeds = ['坚持“三会一课”规范化，党员教育管理扎实，支部战斗堡垒作用发挥明显。', '围绕中心工作设立党员先锋岗，牵头完成年度重点任务，群众满意度高。', '创新“主题党日+志愿服务”，结对共建社区，形成特色品牌。'];
  let i = 0;
  for (const j of nominated) {
    const eligible = isEligible(j.checks);
    const rejected = !eligible && j === lowest;
    const { id } = await trx
      .insertInto('honour_nomination')
      .values({
        campaign_id: c.id,
        nominating_org_id: j.b.unit_id,
        org_id: j.b.id,
        member_id: null,
        counts_for_org_id: j.b.id,
        deeds: deeds[i++ % deeds.length],
        eligibility: JSON.stringify(j.checks),
        eligible,
        status: rejected ? 'rejected' : 'approved',
        review_reason: rejected ? '组织生活落实率未达到评选要求，本年度不予通过' : null,
        reviewed_by: o.reviewerId,
        reviewed_at: o.now,
        created_by: o.creatorId,
        created_at: o.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (i === 1) {
      await trx
        .insertInto('honour_objection')
        .values({ campaign_id: c.id, nomination_id: id, received_on: from, channel: 'letter', from_whom: '匿名群众', content: '反映该支部部分党员组织生活签到不实，请核实。', created_by: o.reviewerId, created_at: o.now })
        .execute();
    }
  }
  return nominated.length;
}
