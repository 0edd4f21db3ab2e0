import type { Kysely } from 'kysely';
import { itemMachine, type ItemStatus, type ListItemDto } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canReviewItem, canWriteItem } from '../../access/list-policy.ts';
import { scopeFor, systemScope } from '../../access/scope.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import { addEvent, findItem, lockItem, type ItemRecord } from './lists.repository.ts';
import { accountControllers } from '../../access/account-controllers.ts';
import { itemView } from './list-items.service.ts';
import { reassess } from './progress.ts';

export type Db = Kysely<DB>;
type ItemEvent = keyof typeof itemMachine.transitions;

/** What the audit log keeps of an item: the fields a change is about, not the whole page. */
export function auditView(d: ListItemDto) {
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

export const reload = async (trx: Db, ctx: RequestContext, id: number) => itemView(trx, ctx, (await findItem(trx, systemScope('after a transition'), id))!);

/**
 * One step of an item's workflow: the item locked (readable by the caller, else 404), the
 * caller's right checked, the item machine's table checked (409 in Chinese when the state moved
 * on), the step's own rules, the write, a re-assessment of progress and light, an event on the
 * item's history and an audit record with the item before and after — one transaction.
 */
export function itemStep<R = ListItemDto>(
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
export async function notOwn(trx: Db, ctx: RequestContext, account: number, what: string) {
  if (account === ctx.actor.userId || (await accountControllers(trx, [account])).includes(ctx.actor.userId)) {
    throw forbidden(`不能审核本人${what}（包括本人创建或重置过密码的账户${what}），请由上级党组织的其他管理员审核`);
  }
}

export async function tell(trx: Db, ctx: RequestContext, userId: number, item: ItemRecord, title: string, body: string) {
  await inboxNotifier.send(trx, [{ userId, kind: 'list_item', title: `${title}：${item.title}`, body, link: `/lists/items/${item.id}`, dedupeKey: `list:${item.id}:${title}:${ctx.now.getTime()}` }], ctx.now);
}

// ── Own items and the plan ────────────────────────────────────────────────────────────────
