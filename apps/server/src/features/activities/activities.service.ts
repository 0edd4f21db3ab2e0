import {
  activityMachine,
  activityTypes,
  BRANCH_TYPES,
  emptyListHint,
  expectedRuleLabel,
  expectedRuleOf,
  followsRoster,
  isTalkOnly,
  localDate,
  type ActivityCreateInput,
  type ExpectedPreviewQuery,
  type ActivityListQuery,
  type ActivityType,
  type ActivityUpdateInput,
  type OrgType,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { isNone, scopeFor, systemScope, type Scope } from '../../access/scope.ts';
import { runTransition } from '../../db/transition.ts';
import { activityAbilities, canWriteActivity } from '../../access/activity-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import { accountsOfMembers, inboxNotifier } from '../reminders/index.ts';
import * as repo from './activities.repository.ts';
import { listAttachments } from './attachments.repository.ts';
import { auditView, sanitizeMinutes, toActivityDto } from './activity-mapping.ts';
import { committeeRefusal, expectedListOf, expectedOutOfDate, expectedTargets, recomputeExpected } from './expected-attendees.ts';

const today = (ctx: RequestContext) => localDate(ctx.now);

/** Loads an activity the caller may read, or 404 as if absent. */
export async function activityFor(db: Kysely<DB>, ctx: RequestContext, id: number) {
  const a = await repo.findActivity(db, scopeFor(ctx.actor, 'activity.read'), id);
  if (!a) throw notFound('活动');
  return a;
}

export async function activityDto(db: Kysely<DB>, ctx: RequestContext, a: repo.ActivityRecord) {
  const [attendance, reviews, controllers, attachments] = await Promise.all([
    repo.listAttendance(db, a.id),
    repo.listReviews(db, a.id),
    repo.controllersOf(db, a),
    db.selectFrom('activity_attachment').where('activity_id', '=', a.id).select(['id', 'file_name', 'content_type', 'size', 'created_at']).orderBy('id').execute(),
  ]);
  const dto = toActivityDto(a, attendance);
  const { expectedList, submitProblem } = await expectedListOf(db, a, dto.attendanceSummary, ctx.now);
  return {
    ...dto,
    expectedList,
    submitProblem,
    reviews: reviews.map((r) => ({ id: r.id, action: r.action, comment: r.comment, at: r.at, by: r.display_name ?? r.username })),
    attachments: attachments.map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size, createdAt: f.created_at })),
    abilities: activityAbilities(ctx.actor, { ...a, pendingSignIns: attendance.filter((r) => r.pending).length, controllers, submitProblem }, ctx.now),
    backfill: a.import_id ? await backfillOf(db, a.import_id) : null,
  };
}

/** 补录: who imported a record and when. */
async function backfillOf(db: Kysely<DB>, importId: number) {
  const b = await db
    .selectFrom('activity_import as i')
    .innerJoin('app_user as u', 'u.id', 'i.imported_by')
    .where('i.id', '=', importId)
    .select(['i.imported_at', 'u.display_name', 'u.username'])
    .executeTakeFirstOrThrow();
  return { importId, importedAt: b.imported_at, importedBy: b.display_name || b.username };
}

/**
 * The detail. A record never submitted shows the expected list as the committee and the roster
 * make it now: when the stored list is behind, it is brought up to date first, under the row
 * lock and audited (a read that finds nothing to change writes nothing).
 */
export async function getActivity(deps: AppDeps, ctx: RequestContext, id: number) {
  const a = await activityFor(deps.db, ctx, id);
  if (!(await expectedOutOfDate(deps.db, a))) return activityDto(deps.db, ctx, a);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockActivity(trx, scopeFor(ctx.actor, 'activity.read'), id);
    if (!locked) throw notFound('活动');
    await followRoster(trx, ctx, locked);
    return activityDto(trx, ctx, (await repo.findActivity(trx, systemScope('just refreshed'), id))!);
  });
}

/**
 * While the record has never been submitted, its expected list follows the roster: recomputed
 * (the caller holds the row lock), and members newly expected at a planned meeting are told.
 */
export async function followRoster(trx: Kysely<DB>, ctx: RequestContext, a: repo.ActivityRecord) {
  if (followsRoster(a.status)) await recompute(trx, ctx, a, 'roster');
}

