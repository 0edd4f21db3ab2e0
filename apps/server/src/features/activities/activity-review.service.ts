import { activityMachine, localDate, type ActivityStatus, type ActivityType } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { scopeFor, systemScope } from '../../access/scope.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import * as repo from './activities.repository.ts';
import { activityDto, followRoster } from './activities.service.ts';
import { expectedListOf } from './expected-attendees.ts';
import { canReviewActivity, canWriteActivity, isOwnRecord } from '../../access/activity-policy.ts';
import { applyToYearCounts, forgetTalkPairs, recordTalkPairs } from './activity-aggregate.ts';
import { attendanceSummary, auditView } from './activity-mapping.ts';

type Step = 'submit' | 'approve' | 'return' | 'reopen';

/**
 * The review workflow (activityMachine in the shared contract): the organisation submits, the
 * level above approves or returns with a comment; approved records are locked and only the
 * reviewer reopens them. Each step runs through runTransition — the row locked, the state
 * checked, one transaction — so of two reviewers approving at once exactly one succeeds and the
 * other answers 409. Each step writes the review history and an audit record with the whole
 * record before and after.
 */
function transition(deps: AppDeps, ctx: RequestContext, id: number, step: Step, comment: string | null, check: (a: repo.ActivityRecord, trx: AppDeps['db']) => void | Promise<void>) {
  const verb = activityMachine.transitions[step].label;
  return runTransition(deps.db, activityMachine, step, {
    load: (trx) => repo.lockActivity(trx, scopeFor(ctx.actor, 'activity.read'), id),
    notFound: () => notFound('活动'),
    authorize: (a) => {
      if (step === 'submit' ? !canWriteActivity(ctx.actor, a.org_path) : !canReviewActivity(ctx.actor, a.org_path)) {
        throw forbidden(step === 'submit' ? '没有提交该活动的权限' : `只有上级党组织可以${verb}`);
      }
    },
    check,
    apply: async (trx, a) => {
      const before = await activityDto(trx, ctx, a);
      const set: Record<string, unknown> = { status: activityMachine.next(step, a.status as ActivityStatus), updated_at: ctx.now };
      if (step === 'submit') Object.assign(set, { submitted_at: ctx.now, submitted_by: ctx.actor.userId, review_comment: null });
      else Object.assign(set, { reviewed_at: ctx.now, reviewed_by: ctx.actor.userId, review_comment: comment });
      if (step === 'approve') {
        const secretary = await repo.secretaryOn(trx, a.org_id, a.held_on);
        set.lecturer_is_secretary = !!a.lecturer_member_id && a.lecturer_member_id === secretary;
      }
      await guardedStatus(trx, 'activity', id, a.status, set, activityMachine.refusal(step, a.status));
      const updated = (await repo.findActivity(trx, systemScope('review step'), id))!;
      if (step === 'approve') await countApproved(trx, updated);
      if (step === 'reopen') await uncountApproved(trx, a);
      await repo.addReview(trx, id, step, comment, ctx.actor.userId, ctx.now);
      const after = await activityDto(trx, ctx, updated);
      await audit(trx, ctx, { action: `activity.${step}`, entityType: 'activity', entityId: id, before: auditView(before), after: auditView(after) });
      if (step === 'return') await tellCreator(trx, ctx, updated, comment);
      return after;
    },
  });
}

export async function countApproved(trx: AppDeps['db'], a: repo.ActivityRecord) {
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

/**
 * Submitting freezes the expected list: a record never submitted has it brought up to date first
 * (in this transaction, under the row lock), then a meeting with no committee (支委会), nobody
 * expected or nobody present is refused and nothing changes (the transaction is rolled back).
 */
export function submitActivity(deps: AppDeps, ctx: RequestContext, id: number) {
  return transition(deps, ctx, id, 'submit', null, async (a, trx) => {
    if (a.held_on > localDate(ctx.now)) throw validation('活动尚未举行，不能提交');
    await followRoster(trx, ctx, a);
    const attendance = await repo.listAttendance(trx, a.id);
    const pending = attendance.filter((r) => r.pending);
    if (pending.length) throw validation(`有${pending.length}人扫码签到尚待确认（${pending.map((r) => r.member_name).join('、')}），请先在出勤登记中确认或拒绝`);
    const { submitProblem } = await expectedListOf(trx, a, attendanceSummary(attendance), ctx.now);
    if (submitProblem) throw validation(submitProblem);
  });
}

export const approveActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string | null) =>
  transition(deps, ctx, id, 'approve', comment, async (a, trx) => {
    if (isOwnRecord(ctx.actor, a, await repo.controllersOf(trx, a))) {
      throw forbidden('不能审核本人录入或提交的记录（包括本人创建或重置过密码的账户所录入、提交的记录），请由上级党组织的其他管理员审核');
    }
  });
export const returnActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string) => transition(deps, ctx, id, 'return', comment, () => {});
export const reopenActivity = (deps: AppDeps, ctx: RequestContext, id: number, comment: string | null) => transition(deps, ctx, id, 'reopen', comment, () => {});
