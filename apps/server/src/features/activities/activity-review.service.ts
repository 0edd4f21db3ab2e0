import { localDate, type ActivityType } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/audit.service.ts';
import { inboxNotifier } from '../reminders/notifier.ts';
import * as repo from './activities.repository.ts';
import { activityDto, activityFor, canReview, editableActivity } from './activities.service.ts';
import { applyToYearCounts, forgetTalkPairs, recordTalkPairs } from './activity-aggregate.ts';
import { auditView } from './activity-mapping.ts';

type Step = 'submit' | 'approve' | 'return' | 'reopen';
const NEXT_STATUS: Record<Step, string> = { submit: 'submitted', approve: 'approved', return: 'returned', reopen: 'returned' };

/**
 * The review workflow: the branch submits, the level above approves or returns with a comment;
 * approved records are locked and only the reviewer reopens them. Each step writes the review
 * history and an audit record with the whole record before and after.
 */
async function transition(deps: AppDeps, ctx: RequestContext, id: number, step: Step, comment: string | null, check: (a: repo.ActivityRecord) => void) {
  const a = step === 'submit' ? await editableActivity(deps.db, ctx, id) : await activityFor(deps.db, ctx, id);
  check(a);
  return deps.db.transaction().execute(async (trx) => {
    const before = await activityDto(trx, ctx, a);
    const set: Record<string, unknown> = { status: NEXT_STATUS[step], updated_at: ctx.now };
    if (step === 'submit') Object.assign(set, { submitted_at: ctx.now, review_comment: null });
    else Object.assign(set, { reviewed_at: ctx.now, reviewed_by: ctx.actor.userId, review_comment: comment });
    if (step === 'approve') {
      const secretary = await repo.secretaryOn(trx, a.org_id, a.held_on);
      set.lecturer_is_secretary = !!a.lecturer_member_id && a.lecturer_member_id === secretary;
    }
    await trx.updateTable('activity').set(set as never).where('id', '=', id).execute();
    const updated = (await repo.findActivity(trx, { kind: 'system', reason: 'review step' }, id))!;
    if (step === 'approve') await countApproved(trx, updated);
    if (step === 'reopen') await uncountApproved(trx, a);
    await repo.addReview(trx, id, step, comment, ctx.actor.userId, ctx.now);
    const after = await activityDto(trx, ctx, updated);
    await audit(trx, ctx, { action: `activity.${step}`, entityType: 'activity', entityId: id, before: auditView(before), after: auditView(after) });
    if (step === 'return') await tellCreator(trx, ctx, updated, comment);
    return after;
  });
}

async function countApproved(trx: AppDeps['db'], a: repo.ActivityRecord) {
  await applyToYearCounts(trx, a, 1);
  if ((a.types as ActivityType[]).includes('heart_talk')) {
    const present = (await repo.listAttendance(trx, a.id)).filter((r) => r.status === 'present').map((r) => r.member_id);
    await recordTalkPairs(trx, a, [...(a.host_member_id ? [a.host_member_id] : []), ...present]);
  }
}

async function uncountApproved(trx: AppDeps['db'], a: repo.ActivityRecord) {
  await applyToYearCounts(trx, a, -1);
  await forgetTalkPairs(trx, a.id);
}

/** The one who recorded a returned activity finds it in the inbox with the reviewer's comment. */
async function tellCreator(trx: AppDeps['db'], ctx: RequestContext, a: repo.ActivityRecord, comment: string | null) {
  if (!a.created_by) return;
  await inboxNotifier.send(
    trx,
    [{ userId: a.created_by, kind: 'activity_review', title: `活动记录被退回：${a.title}`, body: `退回意见：${comment ?? ''}`, link: `/activities/${a.id}`, dedupeKey: `return:${a.id}:${ctx.now.getTime()}` }],
    ctx.now,
  );
}

export function submitActivity(deps: AppDeps, ctx: RequestContext, id: number) {
  return transition(deps, ctx, id, 'submit', null, (a) => {
    if (a.held_on > localDate(ctx.now)) throw validation('活动尚未举行，不能提交');
  });
}

function reviewerCheck(ctx: RequestContext, expected: string, verb: string) {
  return (a: repo.ActivityRecord) => {
    if (!canReview(ctx, a.org_path)) throw forbidden(`只有上级党组织可以${verb}`);
    if (a.status !== expected) throw validation(expected === 'submitted' ? `只能${verb}待审核的记录` : `只能${verb}已通过的记录`);
  };
}

export const approveActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string | null) =>
  transition(deps, ctx, id, 'approve', comment, reviewerCheck(ctx, 'submitted', '审核通过'));
export const returnActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string) =>
  transition(deps, ctx, id, 'return', comment, reviewerCheck(ctx, 'submitted', '退回'));
export const reopenActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string | null) =>
  transition(deps, ctx, id, 'reopen', comment, reviewerCheck(ctx, 'approved', '重新打开'));
