import {
  adjustmentMachine,
  localDate,
  measureMachine,
  milestoneMachine,
  type AdjustmentInput,
  type ItemPlanInput,
  type OwnItemInput,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canWriteItem } from '../../access/list-policy.ts';
import { memberInScope, pathInScope, scopeFor } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { guardedStatus } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { addEvent, milestonesOf, type ItemRecord } from './lists.repository.ts';
import { reassess } from './progress.ts';
import { auditView, itemStep, notOwn, reload, tell, type Db } from './item-step.ts';

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

/** 回头看: the level above reopens a closed item with a reason; its light is judged again. */
export function reopenItem(deps: AppDeps, ctx: RequestContext, id: number, reason: string) {
  return itemStep(deps, ctx, id, 'reopen', 'review', {
    apply: async (trx) => {
      await trx.updateTable('list_item').set({ closed_on: null }).where('id', '=', id).execute();
      return { note: reason, eventKind: 'reopen', action: 'list_item.reopen' };
    },
  });
}
