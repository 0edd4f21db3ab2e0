import { memberStatuses, type HandoverInput, type z, type handoverNeededDto } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canWriteItem } from '../../access/list-policy.ts';
import { inSubtree, memberInScope, pathInScope, scopeFor } from '../../access/scope.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { addEvent } from './lists.repository.ts';
import { reassess } from './progress.ts';

async function orgFor(deps: AppDeps, ctx: RequestContext, orgId: number) {
  const org = await deps.db.selectFrom('org').select(['id', 'path', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !pathInScope(scopeFor(ctx.actor, 'supervision.read'), org.path)) throw notFound('组织');
  return org;
}

/**
 * Open items of the subtree whose responsible member can no longer carry them: no longer a
 * member in good standing (转出, 停止党籍, 出党, 去世) or moved out of the item's organisation
 * (retired to a 离退休支部, transferred to another unit). Nothing is moved until someone names
 * the successor (handOver).
 */
export async function handoverNeeded(deps: AppDeps, ctx: RequestContext, orgId: number): Promise<z.infer<typeof handoverNeededDto>> {
  requirePermission(ctx.actor, 'supervision.read');
  const org = await orgFor(deps, ctx, orgId);
  const rows = await deps.db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .innerJoin('member', 'member.id', 'list_item.responsible_member_id')
    .innerJoin('org as morg', 'morg.id', 'member.org_id')
    .select(['list_item.id', 'list_item.title', 'list_item.deadline', 'org.name as org_name', 'org.path as org_path', 'member.id as member_id', 'member.name as member_name', 'member.status', 'morg.path as member_path', 'morg.name as member_org'])
    .where((eb) => inSubtree(eb.ref('org.path'), org.path))
    .where('list_item.status', '<>', 'closed')
    .orderBy('member.name')
    .orderBy('list_item.deadline')
    .execute();
  const byMember = new Map<number, z.infer<typeof handoverNeededDto>['items'][number]>();
  for (const r of rows) {
    const left = r.status !== 'normal';
    const moved = !r.member_path.startsWith(r.org_path);
    if (!left && !moved) continue;
    const why = left ? `已${memberStatuses.label(r.status as 'normal')}` : `已调离本组织（现属：${r.member_org}）`;
    const entry = byMember.get(r.member_id) ?? { memberId: r.member_id, memberName: r.member_name, why, openItems: [] };
    entry.openItems.push({ id: r.id, title: r.title, orgName: r.org_name, deadline: r.deadline });
    byMember.set(r.member_id, entry);
  }
  return { items: [...byMember.values()] };
}

/**
 * 整改责任交接: every open item of the subtree held by the leaving person goes to the successor,
 * in one transaction, with one handover record, an event on each item and an audit record. The
 * caller must keep every one of those items (supervision.write over their organisations).
 */
export async function handOver(deps: AppDeps, ctx: RequestContext, input: HandoverInput) {
  requirePermission(ctx.actor, 'supervision.write');
  const org = await orgFor(deps, ctx, input.orgId);
  if (!canWriteItem(ctx.actor, org.path)) throw forbidden('没有维护该组织清单的权限');
  return deps.db.transaction().execute(async (trx) => {
    const from = await trx.selectFrom('member').select(['id', 'name']).where('id', '=', input.fromMemberId).executeTakeFirst();
    if (!from) throw validation('原责任人不存在');
    let toName = input.toName;
    if (input.toMemberId !== null) {
      const to = await trx
        .selectFrom('member')
        .innerJoin('org', 'org.id', 'member.org_id')
        .select(['member.id', 'member.name', 'member.status'])
        .where('member.id', '=', input.toMemberId)
        .where((eb) => memberInScope(scopeFor(ctx.actor, 'supervision.write'), eb, 'member.id', 'org.path'))
        .executeTakeFirst();
      if (!to) throw validation('接任人不存在或不在本人管理范围内');
      if (to.status !== 'normal') throw validation(`接任人${to.name}的党籍状态为“${memberStatuses.label(to.status as 'normal')}”，不能接任`);
      toName = to.name;
    }
    const items = await trx
      .selectFrom('list_item')
      .innerJoin('org', 'org.id', 'list_item.org_id')
      .select(['list_item.id', 'org.path'])
      .where((eb) => inSubtree(eb.ref('org.path'), org.path))
      .where('list_item.responsible_member_id', '=', from.id)
      .where('list_item.status', '<>', 'closed')
      .forUpdate('list_item')
      .execute();
    if (!items.length) throw validation(`${from.name}在本组织没有未销号的事项`);
    if (items.some((i) => !canWriteItem(ctx.actor, i.path))) throw forbidden('部分事项不在本人维护范围内');
    const ids = items.map((i) => i.id);
    await trx
      .updateTable('list_item')
      .set({ responsible_member_id: input.toMemberId, responsible_name: input.toMemberId === null ? toName : '', updated_at: ctx.now })
      .where('id', 'in', ids)
      .execute();
    const { id } = await trx
      .insertInto('list_item_handover')
      .values({ org_id: org.id, from_member_id: from.id, from_name: from.name, to_member_id: input.toMemberId, to_name: toName, reason: input.reason, item_ids: ids, by_user: ctx.actor.userId, at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const itemId of ids) await addEvent(trx, itemId, 'handover', `责任人由${from.name}交接给${toName}：${input.reason}`, ctx.actor.userId, ctx.now);
    await reassess(trx, ids, ctx.now);
    await audit(trx, ctx, { action: 'list_item.handover', entityType: 'org', entityId: org.id, after: { from: from.name, to: toName, reason: input.reason, items: ids } });
    return { id, moved: ids.length, toName };
  });
}
