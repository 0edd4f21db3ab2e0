import type { Kysely } from 'kysely';
import { aggregateBallots } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import * as repo from './review-campaigns.repository.ts';

export type ReviewResult = { reporterId: number; orgId: number; score: number | null; grade: string | null; ballots: number };

/**
 * The year's 述职评议 results per reporting organisation, for the assessment's 述职评议 measure
 * (AS-3 `review_score`): only a closed campaign counts — while voting, the ballots are secret
 * and not final. Null when the year has no closed campaign.
 */
export async function reviewResultsOf(db: Kysely<DB>, year: number, today: string): Promise<{ campaignId: number; campaignName: string; results: ReviewResult[] } | null> {
  const c = await db.selectFrom('review_campaign').select(['id', 'name', 'status', 'scale']).where('year', '=', year).executeTakeFirst();
  if (!c || c.status !== 'closed') return null;
  const [groups, reviewers, reporters, ballots] = await Promise.all([
    repo.groupsOf(db, c.id),
    repo.reviewersOf(db, c.id),
    repo.reportersOf(db, c.id, null, today),
    repo.ballotsOf(db, c.id),
  ]);
  const agg = aggregateBallots({
    scale: c.scale,
    groups,
    reviewers: reviewers.map((r) => ({ userId: r.user_id, groupKey: r.group_key })),
    reporters,
    // SZ-13: a secretary's ballot on their own report never counts.
    selfPairs: reviewers.flatMap((r) => reporters.filter((p) => r.member_id != null && p.committee_secretary_member_id === r.member_id).map((p) => ({ reviewerId: r.user_id, reporterId: p.id }))),
    ballots: ballots.map((b) => ({ reporterId: b.reporter_id, reviewerId: b.reviewer_id, grade: b.grade })),
  });
  const labelOf = (key: string | null) => (key ? (c.scale.find((g) => g.key === key)?.label ?? key) : null);
  const orgOf = new Map(reporters.map((p) => [p.id, p.org_id]));
  return {
    campaignId: c.id,
    campaignName: c.name,
    results: agg.reporters.map((r) => ({ reporterId: r.reporterId, orgId: orgOf.get(r.reporterId)!, score: r.score, grade: labelOf(r.grade), ballots: r.ballots })),
  };
}
