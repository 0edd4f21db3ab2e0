import type { Kysely } from 'kysely';
import {
  adjustmentMachine,
  closingMachine,
  itemMachine,
  localDate,
  measureMachine,
  milestoneMachine,
  type AdjustmentInput,
  type ClosingInput,
  type ItemPlanInput,
  type ItemStatus,
  type ListItemDto,
  type OwnItemInput,
  type VerifyInput,
  verificationOutcomes,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canReviewItem, canWriteItem } from '../../access/list-policy.ts';
import { memberInScope, pathInScope, scopeFor, systemScope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import { addEvent, controllersOf, findItem, lockItem, milestonesOf, type ItemRecord } from './lists.repository.ts';
import { itemView } from './list-items.service.ts';
import { reassess } from './progress.ts';

type Db = Kysely<DB>;
type ItemEvent = keyof typeof itemMachine.transitions;

/** What the audit log keeps of an item: the fields a change is about, not the whole page. */
function auditView(d: ListItemDto) {
  return {
    status: d.status,
    title: d.title,
    content: d.content,
    deadline: d.deadline,
    responsible: d.responsible,
    leaderName: d.leaderName,
    assistOrgs: d.assistOrgs.map((o) => o.name),
    milestones: d.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, weight: m.weight, status: m.status })),
    steps: d.steps,
    progress: d.progress,
    closing: d.closings[0] ? { status: d.closings[0].status, evidence: d.closings[0].evidence.map((e) => `${e.kind}:${e.label}`) } : null,
  };
}

const reload = async (trx: Db, ctx: RequestContext, id: number) => itemView(trx, ctx, (await findItem(trx, systemScope('after a transition'), id))!);

/**
 * One step of an item's workflow: the item locked (readable by the caller, else 404), the
 * caller's right checked, the item machine's table checked (409 in Chinese when the state moved
 * on), the step's own rules, the write, a re-assessment of progress and light, an event on the
 * item's history and an audit record with the item before and after — one transaction.
 */
function itemStep<R = ListItemDto>(
  deps: AppDeps,
  ctx: RequestContext,
  id: number,
  event: ItemEvent,
  who: 'write' | 'review',
  steps: {
    check?: (item: ItemRecord, trx: Db) => void | Promise<void>;
    apply: (trx: Db, item: ItemRecord) => Promise<{ note: string; eventKind: string; action: Parameters<typeof audit>[2]['action']; result?: R }>;
  },
) {
  requirePermission(ctx.actor, who === 'write' ? 'supervision.write' : 'supervision.read');
  return runTransition(deps.db, itemMachine, event, {
    load: (trx) => lockItem(trx, scopeFor(ctx.actor, 'supervision.read'), id),
    notFound: () => notFound('清单事项'),
    authorize: (item) => {
      if (who === 'write' && !canWriteItem(ctx.actor, item.org_path)) throw forbidden('只有牵头（主办）单位可以办理该事项');
      if (who === 'review' && !canReviewItem(ctx.actor, item.org_path, item.source)) {
        throw forbidden(item.source === 'inspection' ? '督查发现问题的整改由工委（督查组）验收' : '只有上级党组织可以审核该事项');
      }
    },
    check: steps.check,
    apply: async (trx, item) => {
      const before = await itemView(trx, ctx, item);
      const next = itemMachine.next(event, item.status as ItemStatus);
      const done = await steps.apply(trx, item);
      if (next !== item.status) {
        await guardedStatus(trx, 'list_item', id, item.status, { status: next, updated_at: ctx.now }, itemMachine.refusal(event, item.status));
      } else {
        await trx.updateTable('list_item').set({ updated_at: ctx.now }).where('id', '=', id).execute();
      }
      await reassess(trx, [id], ctx.now);
      await addEvent(trx, id, done.eventKind, done.note, ctx.actor.userId, ctx.now);
      const after = await reload(trx, ctx, id);
      await audit(trx, ctx, { action: done.action, entityType: 'list_item', entityId: id, before: auditView(before), after: auditView(after) });
      return (done.result ?? after) as R;
    },
  });
}

