import { sql } from 'kysely';
import { addMonths, localDate, rectificationSentence, type FindingInput, type RectificationQuery, type z, type rectificationPageDto } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { supervisionConfigureScope } from '../../access/inspection-policy.ts';
import { inSubtree, orgPathInScope, pathInScope, scopeFor } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier } from '../reminders/index.ts';
import { addEvent, findItem } from './lists.repository.ts';
import { itemView } from './list-items.service.ts';
import { reassess } from './progress.ts';

/** R1: the inspected organisation reports its rectification within 2 months. */
const RECTIFICATION_MONTHS = 2;

/**
 * A finding of an inspection (督查发现问题) becomes an item of the unit's 问题清单 in the same engine:
 * its 主要负责人 answers for it (R1: 第一责任人), its deadline defaults to two months, it is kept,
 * claimed and escalated like any item, and its closing is verified by the committee. A 立行立改
 * finding (fixed during the visit) is recorded as rectified at once, with what was done.
 */
export async function createFinding(deps: AppDeps, ctx: RequestContext, inspectionId: number, input: FindingInput) {
  const scope = supervisionConfigureScope(ctx.actor, '只有工委（督查组）可以登记督查发现的问题');
  const today = localDate(ctx.now);
  const deadline = input.deadline ?? addMonths(today, RECTIFICATION_MONTHS);
  if (deadline < today) throw validation('整改时限不能早于今天');
  return deps.db.transaction().execute(async (trx) => {
    const inspection = await trx.selectFrom('inspection').select(['id', 'year', 'title', 'status', 'leader']).where('id', '=', inspectionId).forUpdate().executeTakeFirst();
    if (!inspection) throw notFound('督查');
    if (inspection.status !== 'in_progress' && inspection.status !== 'done') throw conflict('督查尚未开始（或已取消），不能登记发现的问题');
    const target = await trx
      .selectFrom('inspection_target')
      .innerJoin('org', 'org.id', 'inspection_target.org_id')
      .select(['org.id', 'org.path', 'org.name'])
      .where('inspection_target.inspection_id', '=', inspectionId)
      .where('inspection_target.org_id', '=', input.orgId)
      .executeTakeFirst();
    if (!target || !pathInScope(scope, target.path)) throw validation('该组织不是本次督查的对象');
    const { id } = await trx
      .insertInto('list_item')
      .values({
        org_id: target.id,
        year: inspection.year,
        list_kind: 'problem',
        source: 'inspection',
        inspection_id: inspection.id,
        category: input.findingClass,
        finding_class: input.findingClass,
        severity: input.severity,
        title: input.title,
        content: input.detail,
        evidence_required: '',
        principal_name: input.principalName,
        leader_name: input.leaderName,
        responsible_name: input.principalName,
        immediate: input.immediate,
        start_on: today,
        deadline,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addEvent(trx, id, 'finding', `${inspection.title}：${input.findingClass}`, ctx.actor.userId, ctx.now);
    if (input.immediate) {
      const verifiers = [inspection.leader || ctx.actor.username];
      await trx
        .insertInto('list_item_closing')
        .values({ item_id: id, status: 'approved', summary: input.immediateNote, outcome: 'rectified', verifiers, submitted_by: ctx.actor.userId, submitted_at: ctx.now, decided_by: ctx.actor.userId, decided_at: ctx.now, comment: '立行立改' })
        .execute();
      await trx.updateTable('list_item').set({ status: 'closed', closed_on: today, outcome: 'rectified' }).where('id', '=', id).execute();
      await addEvent(trx, id, 'verify', `立行立改，已整改：${input.immediateNote}`, ctx.actor.userId, ctx.now);
    }
    await reassess(trx, [id], ctx.now);
    const admins = await trx.selectFrom('role_grant as g').innerJoin('app_user as u', 'u.id', 'g.user_id').select('g.user_id').where('g.org_id', '=', target.id).where('g.role', '=', 'org_admin').where('u.disabled', '=', false).execute();
    await inboxNotifier.send(
      trx,
      [...new Set(admins.map((a) => a.user_id))].map((userId) => ({
        userId,
        kind: 'list_item' as const,
        title: `督查发现问题：${input.title}`,
        body: input.immediate ? '已立行立改，记入问题清单。' : `请于${deadline}前制定整改措施、完成整改并申请销号。`,
        link: `/lists/items/${id}`,
        dedupeKey: `finding:${id}`,
      })),
      ctx.now,
    );
    const after = await itemView(trx, ctx, (await findItem(trx, scopeFor(ctx.actor, 'supervision.read'), id))!);
    await audit(trx, ctx, { action: 'list_item.finding', entityType: 'list_item', entityId: id, after: { inspection: inspection.title, org: target.name, finding: after.finding, title: after.title, deadline } });
    return after;
  });
}

type Page = z.infer<typeof rectificationPageDto>;

const STATE_SQL = {
  rectified: sql<boolean>`list_item.status = 'closed'`,
  verifying: sql<boolean>`list_item.status = 'closing'`,
  basically: sql<boolean>`list_item.status = 'in_progress' and list_item.outcome = 'basically'`,
  open: sql<boolean>`list_item.status = 'in_progress' and list_item.outcome is distinct from 'basically'`,
};

/**
 * 整改台账: the findings of a year in the caller's subtree (or an organisation's, or one
 * inspection's), paged in the database, with the counts behind the progress sentence (R7) over
 * the same filter whatever the state filter.
 */
export async function listRectifications(deps: AppDeps, ctx: RequestContext, q: RectificationQuery): Promise<Page> {
  requirePermission(ctx.actor, 'supervision.read');
  const scope = scopeFor(ctx.actor, 'supervision.read');
  let root: string | null = null;
  if (q.orgId !== undefined) {
    const org = await deps.db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
    if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
    root = org.path;
  }
  const base = deps.db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .innerJoin('inspection', 'inspection.id', 'list_item.inspection_id')
    .where('list_item.source', '=', 'inspection')
    .where('list_item.year', '=', q.year)
    .where((eb) => (root ? inSubtree(eb.ref('org.path'), root) : orgPathInScope(scope, eb.ref('org.path'))))
    .$if(q.inspectionId !== undefined, (qb) => qb.where('list_item.inspection_id', '=', q.inspectionId!));
  const [counts, rows] = await Promise.all([
    base
      .select([
        sql<number>`count(*)::int`.as('findings'),
        sql<number>`(count(*) filter (where ${STATE_SQL.rectified}))::int`.as('rectified'),
        sql<number>`(count(*) filter (where ${STATE_SQL.basically}))::int`.as('basically'),
        sql<number>`(count(*) filter (where ${q.status ? STATE_SQL[q.status] : sql`true`}))::int`.as('rows'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .$if(!!q.status, (qb) => qb.where(STATE_SQL[q.status!]))
      .leftJoin('member', 'member.id', 'list_item.responsible_member_id')
      .selectAll('list_item')
      .select(['org.name as org_name', 'inspection.title as inspection_title', 'member.name as member_name'])
      .select((eb) => [
        eb.selectFrom('list_item_measure as m').whereRef('m.item_id', '=', 'list_item.id').select(sql<number>`count(*)::int`.as('n')).as('measures'),
        eb.selectFrom('list_item_measure as m').whereRef('m.item_id', '=', 'list_item.id').where('m.status', '=', 'done').select(sql<number>`count(*)::int`.as('n')).as('measures_done'),
      ])
      .orderBy('org.path')
      .orderBy('list_item.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      inspectionId: r.inspection_id!,
      inspectionTitle: r.inspection_title,
      findingClass: r.finding_class,
      title: r.title,
      severity: (r.severity ?? 'general') as 'general',
      principalName: r.principal_name,
      leaderName: r.leader_name,
      responsible: r.member_name ?? r.responsible_name,
      deadline: r.deadline,
      measures: r.measures ?? 0,
      measuresDone: r.measures_done ?? 0,
      state: r.status === 'closed' ? 'rectified' : r.status === 'closing' ? 'verifying' : r.outcome === 'basically' ? 'basically' : 'open',
      immediate: r.immediate,
      light: (r.status === 'closed' ? 'none' : r.light) as 'none',
    })),
    total: counts.rows,
    page: q.page,
    pageSize: q.pageSize,
    summary: rectificationSentence(counts),
  };
}
