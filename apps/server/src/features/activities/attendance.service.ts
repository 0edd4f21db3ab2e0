import { localDate, type AttendanceInput } from '@xianfeng/shared';
import { sql } from 'kysely';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { inSubtree, scopeFor } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import * as repo from './activities.repository.ts';
import { activityDto, editActivity } from './activities.service.ts';
import { toAttendanceDto } from './activity-mapping.ts';

/**
 * Records attendance: the invited list is replaced by invitedMemberIds (when given), then each
 * entry sets one person's status. Everyone named must be on the list; nothing changes otherwise.
 */
export async function setAttendance(deps: AppDeps, ctx: RequestContext, id: number, input: AttendanceInput) {
  return editActivity(deps, ctx, id, async (trx, a) => {
    // Pending sign-ins are confirmed or rejected on their own (confirmSignIn), never through this list.
    const current = (await repo.listAttendance(trx, id)).filter((r) => !r.pending);
    const expected = new Set(current.filter((r) => r.kind === 'expected').map((r) => r.member_id));
    const invited = input.invitedMemberIds ? [...new Set(input.invitedMemberIds)].filter((m) => !expected.has(m)) : current.filter((r) => r.kind === 'invited').map((r) => r.member_id);
    if (input.invitedMemberIds) {
      const visible = await repo.membersIn(trx, scopeFor(ctx.actor, 'member.read'), invited);
      if (visible.length !== invited.length) throw validation('邀请人员不存在或不在您的管理范围内');
    }
    const onList = new Set([...expected, ...invited]);
    const strangers = input.entries.filter((e) => !onList.has(e.memberId)).map((e) => e.memberId);
    if (strangers.length) throw validation(`以下人员不在本次活动名单中：${strangers.join('、')}`, { memberIds: strangers });
    if (new Set(input.entries.map((e) => e.memberId)).size !== input.entries.length) throw validation('名单中有重复人员');

    const before = current.map(toAttendanceDto);
    if (input.invitedMemberIds) {
      await trx.deleteFrom('activity_attendance').where('activity_id', '=', id).where('kind', '=', 'invited').where('pending', '=', false).where('member_id', 'not in', invited.length ? invited : [0]).execute();
      if (invited.length) {
        // Inviting someone whose sign-in was pending confirms it.
        await trx
          .insertInto('activity_attendance')
          .values(invited.map((m) => ({ activity_id: id, member_id: m, kind: 'invited' })))
          .onConflict((oc) => oc.columns(['activity_id', 'member_id']).doUpdateSet({ pending: false }))
          .execute();
      }
    }
    for (const e of input.entries) {
      await trx
        .updateTable('activity_attendance')
        .set({ status: e.status, reason: e.status === 'present' ? null : (e.reason ?? null), dual_life: e.dualLife ?? false })
        .where('activity_id', '=', id)
        .where('member_id', '=', e.memberId)
        .execute();
    }
    await trx.updateTable('activity').set({ updated_at: ctx.now }).where('id', '=', id).execute();
    const after = (await repo.listAttendance(trx, id)).map(toAttendanceDto);
    await audit(trx, ctx, { action: 'activity.attendance', entityType: 'activity', entityId: id, before, after });
    return activityDto(trx, ctx, a);
  });
}

/**
 * The secretary's answer to a sign-in from outside the expected list: confirmed, the person is
 * recorded as 列席 (present); rejected, the sign-in is removed. Audited either way.
 */
export async function confirmSignIn(deps: AppDeps, ctx: RequestContext, id: number, memberId: number, accept: boolean) {
  return editActivity(deps, ctx, id, async (trx, a) => {
    const row = await trx.selectFrom('activity_attendance').selectAll().where('activity_id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
    if (!row) throw notFound('签到记录');
    if (!row.pending) throw conflict('该签到已确认或已处理，请刷新后重试');
    if (accept) await trx.updateTable('activity_attendance').set({ pending: false }).where('activity_id', '=', id).where('member_id', '=', memberId).execute();
    else await trx.deleteFrom('activity_attendance').where('activity_id', '=', id).where('member_id', '=', memberId).execute();
    await trx.updateTable('activity').set({ updated_at: ctx.now }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: accept ? 'activity.sign_in_confirm' : 'activity.sign_in_reject', entityType: 'activity', entityId: id, after: { memberId, signedInAt: row.signed_in_at } });
    return activityDto(trx, ctx, a);
  });
}