async function recompute(trx: Kysely<DB>, ctx: RequestContext, a: repo.ActivityRecord, cause: 'roster' | 'edit', participants?: number[]) {
  const { added } = await recomputeExpected(trx, ctx, a, cause, participants);
  if (added.length && a.status === 'planned') await noticeOfPlan(trx, ctx, { ...a, orgName: a.org_name, startsAt: a.starts_at, types: a.types as ActivityType[] }, added);
}

export async function listActivities(deps: AppDeps, ctx: RequestContext, q: ActivityListQuery) {
  const scope = scopeFor(ctx.actor, 'activity.read');
  if (isNone(scope)) throw forbidden();
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await findOrg(deps.db, scope, q.orgId);
    if (!org) throw notFound('组织');
    orgPath = org.path;
  }
  const review = scopeFor(ctx.actor, 'activity.review');
  const filter: repo.ActivityFilter = {
    orgPath,
    from: q.from,
    to: q.to,
    type: q.type,
    status: q.status,
    reviewBelow: q.toReview === 'true' ? (review.kind === 'subtrees' ? review.paths : []) : undefined,
    reviewer: q.toReview === 'true' ? ctx.actor.userId : undefined,
  };
  if (filter.reviewBelow && !filter.reviewBelow.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const [rows, total] = await Promise.all([
    repo.listActivities(deps.db, scope, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    repo.countActivities(deps.db, scope, filter),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      types: r.types as ActivityType[],
      status: r.status,
      title: r.title,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      heldOn: r.held_on,
      place: r.place,
      importId: r.import_id,
      submittedAt: r.submitted_at,
      expectedCount: Number(r.expected_count ?? 0),
      presentCount: Number(r.present_count ?? 0),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Types that fit the organisation: 党小组会 only in a 党小组, branch meetings in a branch. */
export function checkTypesFit(types: ActivityType[], orgType: OrgType) {
  const isGroup = orgType === 'party_group';
  const isBranch = BRANCH_TYPES.includes(orgType);
  for (const t of types) {
    if (t === 'group_meeting' && !isGroup) throw validation('党小组会应记录在党小组下');
    if (isGroup && t !== 'group_meeting' && t !== 'heart_talk' && t !== 'weekly_study' && t !== 'collective_study') {
      throw validation(`党小组不能开展“${activityTypes.label(t)}”，请在所在党支部记录`);
    }
    if (['branch_assembly', 'committee_meeting', 'member_review'].includes(t) && !isBranch && orgType !== 'general_branch') {
      throw validation(`“${activityTypes.label(t)}”应由党支部（党总支）召开`);
    }
  }
}

/** Hosts, recorders, lecturers and talk partners must be members the caller can see. */
async function checkPeople(db: Kysely<DB>, scope: Scope, ids: (number | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  const found = await repo.membersIn(db, scope, wanted);
  if (found.length !== wanted.length) throw validation('所选人员不存在或不在您的管理范围内');
  return found;
}

function fields(input: ActivityUpdateInput) {
  const set: Record<string, unknown> = {};
  const map = {
    types: 'types', title: 'title', place: 'place', hostMemberId: 'host_member_id', recorderMemberId: 'recorder_member_id',
    lecturerMemberId: 'lecturer_member_id', lecturerName: 'lecturer_name', firstTopic: 'first_topic', agenda: 'agenda', observerComment: 'observer_comment',
  } as const;
  for (const [k, col] of Object.entries(map)) if (k in input) set[col] = (input as Record<string, unknown>)[k] ?? null;
  if (input.minutes !== undefined) set.minutes = sanitizeMinutes(input.minutes);
  if (input.votes !== undefined) set.votes = JSON.stringify(input.votes);
  if (input.startsAt !== undefined) {
    set.starts_at = new Date(input.startsAt);
    set.held_on = localDate(new Date(input.startsAt));
  }
  if (input.endsAt !== undefined) set.ends_at = new Date(input.endsAt);
  return set;
}

export async function createActivity(deps: AppDeps, ctx: RequestContext, input: ActivityCreateInput) {
  const writeScope = scopeFor(ctx.actor, 'activity.write');
  const org = await findOrg(deps.db, writeScope, input.orgId);
  if (!org) {
    if (await findOrg(deps.db, scopeFor(ctx.actor, 'activity.read'), input.orgId)) throw forbidden('没有在该组织记录活动的权限');
    throw notFound('组织');
  }
  if (org.dissolved_on) throw validation('组织已撤销，不能记录活动');
  checkTypesFit(input.types, org.type as OrgType);
  const heldOn = localDate(new Date(input.startsAt));
  if (!input.planned && heldOn > today(ctx)) throw validation('尚未举行的活动请按“计划”保存');
  if (org.founded_on && heldOn < org.founded_on) throw validation('活动日期早于组织成立日期');
  const noCommittee = await committeeRefusal(deps.db, org, heldOn, input.types);
  if (noCommittee) throw validation(noCommittee);
  const memberScope = scopeFor(ctx.actor, 'member.read');
  await checkPeople(deps.db, memberScope, [input.hostMemberId, input.recorderMemberId, input.lecturerMemberId, ...(input.participantMemberIds ?? [])]);

  return deps.db.transaction().execute(async (trx) => {
    const { planned: _p, orgId: _o, participantMemberIds: _m, ...rest } = input;
    const inserted = await trx
      .insertInto('activity')
      .values({
        org_id: org.id,
        status: input.planned ? 'planned' : 'draft',
        title: input.title,
        types: input.types,
        starts_at: new Date(input.startsAt),
        ends_at: new Date(input.endsAt),
        held_on: heldOn,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
        updated_at: ctx.now,
        ...fields(rest),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const attendees = await expectedTargets(trx, org, heldOn, input.types, input.participantMemberIds ?? []);
    if (attendees.length) {
      await trx
        .insertInto('activity_attendance')
        .values(attendees.map((m) => ({ activity_id: inserted.id, member_id: m.memberId, kind: 'expected', voter: m.voter })))
        .execute();
    }
    const created = (await repo.findActivity(trx, systemScope('just created'), inserted.id))!;
    const dto = await activityDto(trx, ctx, created);
    await audit(trx, ctx, { action: input.planned ? 'activity.plan' : 'activity.create', entityType: 'activity', entityId: inserted.id, after: auditView(dto) });
    if (input.planned) await noticeOfPlan(trx, ctx, dto, attendees.map((m) => m.memberId));
    return dto;
  });
}

/**
 * Who a record would expect (GET /api/activities/expected), for the form before it is saved: the
 * same rule and the same roster the server applies on save (expectedTargets), the 支委会 check.
 */
export async function previewExpected(deps: AppDeps, ctx: RequestContext, q: ExpectedPreviewQuery) {
  const org = await findOrg(deps.db, scopeFor(ctx.actor, 'activity.write'), q.orgId);
  if (!org) throw notFound('组织');
  const orgType = org.type as OrgType;
  const rule = expectedRuleOf(q.types, orgType);
  const targets = rule === 'participants' ? [] : await expectedTargets(deps.db, org, q.day, q.types, []);
  return {
    rule,
    label: expectedRuleLabel(rule, orgType),
    emptyHint: targets.length || rule === 'participants' ? null : emptyListHint(rule, orgType),
    count: targets.length,
    names: targets.slice(0, 30).map((t) => t.name),
    refusal: await committeeRefusal(deps.db, org, q.day, q.types),
  };
}

/** A planned activity tells each expected member with an account (members get a notice). */
async function noticeOfPlan(db: Kysely<DB>, ctx: RequestContext, a: { id: number; title: string; orgName: string; startsAt: Date; place: string | null; types: ActivityType[] }, memberIds: number[]) {
  const accounts = await accountsOfMembers(db, memberIds);
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(a.startsAt));
  const kinds = a.types.map((t) => activityTypes.label(t)).join('、');
  await inboxNotifier.send(
    db,
    accounts.map((u) => ({
      userId: u.id,
      kind: 'activity_plan' as const,
      title: `活动通知：${a.title}`,
      body: `${a.orgName}定于${when}${a.place ? `在${a.place}` : ''}开展${kinds}，请准时参加。`,
      link: `/m`,
      dedupeKey: `plan:${a.id}`,
    })),
    ctx.now,
  );
}

/**
 * A read-only check that the caller may change the activity now, for steps that must do slow
 * work before their transaction (receiving an upload): the write itself re-checks under the lock.
 */
export async function editableActivity(db: Kysely<DB>, ctx: RequestContext, id: number) {
  const a = await activityFor(db, ctx, id);
  if (!canWriteActivity(ctx.actor, a.org_path)) throw forbidden('没有修改该活动的权限');
  if (!activityMachine.allows('edit', a.status)) throw conflict(activityMachine.refusal('edit', a.status));
  return a;
}

/**
 * Changes an activity that can still change (the machine's `edit` event): loaded locked in the
 * transaction, so a concurrent submit either happens first (this answers 409) or waits. A record
 * never submitted has its expected list brought up to date first (`followRoster`), unless the
 * change recomputes it itself (`refresh: false`).
 */
export function editActivity<R>(deps: AppDeps, ctx: RequestContext, id: number, apply: (trx: Kysely<DB>, a: repo.ActivityRecord) => Promise<R>, opts: { refresh?: boolean } = {}) {
  return runTransition(deps.db, activityMachine, 'edit', {
    load: (trx) => repo.lockActivity(trx, scopeFor(ctx.actor, 'activity.read'), id),
    notFound: () => notFound('活动'),
    authorize: (a) => {
      if (!canWriteActivity(ctx.actor, a.org_path)) throw forbidden('没有修改该活动的权限');
    },
    apply: async (trx, a) => {
      if (opts.refresh !== false) await followRoster(trx, ctx, a);
      return apply(trx, a);
    },
  });
}

/**
 * Edits a record. A change of the date, the types or the 谈话对象 recomputes the expected list
 * (in any editable state: they define it); a record never submitted follows the roster anyway.
 */
export async function updateActivity(deps: AppDeps, ctx: RequestContext, id: number, input: ActivityUpdateInput) {
  return editActivity(
    deps,
    ctx,
    id,
    async (trx, a) => {
      const { participantMemberIds: participants, ...change } = input;
      const types = change.types ?? (a.types as ActivityType[]);
      checkTypesFit(types, a.org_type as OrgType);
      const startsAt = change.startsAt ? new Date(change.startsAt) : a.starts_at;
      const endsAt = change.endsAt ? new Date(change.endsAt) : a.ends_at;
      if (endsAt <= startsAt) throw validation('结束时间应晚于开始时间');
      if (a.status !== 'planned' && localDate(startsAt) > today(ctx)) throw validation('已记录的活动日期不能晚于今天');
      if (participants && !isTalkOnly(types)) throw validation('谈话对象只用于单独记录的谈心谈话');
      if (isTalkOnly(types) && !isTalkOnly(a.types as ActivityType[]) && !participants) throw validation('改为谈心谈话时请选择谈话对象');
      const heldOn = localDate(startsAt);
      const redefined = heldOn !== a.held_on || !sameTypes(types, a.types as ActivityType[]) || !!participants;
      if (redefined) {
        const noCommittee = await committeeRefusal(trx, { id: a.org_id, path: a.org_path, type: a.org_type }, heldOn, types);
        if (noCommittee) throw validation(noCommittee);
      }
      await checkPeople(trx, scopeFor(ctx.actor, 'member.read'), [change.hostMemberId, change.recorderMemberId, change.lecturerMemberId, ...(participants ?? [])]);
      const before = await activityDto(trx, ctx, a);
      await trx.updateTable('activity').set({ ...fields(change), updated_at: ctx.now } as never).where('id', '=', id).execute();
      const updated = (await repo.findActivity(trx, systemScope('just updated'), id))!;
      if (redefined) await recompute(trx, ctx, updated, 'edit', participants);
      else await followRoster(trx, ctx, updated);
      const after = await activityDto(trx, ctx, updated);
      await audit(trx, ctx, { action: 'activity.update', entityType: 'activity', entityId: id, before: auditView(before), after: auditView(after) });
      return after;
    },
    { refresh: false },
  );
}

const sameTypes = (x: ActivityType[], y: ActivityType[]) => x.length === y.length && x.every((t) => y.includes(t));

export async function deleteActivity(deps: AppDeps, ctx: RequestContext, id: number) {
  const files = await runTransition(deps.db, activityMachine, 'delete', {
    load: (trx) => repo.lockActivity(trx, scopeFor(ctx.actor, 'activity.read'), id),
    notFound: () => notFound('活动'),
    authorize: (a) => {
      if (!canWriteActivity(ctx.actor, a.org_path)) throw forbidden('没有删除该活动的权限');
    },
    apply: async (trx, a) => {
      const before = await activityDto(trx, ctx, a);
      const attached = await listAttachments(trx, id);
      await trx.deleteFrom('activity').where('id', '=', id).execute();
      await audit(trx, ctx, { action: 'activity.delete', entityType: 'activity', entityId: id, before: auditView(before) });
      return attached;
    },
  });
  // The attachment rows went with the activity (on delete cascade); their files go after the commit.
  await Promise.all(files.map((f) => deps.files.delete(f.storage_key).catch(() => undefined)));
}
