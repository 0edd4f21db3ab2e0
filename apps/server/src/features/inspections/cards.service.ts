import { cardMachine, localDate, type CardInput, type CardKindsInput, type CardListQuery, type CardStatus, type cardDto, type z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureSupervision, supervisionConfigureScope, supervisionReadScope } from '../../access/inspection-policy.ts';
import { inSubtree, subtreeOf, pathInScope, type Scope } from '../../access/scope.ts';
import { notFound, validation } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import { findOrg } from '../orgs/index.ts';
import { rectificationState } from '../lists/index.ts';
import * as repo from './inspections.repository.ts';

type Db = AppDeps['db'];
type Card = z.output<typeof cardDto>;

type CardFinding = Card['findings'][number];

const toDto = (c: repo.CardRow, findings: CardFinding[] = []): Card => ({
  id: c.id,
  kind: c.kind,
  kindName: c.kind_name,
  color: c.color as Card['color'],
  orgId: c.org_id,
  orgName: c.org_name,
  memberId: c.member_id,
  memberName: c.member_name,
  reason: c.reason,
  issuedOn: c.issued_on,
  inspectionId: c.inspection_id,
  inspectionTitle: c.inspection_title,
  findings,
  status: c.status,
  withdrawnReason: c.withdrawn_reason,
  withdrawnAt: c.withdrawn_at,
});

// ---------- the catalogue ----------

export async function getCardKinds(deps: AppDeps, ctx: RequestContext) {
  supervisionReadScope(ctx.actor);
  const kinds = await repo.cardKinds(deps.db);
  return { kinds: kinds.map((k) => ({ key: k.key, name: k.name, color: k.color as Card['color'], consequence: k.consequence, active: k.active })), canConfigure: canConfigureSupervision(ctx.actor) };
}

/** PUT the catalogue: kinds in the given order; a kind already issued cannot be removed, only switched off. */
export async function saveCardKinds(deps: AppDeps, ctx: RequestContext, input: CardKindsInput) {
  supervisionConfigureScope(ctx.actor, '只有工委可以维护牌种目录');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.cardKinds(trx);
    const used = await repo.usedCardKinds(trx);
    const removed = before.filter((k) => !input.kinds.some((n) => n.key === k.key));
    const blocked = removed.find((k) => used.has(k.key));
    if (blocked) throw validation(`牌种“${blocked.name}”已有亮牌记录，不能删除，可停用`, [{ field: 'kinds', message: `牌种“${blocked.name}”已有亮牌记录，不能删除，可停用` }]);
    if (removed.length) await trx.deleteFrom('card_kind').where('key', 'in', removed.map((k) => k.key)).execute();
    for (const [sort, k] of input.kinds.entries()) {
      const row = { name: k.name, color: k.color, consequence: k.consequence || null, active: k.active, sort: sort + 1 };
      await trx
        .insertInto('card_kind')
        .values({ key: k.key, ...row })
        .onConflict((oc) => oc.column('key').doUpdateSet(row))
        .execute();
    }
    await audit(trx, ctx, { action: 'card_kind.update', entityType: 'card_kind', before, after: await repo.cardKinds(trx) });
  });
  return getCardKinds(deps, ctx);
}

// ---------- cards ----------

/** Cards of organisations in the caller's subtree (never a sibling's), by year, organisation and state. */
export async function listCards(deps: AppDeps, ctx: RequestContext, q: CardListQuery) {
  const scope = supervisionReadScope(ctx.actor);
  let query = repo.cardsQuery(deps.db, scope);
  if (q.orgId) {
    const org = await findOrg(deps.db, scope, q.orgId);
    if (!org) throw notFound('组织');
    query = query.where((eb) => inSubtree(eb.ref('o.path'), org.path));
  }
  if (q.year) query = query.where('c.year', '=', q.year);
  if (q.status) query = query.where('c.status', '=', q.status);
  const rows = await query.orderBy('c.issued_on', 'desc').orderBy('c.id', 'desc').limit(2000).execute();
  const findings = await findingsOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toDto(r, findings.get(r.id))), canConfigure: canConfigureSupervision(ctx.actor) };
}

/** The linked findings of these cards, by card (in the order of the 问题清单: deadline, id). */
async function findingsOf(db: Db, cardIds: number[]) {
  const out = new Map<number, CardFinding[]>();
  if (!cardIds.length) return out;
  const rows = await repo.cardFindings(db, cardIds);
  for (const r of rows) {
    const list = out.get(r.card_id) ?? [];
    list.push({ id: r.id, title: r.title, state: rectificationState(r) });
    out.set(r.card_id, list);
  }
  return out;
}