/** Attendance of each member of an organisation's subtree in approved activities of a year. */
export async function attendanceRates(deps: AppDeps, ctx: RequestContext, orgId: number, year: number) {
  const org = await findOrg(deps.db, scopeFor(ctx.actor, 'activity.read'), orgId);
  if (!org) throw notFound('组织');
  const rows = await deps.db
    .selectFrom('activity_attendance as t')
    .innerJoin('activity as a', 'a.id', 't.activity_id')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .innerJoin('member as m', 'm.id', 't.member_id')
    .where(inSubtree(sql.ref('o.path'), org.path))
    .where('a.status', '=', 'approved')
    .where('a.held_on', '>=', `${year}-01-01`)
    .where('a.held_on', '<=', `${year}-12-31`)
    .where('t.kind', '=', 'expected')
    .groupBy(['t.member_id', 'm.name'])
    .select([
      't.member_id',
      'm.name',
      sql<number>`count(*)::int`.as('expected'),
      sql<number>`(count(*) filter (where t.status = 'present'))::int`.as('present'),
      sql<number>`(count(*) filter (where t.status = 'leave'))::int`.as('leave'),
      sql<number>`(count(*) filter (where t.status = 'absent'))::int`.as('absent'),
    ])
    .orderBy('m.name')
    .execute();
  return rows.map((r) => ({ memberId: r.member_id, memberName: r.name, expected: r.expected, present: r.present, leave: r.leave, absent: r.absent, rate: r.expected ? r.present / r.expected : null }));
}

/** The member's own page: upcoming activities, history and attendance rate this year. */
export async function myActivities(deps: AppDeps, ctx: RequestContext) {
  const memberId = ctx.actor.memberId;
  if (!memberId) throw forbidden('账号未关联党员信息');
  const day = localDate(ctx.now);
  const base = deps.db
    .selectFrom('activity_attendance as t')
    .innerJoin('activity as a', 'a.id', 't.activity_id')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .where('t.member_id', '=', memberId)
    .select(['a.id', 'a.title', 'a.types', 'a.status', 'a.starts_at', 'a.ends_at', 'a.held_on', 'a.place', 'o.name as org_name', 't.kind', 't.status as attendance', 't.signed_in_at', 't.pending']);
  const [upcoming, history, rate] = await Promise.all([
    base.where('a.ends_at', '>=', ctx.now).where('a.status', 'in', ['planned', 'draft']).orderBy('a.starts_at').limit(20).execute(),
    base.where('a.held_on', '<=', day).where('a.status', '!=', 'planned').orderBy('a.held_on', 'desc').orderBy('a.id', 'desc').limit(100).execute(),
    deps.db
      .selectFrom('activity_attendance as t')
      .innerJoin('activity as a', 'a.id', 't.activity_id')
      .where('t.member_id', '=', memberId)
      .where('t.kind', '=', 'expected')
      .where('a.status', '=', 'approved')
      .where('a.held_on', '>=', `${day.slice(0, 4)}-01-01`)
      .select([sql<number>`count(*)::int`.as('expected'), sql<number>`(count(*) filter (where t.status = 'present'))::int`.as('present')])
      .executeTakeFirstOrThrow(),
  ]);
  const dto = (r: (typeof upcoming)[number]) => ({
    id: r.id, title: r.title, types: r.types, status: r.status, startsAt: r.starts_at, endsAt: r.ends_at, heldOn: r.held_on, place: r.place,
    orgName: r.org_name, kind: r.kind, attendance: r.attendance, signedInAt: r.signed_in_at, pending: r.pending,
  });
  return { upcoming: upcoming.map(dto), history: history.map(dto), year: Number(day.slice(0, 4)), expected: rate.expected, present: rate.present, rate: rate.expected ? rate.present / rate.expected : null };
}

