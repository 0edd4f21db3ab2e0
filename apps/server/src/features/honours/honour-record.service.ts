import { localDate, type HonourKind, type HonourTarget } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { honourReadScope } from '../../access/honour-policy.ts';
import { inSubtree, orgPathInScope, systemScope, type Scope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import { findOrg } from '../orgs/index.ts';
import * as repo from './honours.repository.ts';
import type { HonourDto } from './honours.service.ts';

// 创先争优 on the record: honours of an organisation or a member, the public 公示 page (HN-8, HN-9).

/**
 * 荣誉记录: the named honours (what the assessment's "+1" reads), within the caller's scope; by year,
 * by organisation (its own honours and its members', i.e. its subtree) or by member.
 */
export async function listHonours(deps: AppDeps, ctx: RequestContext, q: { year?: number; orgId?: number; memberId?: number }) {
  const scope = honourReadScope(ctx.actor);
  return { items: await honoursIn(deps, scope, q) };
}

export async function honoursIn(deps: AppDeps, scope: Scope, q: { year?: number; orgId?: number; memberId?: number }): Promise<HonourDto[]> {
  let query = repo
    .nominations(deps.db, scope)
    .innerJoin('honour_campaign as c', 'c.id', 'n.campaign_id')
    .where('n.status', '=', 'named')
    .where('c.status', '=', 'named')
    .select(['c.year', 'c.kind', 'c.target', 'c.title', 'c.named_on']);
  if (q.year) query = query.where('c.year', '=', q.year);
  if (q.orgId) {
    const org = await findOrg(deps.db, scope, q.orgId);
    if (!org) throw notFound('组织');
    query = query.where((eb) => inSubtree(eb.ref('co.path'), org.path));
  }
  if (q.memberId) {
    const m = await deps.db.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select('m.id').where('m.id', '=', q.memberId).where((eb) => orgPathInScope(scope, eb.ref('o.path'))).executeTakeFirst();
    if (!m) throw notFound('党员');
    query = query.where('n.member_id', '=', q.memberId);
  }
  const rows = await query.orderBy('c.year', 'desc').orderBy('c.id').orderBy('n.id').execute();
  return rows.map((r) => ({
    nominationId: r.id,
    campaignId: r.campaign_id,
    year: r.year,
    kind: r.kind as HonourKind,
    target: r.target as HonourTarget,
    title: r.title,
    orgId: r.org_id,
    memberId: r.member_id,
    nomineeName: r.member_name ?? r.org_name,
    orgName: r.member_name ? r.org_name : r.nominating_org_name,
    countsForOrgId: r.counts_for_org_id,
    namedOn: r.named_on!,
  }));
}

/**
 * The public 公示 page (no login, HN-9): campaigns in 公示, each with its window, where to send
 * objections and the approved nominees' names and organisations — nothing else.
 */
export async function publicHonours(deps: AppDeps, now: Date) {
  const today = localDate(now);
  const cs = await repo.campaigns(deps.db).where('c.status', '=', 'publicity').where('c.publicity_from', '<=', today).orderBy('c.id').execute();
  if (!cs.length) return { items: [] };
  const noms = await repo
    .nominations(deps.db, systemScope('公示名单（公开页面）'))
    .where('n.campaign_id', 'in', cs.map((c) => c.id))
    .where('n.status', '=', 'approved')
    .orderBy('n.nominating_org_id')
    .orderBy('n.id')
    .execute();
  return {
    items: cs.map((c) => ({
      title: c.title,
      kind: c.kind as HonourKind,
      publicityFrom: c.publicity_from!,
      publicityUntil: c.publicity_until!,
      objectionContact: c.objection_contact,
      nominees: noms.filter((n) => n.campaign_id === c.id).map((n) => ({ name: n.member_name ?? n.org_name, orgName: n.member_name ? n.org_name : n.nominating_org_name })),
    })),
  };
}
