import type { Kysely } from 'kysely';
import { localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureReview, reviewReadScope } from '../../access/review-policy.ts';
import { isNone, orgPathInScope } from '../../access/scope.ts';
import { conflict, notFound } from '../../http/errors.ts';
import * as repo from './review-campaigns.repository.ts';

// What the campaign, report and ballot services share: the campaign a caller may see, the 述职人 of a reporter, and SZ-13 (no self-review).

export type Db = Kysely<DB>;
export type Campaign = NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>;

/** Months after a day, the day kept where the month has it (else its last day). */
export function monthsAfter(day: string, months: number) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** The caller may see the campaign: the committee, a reviewer, or an admin of one of its reporters. */
export async function visibleCampaign(db: Db, ctx: RequestContext, id: number) {
  const c = await repo.findCampaign(db, id);
  if (!c) throw notFound('述职评议');
  const reviewer = await repo.reviewerOf(db, id, ctx.actor.userId);
  if (canConfigureReview(ctx.actor) || reviewer) return { c, reviewer };
  const scope = reviewReadScope(ctx.actor);
  if (isNone(scope)) throw notFound('述职评议');
  const any = await db
    .selectFrom('review_reporter as p')
    .innerJoin('org', 'org.id', 'p.org_id')
    .select('p.id')
    .where('p.campaign_id', '=', id)
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
    .limit(1)
    .executeTakeFirst();
  if (!any) throw notFound('述职评议');
  return { c, reviewer };
}

export const secretaryOf = (p: repo.ReporterRow) =>
  p.committee_secretary ? { name: p.committee_secretary, source: 'committee' as const } : p.secretary_name ? { name: p.secretary_name, source: 'named' as const } : { name: null, source: 'none' as const };

/**
 * The reviewer is the reporter themself (SZ-13): the account's member is the reporter
 * organisation's serving 书记 from the committee data (the 述职人 reportersOf names). A 述职人
 * named by the committee (no committee data) is a name only and is not matched.
 */
export const isSelf = (p: { committee_secretary_member_id: number | null }, memberId: number | null | undefined) => memberId != null && p.committee_secretary_member_id === memberId;
export const SELF_REFUSAL = '不能评议本人的述职';

/** The reviewer's account's member (read in the caller's transaction: the link may have changed since login). */
export async function memberOfAccount(db: Db, userId: number) {
  return (await db.selectFrom('app_user').select('member_id').where('id', '=', userId).executeTakeFirst())?.member_id ?? null;
}

/** Inside the comment's or ballot's transaction: a reviewer never comments on nor grades their own report (409). */
export async function refuseSelf(trx: Db, ctx: RequestContext, campaignId: number, reporterId: number) {
  const [p, memberId] = await Promise.all([
    repo.reportersOf(trx, campaignId, null, localDate(ctx.now)).then((all) => all.find((x) => x.id === reporterId)),
    memberOfAccount(trx, ctx.actor.userId),
  ]);
  if (p && isSelf(p, memberId)) throw conflict(SELF_REFUSAL);
}
