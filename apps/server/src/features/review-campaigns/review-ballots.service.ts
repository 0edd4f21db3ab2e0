import { localDate, reviewMachine, type ReviewCommentInput, type reviewBallotSheetDto, type z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureReview, requireReviewer } from '../../access/review-policy.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import * as repo from './review-campaigns.repository.ts';
import { isSelf, memberOfAccount, refuseSelf, secretaryOf } from './review-common.ts';

// 述职评议, the reviewer's side: the ballot sheet, 一述一评 comments and ballots (SZ-7, SZ-13).

type Sheet = z.output<typeof reviewBallotSheetDto>;

export async function ballotSheet(deps: AppDeps, ctx: RequestContext, id: number): Promise<Sheet> {
  const c = await repo.findCampaign(deps.db, id);
  const reviewerRow = c && (await repo.reviewerOf(deps.db, id, ctx.actor.userId));
  if (!c || (!reviewerRow && !canConfigureReview(ctx.actor))) throw notFound('述职评议');
  const me = requireReviewer(reviewerRow);
  const [groups, reporters, mine, comments, memberId] = await Promise.all([
    repo.groupsOf(deps.db, id),
    repo.reportersOf(deps.db, id, null, localDate(ctx.now)),
    deps.db.selectFrom('review_ballot').select(['reporter_id', 'grade']).where('campaign_id', '=', id).where('reviewer_id', '=', ctx.actor.userId).execute(),
    deps.db.selectFrom('review_comment').select(['reporter_id', 'text', 'problem']).where('campaign_id', '=', id).where('reviewer_id', '=', ctx.actor.userId).execute(),
    memberOfAccount(deps.db, ctx.actor.userId),
  ]);
  return {
    campaignId: c.id,
    campaignName: c.name,
    year: c.year,
    status: c.status,
    groupName: groups.find((g) => g.key === me.group_key)?.name ?? me.group_key,
    scale: c.scale,
    reporters: reporters.map((p) => {
      const m = comments.find((x) => x.reporter_id === p.id);
      return {
        reporterId: p.id,
        orgName: p.org_name,
        secretaryName: secretaryOf(p).name,
        reportText: p.report_text,
        reportFileName: p.report_file_name,
        comment: m ? { text: m.text, problem: m.problem } : null,
        grade: mine.find((b) => b.reporter_id === p.id)?.grade ?? null,
        self: isSelf(p, memberId),
      };
    }),
    canComment: reviewMachine.allows('comment', c.status),
    canVote: reviewMachine.allows('ballot', c.status),
  };
}

async function reviewerStep(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number) {
  const c = await repo.findCampaign(deps.db, id);
  const reviewer = c && (await repo.reviewerOf(deps.db, id, ctx.actor.userId));
  if (!c || (!reviewer && !canConfigureReview(ctx.actor))) throw notFound('述职评议');
  requireReviewer(reviewer);
  const p = await deps.db.selectFrom('review_reporter').select(['id']).where('id', '=', reporterId).where('campaign_id', '=', id).executeTakeFirst();
  if (!p) throw notFound('述职人');
}

/** 一述一评: the reviewer's comment on a reporter (one per reviewer and reporter, editable while open or voting). */
export async function saveComment(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number, input: ReviewCommentInput) {
  await reviewerStep(deps, ctx, id, reporterId);
  return runTransition(deps.db, reviewMachine, 'comment', {
    load: (trx) => repo.findCampaign(trx, id, 'share'),
    notFound: () => notFound('述职评议'),
    check: (_c, trx) => refuseSelf(trx, ctx, id, reporterId),
    apply: async (trx) => {
      const before = await trx.selectFrom('review_comment').select(['id', 'text', 'problem', 'list_item_id']).where('reporter_id', '=', reporterId).where('reviewer_id', '=', ctx.actor.userId).forUpdate().executeTakeFirst();
      if (before?.list_item_id) throw conflict('该点评意见已转入问题清单，不能再修改');
      const row = await trx
        .insertInto('review_comment')
        .values({ campaign_id: id, reporter_id: reporterId, reviewer_id: ctx.actor.userId, text: input.text, problem: input.problem, created_at: ctx.now, updated_at: ctx.now })
        .onConflict((oc) => oc.columns(['reporter_id', 'reviewer_id']).doUpdateSet({ text: input.text, problem: input.problem, updated_at: ctx.now }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'review.comment', entityType: 'review_comment', entityId: row.id, before: before ? { text: before.text, problem: before.problem } : null, after: { campaignId: id, reporterId, text: input.text, problem: input.problem } });
      return { reporterId, text: input.text, problem: input.problem };
    },
  });
}

/**
 * The ballot: once per reviewer and reporter, final once cast (SZ-7). The campaign row is held
 * shared (a close waits for ballots under way and vice versa); the unique constraint
 * review_ballot_once decides between two submissions at once — the second answers 409.
 * The audit record says that a ballot was cast, not its grade (docs/SECURITY.md: ballots are secret).
 */
export async function castBallot(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number, grade: string) {
  await reviewerStep(deps, ctx, id, reporterId);
  return runTransition(deps.db, reviewMachine, 'ballot', {
    load: (trx) => repo.findCampaign(trx, id, 'share'),
    notFound: () => notFound('述职评议'),
    check: async (c, trx) => {
      if (!c.scale.some((g) => g.key === grade)) throw validation(`评议等次不存在：${grade}`, [{ field: 'grade', message: '评议等次不存在' }]);
      await refuseSelf(trx, ctx, id, reporterId);
    },
    apply: async (trx) => {
      const row = await trx
        .insertInto('review_ballot')
        .values({ campaign_id: id, reporter_id: reporterId, reviewer_id: ctx.actor.userId, grade, cast_at: ctx.now })
        .onConflict((oc) => oc.constraint('review_ballot_once').doNothing())
        .returning(['id', 'cast_at'])
        .executeTakeFirst();
      if (!row) throw conflict('您已对该述职人投过票，每位评议人对每位述职人只能投一票，投出后不能更改');
      await audit(trx, ctx, { action: 'review.ballot', entityType: 'review_ballot', entityId: row.id, after: { campaignId: id, reporterId } });
      return { reporterId, grade, castAt: row.cast_at };
    },
  });
}