async function findCard(db: Db, scope: Scope, id: number, lock = false) {
  let q = repo.cardsQuery(db, scope).where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

/** One card with its findings, as the API answers it. */
async function cardDtoOf(db: Db, scope: Scope, id: number, lock = false) {
  const c = await findCard(db, scope, id, lock);
  return c && toDto(c, (await findingsOf(db, [id])).get(id));
}

/**
 * The findings a card names: items of the 问题清单 that came from inspections (source
 * 'inspection'), of the card's organisation or below. Anything else is refused as a whole.
 */
async function checkFindings(db: Db, ids: number[], orgPath: string) {
  if (!ids.length) return;
  const found = await db
    .selectFrom('list_item as li')
    .innerJoin('org as o', 'o.id', 'li.org_id')
    .where('li.id', 'in', ids)
    .where('li.source', '=', 'inspection')
    .where((eb) => inSubtree(eb.ref('o.path'), orgPath))
    .select('li.id')
    .execute();
  if (found.length !== ids.length) {
    const message = '关联问题须是该组织（或其下级）的督查发现问题';
    throw validation(message, [{ field: 'findingIds', message }]);
  }
}

/** Where the card goes: the organisation, or the member's organisation (both in the committee's reach). */
async function recipient(db: Db, scope: Scope, input: CardInput) {
  if (input.memberId) {
    const m = await db
      .selectFrom('member as m')
      .innerJoin('org as o', 'o.id', 'm.org_id')
      .where('m.id', '=', input.memberId)
      .select(['m.id', 'm.org_id', 'o.path'])
      .executeTakeFirst();
    if (!m || !pathInScope(scope, m.path)) throw notFound('党员');
    return { orgId: m.org_id, path: m.path, memberId: m.id };
  }
  const org = await findOrg(db, scope, input.orgId!);
  if (!org) throw notFound('组织');
  return { orgId: org.id, path: org.path, memberId: null };
}

export async function issueCard(deps: AppDeps, ctx: RequestContext, input: CardInput) {
  const scope = supervisionConfigureScope(ctx.actor, '只有工委可以亮牌');
  if (input.issuedOn > localDate(ctx.now)) throw validation('亮牌日期不能晚于今天', [{ field: 'issuedOn', message: '亮牌日期不能晚于今天' }]);
  const id = await deps.db.transaction().execute(async (trx) => {
    const kind = (await repo.cardKinds(trx)).find((k) => k.key === input.kind);
    if (!kind || !kind.active) throw validation('牌种不存在或已停用', [{ field: 'kind', message: '牌种不存在或已停用' }]);
    const to = await recipient(trx, scope, input);
    if (input.inspectionId) {
      const targets = await repo.targetsOf(trx, scope, input.inspectionId);
      if (!targets.some((t) => pathInScope(subtreeOf(t.org_path), to.path))) {
        throw validation('所选督查未检查该组织（或其上级单位）', [{ field: 'inspectionId', message: '所选督查未检查该组织（或其上级单位）' }]);
      }
    }
    const { id } = await trx
      .insertInto('card')
      .values({
        kind: input.kind,
        org_id: to.orgId,
        member_id: to.memberId,
        reason: input.reason,
        issued_on: input.issuedOn,
        year: Number(input.issuedOn.slice(0, 4)),
        inspection_id: input.inspectionId ?? null,
        issued_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const findingIds = [...new Set(input.findingIds ?? [])];
    await checkFindings(trx, findingIds, to.path);
    if (findingIds.length) await trx.insertInto('card_finding').values(findingIds.map((itemId) => ({ card_id: id, item_id: itemId }))).execute();
    const card = (await cardDtoOf(trx, scope, id))!;
    await audit(trx, ctx, { action: 'card.issue', entityType: 'card', entityId: id, after: card });
    // The organisation's admins are told (its secretaries hold org_admin there).
    const admins = await repo.adminsAt(trx, to.orgId);
    await inboxNotifier.send(
      trx,
      admins.map((a) => ({
        userId: a.id,
        kind: 'card_issued' as const,
        title: `${card.kindName}：${card.memberName ?? card.orgName}`,
        body: `${card.issuedOn} 工委亮${card.kindName}。事由：${card.reason}${kind.consequence ? `（后续措施：${kind.consequence}）` : ''}`,
        link: `/cards?year=${card.issuedOn.slice(0, 4)}`,
        dedupeKey: `card:${id}`,
      })),
      ctx.now,
    );
    return id;
  });
  return (await cardDtoOf(deps.db, scope, id))!;
}

/** The committee withdraws a card with a reason: issued → withdrawn, once (a second answers 409). */
export function withdrawCard(deps: AppDeps, ctx: RequestContext, id: number, reason: string) {
  const scope = supervisionConfigureScope(ctx.actor, '只有工委可以撤销亮牌');
  return runTransition(deps.db, cardMachine, 'withdraw', {
    load: (trx) => cardDtoOf(trx, scope, id, true),
    notFound: () => notFound('亮牌记录'),
    apply: async (trx, c) => {
      const to = cardMachine.next('withdraw', c.status as CardStatus);
      await guardedStatus(trx, 'card', id, c.status, { status: to, withdrawn_reason: reason, withdrawn_by: ctx.actor.userId, withdrawn_at: ctx.now }, cardMachine.refusal('withdraw', c.status));
      const after = (await cardDtoOf(trx, scope, id))!;
      await audit(trx, ctx, { action: 'card.withdraw', entityType: 'card', entityId: id, before: c, after });
      return after;
    },
  });
}