/** NK-1: whoever claimed or requested (or controls that account) does not decide. */
async function notOwn(trx: Db, ctx: RequestContext, account: number, what: string) {
  if ((await controllersOf(trx, [account])).includes(ctx.actor.userId)) {
    throw forbidden(`不能审核本人${what}（包括本人创建或重置过密码的账户${what}），请由上级党组织的其他管理员审核`);
  }
}

async function tell(trx: Db, ctx: RequestContext, userId: number, item: ItemRecord, title: string, body: string) {
  await inboxNotifier.send(trx, [{ userId, kind: 'list_item', title: `${title}：${item.title}`, body, link: `/lists/items/${item.id}`, dedupeKey: `list:${item.id}:${title}:${ctx.now.getTime()}` }], ctx.now);
}

// ── Own items and the plan ────────────────────────────────────────────────────────────────

/** An organisation's own item (创新动作): created by whoever keeps that organisation's lists. */
export async function createOwnItem(deps: AppDeps, ctx: RequestContext, input: OwnItemInput) {
  requirePermission(ctx.actor, 'supervision.write');
  const org = await deps.db.selectFrom('org').select(['id', 'path', 'dissolved_on']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org || !pathInScope(scopeFor(ctx.actor, 'supervision.read'), org.path)) throw notFound('组织');
  if (!canWriteItem(ctx.actor, org.path)) throw forbidden('没有维护该组织清单的权限');
  if (org.dissolved_on) throw validation('该组织已撤销');
  const today = localDate(ctx.now);
  if (input.deadline < today) throw validation('完成时限不能早于今天');
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('list_item')
      .values({
        org_id: input.orgId,
        year: input.year,
        list_kind: input.listKind,
        source: 'own',
        category: input.category || '创新动作',
        title: input.title,
        content: input.content,
        evidence_required: '',
        responsible_name: '',
        leader_name: '',
        start_on: today < `${input.year}-01-01` ? `${input.year}-01-01` : today,
        deadline: input.deadline,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await reassess(trx, [id], ctx.now);
    await addEvent(trx, id, 'created', '本组织自定事项', ctx.actor.userId, ctx.now);
    const after = await reload(trx, ctx, id);
    await audit(trx, ctx, { action: 'list_item.create', entityType: 'list_item', entityId: id, after: auditView(after) });
    return after;
  });
}

/**
 * 时间表, 路线图 and the people. Claimed or accepted milestones are part of the record and stay as
 * they are; open ones may be changed, added or removed. Due days lie within the item's year and
 * not after its deadline (a later deadline is an adjustment the level above approves).
 */
