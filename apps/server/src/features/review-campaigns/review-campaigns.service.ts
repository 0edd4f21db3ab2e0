import { sql } from 'kysely';
import {
  aggregateBallots,
  DEFAULT_REVIEW_GROUPS,
  DEFAULT_REVIEW_SCALE,
  localDate,
  REVIEW_PROBLEM_MONTHS,
  reviewMachine,
  weightsSumToOne,
  type ReviewCampaignCreateInput,
  type ReviewMeetingInput,
  type ReviewSetupInput,
  type ReviewStatus,
  type reviewCampaignDetailDto,
  type z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureReview, maySeeReporter, requireReviewConfigure, reviewReadScope } from '../../access/review-policy.ts';
import { isNone, orgPathInScope, pathInScope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { addEvent, reassess } from '../lists/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import * as repo from './review-campaigns.repository.ts';
import { type Campaign, type Db, isSelf, monthsAfter, secretaryOf, visibleCampaign } from './review-common.ts';


const REPORTER_ORG_TYPES = ['party_committee', 'organ_committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'retired_branch'];

// ---------- reading ----------


/**
 * GET /api/review-campaigns: the committee sees every campaign; an organisation admin those its
 * organisations report in; a reviewer those they review. Anyone else: 403.
 */
export async function listCampaigns(deps: AppDeps, ctx: RequestContext, year: number | undefined) {
  const configure = canConfigureReview(ctx.actor);
  const scope = reviewReadScope(ctx.actor);
  const reviews = await deps.db.selectFrom('review_reviewer').select('campaign_id').where('user_id', '=', ctx.actor.userId).execute();
  if (!configure && isNone(scope) && !reviews.length) throw forbidden('没有查看述职评议的权限');
  const mine = reviews.map((r) => r.campaign_id);
  const rows = await deps.db
    .selectFrom('review_campaign as k')
    .select([
      'k.id',
      'k.year',
      'k.name',
      'k.status',
      'k.meeting_on',
      'k.meeting_place',
      (eb) =>
        eb
          .selectFrom('review_reporter as p')
          .innerJoin('org', 'org.id', 'p.org_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.campaign_id', '=', 'k.id')
          .$if(!configure, (q) => q.where((e) => orgPathInScope(scope, e.ref('org.path'))))
          .as('reporters'),
      (eb) => eb.selectFrom('review_reviewer as r').select(sql<number>`count(*)::int`.as('n')).whereRef('r.campaign_id', '=', 'k.id').as('reviewers'),
    ])
    .$if(year !== undefined, (q) => q.where('k.year', '=', year!))
    .$if(!configure, (q) =>
      q.where((eb) =>
        eb.or([
          eb('k.id', 'in', [0, ...mine]),
          eb.exists(
            eb
              .selectFrom('review_reporter as p')
              .innerJoin('org', 'org.id', 'p.org_id')
              .select('p.id')
              .whereRef('p.campaign_id', '=', 'k.id')
              .where((e) => orgPathInScope(scope, e.ref('org.path'))),
          ),
        ]),
      ),
    )
    .orderBy('k.year', 'desc')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      year: r.year,
      name: r.name,
      status: r.status,
      meetingOn: r.meeting_on,
      meetingPlace: r.meeting_place,
      reporters: Number(r.reporters ?? 0),
      reviewers: Number(r.reviewers ?? 0),
      isReviewer: mine.includes(r.id),
    })),
    canConfigure: configure,
  };
}

type Detail = z.output<typeof reviewCampaignDetailDto>;


