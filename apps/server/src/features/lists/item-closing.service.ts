import { closingMachine, localDate, measureMachine, type ClosingInput, type VerifyInput, verificationOutcomes } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { guardedStatus } from '../../db/transition.ts';
import { milestonesOf } from './lists.repository.ts';
import { itemStep, notOwn, tell, type Db } from './item-step.ts';

// ── 销号: the request, its decision, and the verification of a rectification ──────────────────

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