export function updatePlan(deps: AppDeps, ctx: RequestContext, id: number, plan: ItemPlanInput) {
  return itemStep(deps, ctx, id, 'plan', 'write', {
    check: async (item, trx) => {
      const existing = await milestonesOf(trx, [id]);
      for (const m of plan.milestones) {
        if (m.dueOn > item.deadline) throw validation(`节点「${m.title}」的时间晚于完成时限（${item.deadline}）`);
        if (m.dueOn < `${item.year}-01-01`) throw validation(`节点「${m.title}」的时间不在${item.year}年度内`);
        if (m.id !== undefined && !existing.some((e) => e.id === m.id)) throw validation('节点不存在，请刷新后重试');
      }
      for (const e of existing.filter((x) => !milestoneMachine.allows('edit', x.status))) {
        const kept = plan.milestones.find((m) => m.id === e.id);
        if (!kept || kept.title !== e.title || kept.dueOn !== e.due_on || kept.weight !== e.weight) {
          throw validation(`节点「${e.title}」已报送或已确认，不能修改或删除`);
        }
      }
      if (plan.responsibleMemberId !== null) {
        const member = await trx
          .selectFrom('member')
          .innerJoin('org', 'org.id', 'member.org_id')
          .select('member.id')
          .where('member.id', '=', plan.responsibleMemberId)
          .where((eb) => memberInScope(scopeFor(ctx.actor, 'supervision.write'), eb, 'member.id', 'org.path'))
          .executeTakeFirst();
        if (!member) throw validation('责任人不存在或不在本人管理范围内');
      }
      if (plan.assistOrgIds.includes(item.org_id)) throw validation('牵头单位不能同时作为协办单位');
      const measures = await trx.selectFrom('list_item_measure').selectAll().where('item_id', '=', id).execute();
      for (const m of plan.measures) {
        if (m.id !== undefined && !measures.some((e) => e.id === m.id)) throw validation('整改措施不存在，请刷新后重试');
        if (m.deadline > item.deadline) throw validation(`措施「${m.content.slice(0, 20)}」的时限晚于整改时限（${item.deadline}）`);
      }
      for (const e of measures.filter((x) => !measureMachine.allows('edit', x.status))) {
        const kept = plan.measures.find((m) => m.id === e.id);
        if (!kept || kept.content !== e.content || kept.ownerName !== e.owner_name || kept.deadline !== e.deadline) throw validation(`措施「${e.content.slice(0, 20)}」已完成，不能修改或删除`);
      }
      if (plan.assistOrgIds.length) {
        const found = await trx.selectFrom('org').select('id').where('id', 'in', plan.assistOrgIds).where('dissolved_on', 'is', null).execute();
        if (found.length !== plan.assistOrgIds.length) throw validation('协办单位不存在或已撤销');
      }
    },
    apply: async (trx, item) => {
      const existing = await milestonesOf(trx, [id]);
      const keep = new Set(plan.milestones.map((m) => m.id).filter((x) => x !== undefined));
      const removable = existing.filter((e) => e.status === 'open' && !keep.has(e.id)).map((e) => e.id);
      if (removable.length) await trx.deleteFrom('list_item_milestone').where('id', 'in', removable).where('status', '=', 'open').execute();
      const ordered = [...plan.milestones].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      for (const [i, m] of ordered.entries()) {
        if (m.id !== undefined) {
          await trx.updateTable('list_item_milestone').set({ seq: i + 1, title: m.title, due_on: m.dueOn, weight: m.weight }).where('id', '=', m.id).execute();
        } else {
          await trx.insertInto('list_item_milestone').values({ item_id: id, seq: i + 1, title: m.title, due_on: m.dueOn, weight: m.weight }).execute();
        }
      }
      const keepMeasures = new Set(plan.measures.map((m) => m.id).filter((x) => x !== undefined));
      await trx.deleteFrom('list_item_measure').where('item_id', '=', id).where('status', '=', 'open').$if(keepMeasures.size > 0, (q) => q.where('id', 'not in', [...keepMeasures] as number[])).execute();
      for (const [i, m] of plan.measures.entries()) {
        if (m.id !== undefined) {
          await trx.updateTable('list_item_measure').set({ seq: i + 1, content: m.content, owner_name: m.ownerName, deadline: m.deadline }).where('id', '=', m.id).execute();
        } else {
          await trx.insertInto('list_item_measure').values({ item_id: id, seq: i + 1, content: m.content, owner_name: m.ownerName, deadline: m.deadline }).execute();
        }
      }
      await trx.deleteFrom('list_item_step').where('item_id', '=', id).execute();
      if (plan.steps.length) await trx.insertInto('list_item_step').values(plan.steps.map((text, i) => ({ item_id: id, seq: i + 1, text }))).execute();
      await trx.deleteFrom('list_item_org').where('item_id', '=', id).execute();
      if (plan.assistOrgIds.length) await trx.insertInto('list_item_org').values(plan.assistOrgIds.map((org_id) => ({ item_id: id, org_id }))).execute();
      await trx
        .updateTable('list_item')
        .set({ responsible_member_id: plan.responsibleMemberId, responsible_name: plan.responsibleName, leader_name: plan.leaderName })
        .where('id', '=', item.id)
        .execute();
      const measureNote = plan.measures.length ? `，整改措施${plan.measures.length}条` : '';
      return { note: `时间表${plan.milestones.length}个节点，路线图${plan.steps.length}步${measureNote}`, eventKind: 'plan', action: 'list_item.plan' };
    },
  });
}

// ── Progress claims (报送 → 确认) ─────────────────────────────────────────────────────────

async function lockMilestone(trx: Db, itemId: number, milestoneId: number) {
  const m = await trx.selectFrom('list_item_milestone').selectAll().where('id', '=', milestoneId).where('item_id', '=', itemId).forUpdate().executeTakeFirst();
  if (!m) throw notFound('节点');
  return m;
}