async function detailOf(db: Db, ctx: RequestContext, c: Campaign, isReviewer: boolean): Promise<Detail> {
  const configure = canConfigureReview(ctx.actor);
  const today = localDate(ctx.now);
  const [groups, reviewers, allReporters, ballots, comments] = await Promise.all([
    repo.groupsOf(db, c.id),
    repo.reviewersOf(db, c.id),
    repo.reportersOf(db, c.id, null, today),
    repo.ballotsOf(db, c.id),
    repo.commentsOf(db, c.id),
  ]);
  const reporters = allReporters.filter((p) => maySeeReporter(ctx.actor, p.org_path));
  const closed = c.status === 'closed';
  const selfPairs = reviewers.flatMap((r) => allReporters.filter((p) => isSelf(p, r.member_id)).map((p) => ({ reviewerId: r.user_id, reporterId: p.id })));
  const agg = closed || configure ? aggregateBallots({ scale: c.scale, groups, reviewers: reviewers.map((r) => ({ userId: r.user_id, groupKey: r.group_key })), reporters: allReporters, ballots: ballots.map((b) => ({ reporterId: b.reporter_id, reviewerId: b.reviewer_id, grade: b.grade })), selfPairs }) : null;
  const labelOf = (key: string | null) => (key ? (c.scale.find((g) => g.key === key)?.label ?? key) : null);
  const may = (e: 'setup' | 'meeting' | 'open' | 'startVoting' | 'close' | 'toList') => configure && reviewMachine.allows(e, c.status);
  return {
    id: c.id,
    year: c.year,
    name: c.name,
    status: c.status,
    meetingOn: c.meeting_on,
    meetingPlace: c.meeting_place,
    reporters: reporters.length,
    reviewers: reviewers.length,
    isReviewer,
    scale: c.scale,
    groups,
    // Participation (who has not voted) is the committee's; counts only, never grades.
    reviewerList: configure
      ? reviewers.map((r) => {
          const part = agg!.participation.find((p) => p.userId === r.user_id);
          return { userId: r.user_id, name: repo.personOf(r), groupKey: r.group_key, cast: part?.cast ?? 0, expected: part?.expected ?? allReporters.length };
        })
      : [],
    reporterList: reporters.map((p) => {
      const s = secretaryOf(p);
      const res = closed ? agg!.reporters.find((x) => x.reporterId === p.id)! : null;
      return {
        id: p.id,
        orgId: p.org_id,
        orgName: p.org_name,
        secretaryName: s.name,
        secretarySource: s.source,
        hasReport: !!(p.report_text || p.report_file_key),
        reportFileName: p.report_file_name,
        reportUpdatedAt: p.report_updated_at,
        result: res && { score: res.score, grade: res.grade, gradeLabel: labelOf(res.grade), ballots: res.ballots, groups: res.groups, distribution: res.distribution.map((d) => ({ grade: d.grade, label: labelOf(d.grade)!, count: d.count })) },
        comments: configure || closed
          ? comments.filter((m) => m.reporter_id === p.id).map((m) => ({ id: m.id, reviewerName: repo.personOf(m), text: m.text, problem: m.problem, listItemId: m.list_item_id, updatedAt: m.updated_at }))
          : [],
      };
    }),
    // A reviewer's own report is not expected (SZ-13), nor counted should such a ballot exist.
    ballotsCast: configure ? ballots.filter((b) => !selfPairs.some((x) => x.reviewerId === b.reviewer_id && x.reporterId === b.reporter_id)).length : 0,
    ballotsExpected: configure ? reviewers.length * allReporters.length - selfPairs.length : 0,
    closedAt: c.closed_at,
    abilities: { setup: may('setup'), meeting: may('meeting'), open: may('open'), startVoting: may('startVoting'), close: may('close'), toList: may('toList') },
  };
}

export async function getCampaign(deps: AppDeps, ctx: RequestContext, id: number) {
  const { c, reviewer } = await visibleCampaign(deps.db, ctx, id);
  return detailOf(deps.db, ctx, c, !!reviewer);
}

const auditOf = (c: Campaign) => ({ year: c.year, name: c.name, status: c.status, scale: c.scale, meetingOn: c.meeting_on, meetingPlace: c.meeting_place });

// ---------- the committee's set-up ----------