export function claimMilestone(deps: AppDeps, ctx: RequestContext, id: number, milestoneId: number, note: string) {
  return itemStep(deps, ctx, id, 'claim', 'write', {
    apply: async (trx) => {
      const m = await lockMilestone(trx, id, milestoneId);
      if (!milestoneMachine.allows('claim', m.status)) throw conflict(milestoneMachine.refusal('claim', m.status));
      await guardedStatus(trx, 'list_item_milestone', m.id, 'open', { status: 'claimed', claim_note: note, claimed_at: ctx.now, claimed_by: ctx.actor.userId, return_comment: null }, milestoneMachine.refusal('claim', m.status));
      return { note: `节点「${m.title}」报送完成：${note}`, eventKind: 'claim', action: 'list_item.claim' };
    },
  });
}

export function decideMilestone(deps: AppDeps, ctx: RequestContext, id: number, milestoneId: number, decision: 'accept' | 'return', comment: string | null) {
  return itemStep(deps, ctx, id, 'review', 'review', {
    apply: async (trx, item) => {
      const m = await lockMilestone(trx, id, milestoneId);
      if (!milestoneMachine.allows(decision, m.status)) throw conflict(milestoneMachine.refusal(decision, m.status));
      await notOwn(trx, ctx, m.claimed_by!, '报送的进度');
      if (decision === 'accept') {
        await guardedStatus(trx, 'list_item_milestone', m.id, 'claimed', { status: 'accepted', accepted_on: localDate(ctx.now), accepted_by: ctx.actor.userId }, milestoneMachine.refusal('accept', m.status));
        return { note: `节点「${m.title}」确认完成${comment ? `：${comment}` : ''}`, eventKind: 'accept', action: 'list_item.accept' };
      }
      if (!comment) throw validation('请填写退回意见');
      await guardedStatus(trx, 'list_item_milestone', m.id, 'claimed', { status: 'open', return_comment: comment }, milestoneMachine.refusal('return', m.status));
      await tell(trx, ctx, m.claimed_by!, item, '节点进度被退回', `节点「${m.title}」退回意见：${comment}`);
      return { note: `节点「${m.title}」退回：${comment}`, eventKind: 'return_claim', action: 'list_item.return_claim' };
    },
  });
}

// ── Adjustments (调整申请) ─────────────────────────────────────────────────────────────────