export async function createCampaign(deps: AppDeps, ctx: RequestContext, input: ReviewCampaignCreateInput) {
  requireReviewConfigure(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('review_campaign')
      .values({ year: input.year, name: input.name, scale: JSON.stringify(DEFAULT_REVIEW_SCALE), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .onConflict((oc) => oc.column('year').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict(`${input.year}年度已有述职评议`);
    await trx.insertInto('review_group').values(DEFAULT_REVIEW_GROUPS.map((g, i) => ({ campaign_id: row.id, key: `g${i + 1}`, name: g.name, weight: g.weight, seq: i }))).execute();
    await audit(trx, ctx, { action: 'review.create', entityType: 'review_campaign', entityId: row.id, after: auditOf(row) });
    return detailOf(trx, ctx, row, false);
  });
}

/** PUT the set-up (draft only): scale, groups and weights, reviewers, reporters. Reports of kept reporters stay. */
export async function saveSetup(deps: AppDeps, ctx: RequestContext, id: number, input: ReviewSetupInput) {
  const scope = requireReviewConfigure(ctx.actor);
  return runTransition(deps.db, reviewMachine, 'setup', {
    load: (trx) => repo.findCampaign(trx, id, 'update'),
    notFound: () => notFound('述职评议'),
    check: async (_c, trx) => {
      const users = input.reviewers.length
        ? await trx.selectFrom('app_user').select(['id', 'disabled']).where('id', 'in', input.reviewers.map((r) => r.userId)).execute()
        : [];
      const bad = input.reviewers.filter((r) => !users.some((u) => u.id === r.userId && !u.disabled));
      if (bad.length) throw validation(`评议人账户不存在或已停用：${bad.map((b) => `#${b.userId}`).join('、')}`, [{ field: 'reviewers', message: '评议人账户不存在或已停用' }]);
      const orgs = input.reporters.length
        ? await trx.selectFrom('org').select(['id', 'name', 'path', 'type', 'dissolved_on']).where('id', 'in', input.reporters.map((r) => r.orgId)).execute()
        : [];
      const wrong = input.reporters.filter((r) => {
        const o = orgs.find((x) => x.id === r.orgId);
        return !o || !pathInScope(scope, o.path) || o.dissolved_on !== null || !REPORTER_ORG_TYPES.includes(o.type);
      });
      if (wrong.length) throw validation(`述职组织不存在、已撤销或不是党委（党总支、党支部）：${wrong.map((w) => `#${w.orgId}`).join('、')}`, [{ field: 'reporters', message: '述职组织不存在、已撤销或不是党委（党总支、党支部）' }]);
    },
    apply: async (trx, c) => {
      const before = { ...auditOf(c), groups: await repo.groupsOf(trx, id), reviewers: (await repo.reviewersOf(trx, id)).map((r) => ({ userId: r.user_id, groupKey: r.group_key })) };
      await guardedStatus(trx, 'review_campaign', id, c.status, { name: input.name, scale: JSON.stringify(input.scale), updated_at: ctx.now }, reviewMachine.refusal('setup', c.status));
      await trx.deleteFrom('review_reviewer').where('campaign_id', '=', id).execute();
      await trx.deleteFrom('review_group').where('campaign_id', '=', id).execute();
      await trx.insertInto('review_group').values(input.groups.map((g, i) => ({ campaign_id: id, key: g.key, name: g.name, weight: g.weight, seq: i }))).execute();
      if (input.reviewers.length) await trx.insertInto('review_reviewer').values(input.reviewers.map((r) => ({ campaign_id: id, user_id: r.userId, group_key: r.groupKey }))).execute();
      const keep = input.reporters.map((r) => r.orgId);
      await trx.deleteFrom('review_reporter').where('campaign_id', '=', id).where('org_id', 'not in', [0, ...keep]).execute();
      for (const [i, r] of input.reporters.entries()) {
        await trx
          .insertInto('review_reporter')
          .values({ campaign_id: id, org_id: r.orgId, secretary_name: r.secretaryName ?? null, seq: i })
          .onConflict((oc) => oc.columns(['campaign_id', 'org_id']).doUpdateSet({ secretary_name: r.secretaryName ?? null, seq: i }))
          .execute();
      }
      const after = (await repo.findCampaign(trx, id))!;
      await audit(trx, ctx, {
        action: 'review.setup',
        entityType: 'review_campaign',
        entityId: id,
        before,
        after: { ...auditOf(after), groups: input.groups, reviewers: input.reviewers, reporters: input.reporters },
      });
      return detailOf(trx, ctx, after, !!(await repo.reviewerOf(trx, id, ctx.actor.userId)));
    },
  });
}

export async function saveMeeting(deps: AppDeps, ctx: RequestContext, id: number, input: ReviewMeetingInput) {
  requireReviewConfigure(ctx.actor);
  return runTransition(deps.db, reviewMachine, 'meeting', {
    load: (trx) => repo.findCampaign(trx, id, 'update'),
    notFound: () => notFound('述职评议'),
    check: (c) => {
      if (input.meetingOn && Number(input.meetingOn.slice(0, 4)) !== c.year && Number(input.meetingOn.slice(0, 4)) !== c.year + 1)
        throw validation('述职会议日期应在评议年度或次年年初', [{ field: 'meetingOn', message: '述职会议日期应在评议年度或次年年初' }]);
    },
    apply: async (trx, c) => {
      await guardedStatus(trx, 'review_campaign', id, c.status, { meeting_on: input.meetingOn, meeting_place: input.meetingPlace || null, updated_at: ctx.now }, reviewMachine.refusal('meeting', c.status));
      await audit(trx, ctx, { action: 'review.meeting', entityType: 'review_campaign', entityId: id, before: { meetingOn: c.meeting_on, meetingPlace: c.meeting_place }, after: { meetingOn: input.meetingOn, meetingPlace: input.meetingPlace || null } });
      const after = (await repo.findCampaign(trx, id))!;
      return detailOf(trx, ctx, after, !!(await repo.reviewerOf(trx, id, ctx.actor.userId)));
    },
  });
}

/**
 * open / startVoting / close through the machine (row locked, guarded write). Opening needs
 * reporters, reviewers and weights summing to 1; voting needs the meeting's date; closing turns
 * every comment marked as a problem into an item of the reporter's 问题清单.
 */
export async function transition(deps: AppDeps, ctx: RequestContext, id: number, event: 'open' | 'startVoting' | 'close') {
  requireReviewConfigure(ctx.actor);
  return runTransition(deps.db, reviewMachine, event, {
    load: (trx) => repo.findCampaign(trx, id, 'update'),
    notFound: () => notFound('述职评议'),
    check: async (c, trx) => {
      if (event === 'open') {
        const [groups, reviewers, reporters] = await Promise.all([repo.groupsOf(trx, id), repo.reviewersOf(trx, id), repo.reportersOf(trx, id, null, localDate(ctx.now))]);
        if (!reporters.length) throw validation('请先选择述职的党组织');
        if (!reviewers.length) throw validation('请先设置评议人');
        if (!weightsSumToOne(groups.map((g) => g.weight))) throw validation('各评议组权重之和应为1');
        const nameless = reporters.filter((p) => !secretaryOf(p).name);
        if (nameless.length) throw validation(`以下党组织没有在任书记，请填写述职人姓名：${nameless.map((p) => p.org_name).join('、')}`);
      }
      if (event === 'startVoting' && !c.meeting_on) throw validation('请先填写述职会议日期');
    },
    apply: async (trx, c) => {
      const to = reviewMachine.next(event, c.status as ReviewStatus);
      await guardedStatus(trx, 'review_campaign', id, c.status, { status: to, updated_at: ctx.now, ...(event === 'close' ? { closed_at: ctx.now } : {}) }, reviewMachine.refusal(event, c.status));
      let items: number[] = [];
      if (event === 'close') {
        const open = await trx.selectFrom('review_comment').select('id').where('campaign_id', '=', id).where('problem', '=', true).where('list_item_id', 'is', null).orderBy('id').execute();
        for (const m of open) items.push(await commentToItem(trx, ctx, c, m.id));
        await reassess(trx, items, ctx.now);
      }
      await audit(trx, ctx, {
        action: event === 'open' ? 'review.open' : event === 'startVoting' ? 'review.start_voting' : 'review.close',
        entityType: 'review_campaign',
        entityId: id,
        before: { status: c.status },
        after: { status: to, ...(event === 'close' ? { listItems: items } : {}) },
      });
      const after = (await repo.findCampaign(trx, id))!;
      return detailOf(trx, ctx, after, !!(await repo.reviewerOf(trx, id, ctx.actor.userId)));
    },
  });
}

/**
 * One problem comment → an item of the reporter organisation's 问题清单 (source 'review'): its
 * secretary answers for it, the deadline is two months on (SZ-10), the organisation's admins are
 * told. The comment keeps the item's id. Inside the caller's transaction.
 */
async function commentToItem(trx: Db, ctx: RequestContext, c: Campaign, commentId: number): Promise<number> {
  const m = await trx
    .selectFrom('review_comment as m')
    .innerJoin('review_reporter as p', 'p.id', 'm.reporter_id')
    .innerJoin('org', 'org.id', 'p.org_id')
    .select(['m.id', 'm.text', 'm.list_item_id', 'p.org_id', 'p.secretary_name', 'org.name as org_name'])
    .where('m.id', '=', commentId)
    .forUpdate('m')
    .executeTakeFirstOrThrow();
  if (m.list_item_id) throw conflict('该点评意见已转入问题清单（可能刚被他人处理），请刷新后重试');
  const today = localDate(ctx.now);
  const deadline = monthsAfter(today, REVIEW_PROBLEM_MONTHS);
  const secretary = (await repo.reportersOf(trx, c.id, null, today)).find((p) => p.org_id === m.org_id);
  const principal = (secretary && secretaryOf(secretary).name) ?? '';
  const title = `述职评议点评：${m.text.replace(/\s+/g, ' ').slice(0, 60)}`;
  const { id } = await trx
    .insertInto('list_item')
    .values({
      org_id: m.org_id,
      year: c.year,
      list_kind: 'problem',
      source: 'review',
      category: '述职评议点评问题',
      title,
      content: m.text,
      evidence_required: '整改措施与完成情况',
      principal_name: principal,
      responsible_name: principal,
      leader_name: '',
      start_on: today,
      deadline,
      created_by: ctx.actor.userId,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(trx, id, 'created', `${c.name}：点评问题转入问题清单`, ctx.actor.userId, ctx.now);
  await trx.updateTable('review_comment').set({ problem: true, list_item_id: id }).where('id', '=', m.id).where('list_item_id', 'is', null).execute();
  const admins = await trx.selectFrom('role_grant as g').innerJoin('app_user as u', 'u.id', 'g.user_id').select('g.user_id').where('g.org_id', '=', m.org_id).where('g.role', '=', 'org_admin').where('u.disabled', '=', false).execute();
  await inboxNotifier.send(
    trx,
    [...new Set(admins.map((a) => a.user_id))].map((userId) => ({
      userId,
      kind: 'list_item' as const,
      title: `述职评议点评问题：${m.text.slice(0, 30)}`,
      body: `请于${deadline}前完成整改并申请销号。`,
      link: `/lists/items/${id}`,
      dedupeKey: `review:${id}`,
    })),
    ctx.now,
  );
  await audit(trx, ctx, { action: 'review.to_list', entityType: 'review_comment', entityId: m.id, after: { campaignId: c.id, org: m.org_name, listItemId: id, deadline } });
  return id;
}

/** The committee turns one comment into a list item before or after the close (voting or closed). */
export async function commentToList(deps: AppDeps, ctx: RequestContext, id: number, commentId: number) {
  requireReviewConfigure(ctx.actor);
  return runTransition(deps.db, reviewMachine, 'toList', {
    load: (trx) => repo.findCampaign(trx, id, 'share'),
    notFound: () => notFound('述职评议'),
    apply: async (trx, c) => {
      const exists = await trx.selectFrom('review_comment').select('id').where('id', '=', commentId).where('campaign_id', '=', id).executeTakeFirst();
      if (!exists) throw notFound('点评意见');
      const listItemId = await commentToItem(trx, ctx, c, commentId);
      await reassess(trx, [listItemId], ctx.now);
      return { commentId, listItemId };
    },
  });
}