export function requestAdjustment(deps: AppDeps, ctx: RequestContext, id: number, input: AdjustmentInput) {
  return itemStep(deps, ctx, id, 'adjust', 'write', {
    check: async (item, trx) => {
      const pending = await trx.selectFrom('list_item_adjustment').select('id').where('item_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      if (pending) throw conflict('该事项已有一项调整申请待审批，请等待上级审批后再提出');
      if (input.deadline !== undefined) {
        if (input.deadline < localDate(ctx.now)) throw validation('调整后的完成时限不能早于今天');
        if (input.deadline.slice(0, 4) !== String(item.year)) throw validation(`调整后的完成时限应在${item.year}年度内`);
      }
      const same = (input.deadline ?? item.deadline) === item.deadline && (input.title ?? item.title) === item.title && (input.content ?? item.content) === item.content;
      if (same) throw validation('调整内容与现有内容相同');
    },
    apply: async (trx, item) => {
      const proposed = { deadline: input.deadline, title: input.title, content: input.content };
      await trx
        .insertInto('list_item_adjustment')
        .values({
          item_id: id,
          reason: input.reason,
          proposed: JSON.stringify(proposed),
          before: JSON.stringify({ deadline: item.deadline, title: item.title, content: item.content }),
          requested_by: ctx.actor.userId,
          requested_at: ctx.now,
        })
        .execute();
      return { note: `${describe(proposed, item)}；理由：${input.reason}`, eventKind: 'adjust_request', action: 'list_item.adjust_request' };
    },
  });
}

function describe(p: { deadline?: string; title?: string; content?: string }, item: ItemRecord) {
  const parts = [];
  if (p.deadline !== undefined && p.deadline !== item.deadline) parts.push(`完成时限 ${item.deadline} → ${p.deadline}`);
  if (p.title !== undefined && p.title !== item.title) parts.push(`名称改为「${p.title}」`);
  if (p.content !== undefined && p.content !== item.content) parts.push('修改内容');
  return parts.join('，') || '无变化';
}

/**
 * The level above decides the pending adjustment. Approving applies the change (a deadline
 * earlier than a milestone is refused: move the milestone first); rejecting leaves the item as it was.
 */
export function decideAdjustment(deps: AppDeps, ctx: RequestContext, id: number, decision: 'approve' | 'reject', comment: string | null) {
  return itemStep(deps, ctx, id, 'review', 'review', {
    apply: async (trx, item) => {
      const a = await trx.selectFrom('list_item_adjustment').selectAll().where('item_id', '=', id).where('status', '=', 'pending').forUpdate().executeTakeFirst();
      if (!a) throw conflict('该事项没有待审批的调整申请（可能刚被他人处理），请刷新后重试');
      await notOwn(trx, ctx, a.requested_by, '提出的调整申请');
      if (decision === 'reject' && !comment) throw validation('请填写不予批准的理由');
      const p = a.proposed;
      if (decision === 'approve') {
        if (p.deadline !== undefined) {
          const late = (await milestonesOf(trx, [id])).find((m) => m.due_on > p.deadline!);
          if (late) throw validation(`节点「${late.title}」（${late.due_on}）晚于调整后的完成时限，请先调整节点`);
        }
        await trx
          .updateTable('list_item')
          .set({ deadline: p.deadline ?? item.deadline, title: p.title ?? item.title, content: p.content ?? item.content })
          .where('id', '=', id)
          .execute();
      }
      await guardedStatus(trx, 'list_item_adjustment', a.id, 'pending', { status: adjustmentMachine.next(decision, 'pending'), decided_by: ctx.actor.userId, decided_at: ctx.now, comment }, adjustmentMachine.refusal(decision, a.status));
      await tell(trx, ctx, a.requested_by, item, decision === 'approve' ? '调整申请已批准' : '调整申请未批准', comment ?? '');
      return decision === 'approve'
        ? { note: `${describe(p, item)}${comment ? `；${comment}` : ''}`, eventKind: 'adjust_approve', action: 'list_item.adjust_approve' }
        : { note: comment!, eventKind: 'adjust_reject', action: 'list_item.adjust_reject' };
    },
  });
}

// ── 销号 and reopening ─────────────────────────────────────────────────────────────────────

/**
 * 销号 needs evidence: the summary, files uploaded to the item, and links to records the system
 * already holds (「最多报一次」): organisational-life records of the item's organisation or below,
 * already approved; findings of inspections there that are closed (已整改). The files go with the
 * request (closing_id); a file of a returned request may go again with the next one.
 */
export function submitClosing(deps: AppDeps, ctx: RequestContext, id: number, input: ClosingInput) {
  return itemStep(deps, ctx, id, 'close', 'write', {
    check: async (_item, trx) => {
      const claimed = (await milestonesOf(trx, [id])).filter((m) => m.status === 'claimed');
      if (claimed.length) throw validation(`节点「${claimed[0]!.title}」的进度尚待上级确认，确认后再申请销号`);
      const pending = await trx.selectFrom('list_item_adjustment').select('id').where('item_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      if (pending) throw validation('该事项有调整申请待审批，审批后再申请销号');
      const open = await trx.selectFrom('list_item_measure').select('content').where('item_id', '=', id).where('status', '=', 'open').execute();
      if (open.length) throw validation(`还有${open.length}条整改措施未完成（${open[0]!.content.slice(0, 20)}…），完成后再申请销号`);
    },
    apply: async (trx, item) => {
      const activities = input.activityIds.length
        ? await trx
            .selectFrom('activity')
            .innerJoin('org', 'org.id', 'activity.org_id')
            .select(['activity.id', 'activity.held_on', 'activity.title', 'activity.status', 'org.path', 'org.name'])
            .where('activity.id', 'in', input.activityIds)
            .execute()
        : [];
      for (const aid of input.activityIds) {
        const a = activities.find((x) => x.id === aid);
        if (!a || !a.path.startsWith(item.org_path)) throw validation(`活动记录 #${aid} 不存在或不属于本组织`);
        if (a.status !== 'approved') throw validation(`活动记录「${a.title}」尚未审核通过，不能作为销号依据`);
      }
      const files = input.fileIds.length
        ? await trx
            .selectFrom('list_item_file')
            .leftJoin('list_item_closing as c', 'c.id', 'list_item_file.closing_id')
            .select(['list_item_file.id', 'list_item_file.item_id', 'list_item_file.file_name', 'c.status as closing_status'])
            .where('list_item_file.id', 'in', input.fileIds)
            .forUpdate('list_item_file')
            .execute()
        : [];
      for (const fid of input.fileIds) {
        const f = files.find((x) => x.id === fid);
        if (!f || f.item_id !== id) throw validation(`佐证材料 #${fid} 不存在或不属于本事项`);
        if (f.closing_status && f.closing_status !== 'returned') throw validation(`佐证材料「${f.file_name}」已随其他销号申请报送`);
      }
      const rectifications = input.rectificationIds.length
        ? await trx
            .selectFrom('list_item')
            .innerJoin('org', 'org.id', 'list_item.org_id')
            .select(['list_item.id', 'list_item.title', 'list_item.source', 'list_item.status', 'list_item.closed_on', 'org.path'])
            .where('list_item.id', 'in', input.rectificationIds)
            .execute()
        : [];
      for (const rid of input.rectificationIds) {
        const r = rectifications.find((x) => x.id === rid);
        if (!r || r.source !== 'inspection' || !r.path.startsWith(item.org_path)) throw validation(`整改问题 #${rid} 不存在或不属于本组织`);
        if (r.status !== 'closed') throw validation(`整改问题「${r.title}」尚未验收为已整改，不能作为销号依据`);
      }
      const { id: closingId } = await trx
        .insertInto('list_item_closing')
        .values({ item_id: id, summary: input.summary, submitted_by: ctx.actor.userId, submitted_at: ctx.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.fileIds.length) await trx.updateTable('list_item_file').set({ closing_id: closingId }).where('id', 'in', input.fileIds).where('item_id', '=', id).execute();
      const evidence = [
        { closing_id: closingId, kind: 'text', text: input.summary, ref_id: null, label: '完成情况' },
        ...input.activityIds.map((aid) => {
          const a = activities.find((x) => x.id === aid)!;
          return { closing_id: closingId, kind: 'activity', text: '', ref_id: aid, label: `${a.held_on} ${a.name}：${a.title}` };
        }),
        ...input.fileIds.map((fid) => ({ closing_id: closingId, kind: 'file', text: '', ref_id: fid, label: files.find((x) => x.id === fid)!.file_name })),
        ...input.rectificationIds.map((rid) => {
          const r = rectifications.find((x) => x.id === rid)!;
          return { closing_id: closingId, kind: 'rectification', text: '', ref_id: rid, label: `${r.title}（已整改 ${r.closed_on ?? ''}）` };
        }),
      ];
      await trx.insertInto('list_item_evidence').values(evidence).execute();
      const linked = [
        input.activityIds.length ? `活动记录${input.activityIds.length}条` : '',
        input.fileIds.length ? `佐证材料${input.fileIds.length}份` : '',
        input.rectificationIds.length ? `已整改问题${input.rectificationIds.length}个` : '',
      ].filter(Boolean);
      return { note: `申请销号${linked.length ? `，关联${linked.join('、')}` : ''}`, eventKind: 'close_request', action: 'list_item.close_request' };
    },
  });
}

async function pendingClosing(trx: Db, ctx: RequestContext, id: number) {
  const c = await trx.selectFrom('list_item_closing').selectAll().where('item_id', '=', id).where('status', '=', 'submitted').forUpdate().executeTakeFirst();
  if (!c) throw conflict('该事项没有待审核的销号申请（可能刚被他人处理），请刷新后重试');
  await notOwn(trx, ctx, c.submitted_by, '提交的销号申请');
  return c;
}

/**
 * 验收 of a rectification (R6–R8): the committee (督查组 or a panel, named) concludes 已整改 — the
 * item is closed (销号); 基本完成·持续整改 — it goes on, counted as basically done; 未完成 — it goes
 * back with the reason. The conclusion stays on the closing and on the item.
 */
export function verifyRectification(deps: AppDeps, ctx: RequestContext, id: number, v: VerifyInput) {
  const event = v.outcome === 'rectified' ? 'approveClose' : 'returnClose';
  return itemStep(deps, ctx, id, event, 'review', {
    check: (item) => {
      if (item.source !== 'inspection') throw validation('只有督查发现问题的整改需要验收，其他事项请审核销号申请');
    },
    apply: async (trx, item) => {
      const c = await pendingClosing(trx, ctx, id);
      const status = v.outcome === 'unfinished' ? 'returned' : 'approved';
      await guardedStatus(trx, 'list_item_closing', c.id, 'submitted', { status, outcome: v.outcome, verifiers: v.verifiers, decided_by: ctx.actor.userId, decided_at: ctx.now, comment: v.comment ?? null }, closingMachine.refusal(status === 'approved' ? 'approve' : 'return', c.status));
      await trx.updateTable('list_item').set({ outcome: v.outcome, closed_on: v.outcome === 'rectified' ? localDate(ctx.now) : null }).where('id', '=', id).execute();
      if (v.outcome !== 'rectified') await tell(trx, ctx, c.submitted_by, item, `整改验收：${verificationOutcomes.label(v.outcome)}`, v.comment ?? '');
      const note = `${verificationOutcomes.label(v.outcome)}（验收人：${v.verifiers.join('、')}）${v.comment ? `：${v.comment}` : ''}`;
      return { note, eventKind: 'verify', action: 'list_item.verify' };
    },
  });
}

/** A measure reported done by the unit, with what was done. */
export function completeMeasure(deps: AppDeps, ctx: RequestContext, id: number, measureId: number, note: string) {
  return itemStep(deps, ctx, id, 'claim', 'write', {
    apply: async (trx) => {
      const m = await trx.selectFrom('list_item_measure').selectAll().where('id', '=', measureId).where('item_id', '=', id).forUpdate().executeTakeFirst();
      if (!m) throw notFound('整改措施');
      if (!measureMachine.allows('complete', m.status)) throw conflict(measureMachine.refusal('complete', m.status));
      await trx.updateTable('list_item_measure').set({ status: 'done', done_note: note, done_at: ctx.now, done_by: ctx.actor.userId }).where('id', '=', m.id).where('status', '=', 'open').execute();
      return { note: `措施「${m.content}」完成：${note}`, eventKind: 'measure_done', action: 'list_item.measure_done' };
    },
  });
}

export function decideClosing(deps: AppDeps, ctx: RequestContext, id: number, decision: 'approve' | 'return', comment: string | null) {
  return itemStep(deps, ctx, id, decision === 'approve' ? 'approveClose' : 'returnClose', 'review', {
    apply: async (trx, item) => {
      if (item.source === 'inspection') throw validation('督查发现问题的整改须验收：请填写验收结论和验收人');
      const c = await pendingClosing(trx, ctx, id);
      if (decision === 'return' && !comment) throw validation('请填写退回理由');
      await guardedStatus(trx, 'list_item_closing', c.id, 'submitted', { status: closingMachine.next(decision, 'submitted'), decided_by: ctx.actor.userId, decided_at: ctx.now, comment }, closingMachine.refusal(decision, c.status));
      if (decision === 'approve') {
        await trx.updateTable('list_item').set({ closed_on: localDate(ctx.now) }).where('id', '=', id).execute();
        return { note: comment ?? '', eventKind: 'close_approve', action: 'list_item.close_approve' };
      }
      await tell(trx, ctx, c.submitted_by, item, '销号申请被退回', `退回理由：${comment}`);
      return { note: comment!, eventKind: 'close_return', action: 'list_item.close_return' };
    },
  });
}

/** 回头看: the level above reopens a closed item with a reason; its light is judged again. */
export function reopenItem(deps: AppDeps, ctx: RequestContext, id: number, reason: string) {
  return itemStep(deps, ctx, id, 'reopen', 'review', {
    apply: async (trx) => {
      await trx.updateTable('list_item').set({ closed_on: null }).where('id', '=', id).execute();
      return { note: reason, eventKind: 'reopen', action: 'list_item.reopen' };
    },
  });
}
