import { sql, type Kysely } from 'kysely';
import { localDate, type ListItemDto, type RectificationState, type ListQuery, type z, type listItemRowDto, type listPageDto } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { itemAbilities } from '../../access/list-policy.ts';
import { inSubtree, orgPathInScope, pathInScope, scopeFor, type Scope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import { accountNames, findItem, itemReadable, milestonesOf, type ItemRecord } from './lists.repository.ts';
import { reassess, refreshSubtree } from './progress.ts';
import { escalationsOf } from './escalation.ts';
import { itemFiles } from './item-files.service.ts';

type Row = z.infer<typeof listItemRowDto>;

/** The subtree an organisation filter names, if the caller may read it (404 otherwise). */
async function subtreeRoot(db: Kysely<DB>, scope: Scope, orgId: number | undefined) {
  if (orgId === undefined) return null;
  const org = await db.selectFrom('org').select(['id', 'path']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
  return org.path;
}

/**
 * Items the caller may decide on now: the lead organisation's parent is in the review scope — or,
 * for a finding of an inspection, the organisation is in the committee's (configure) scope.
 */
function awaitingReview(reviewScope: Scope, configureScope: Scope) {
  return (eb: any) =>
    eb.and([
      eb.or([
        eb.and([eb('list_item.source', '<>', 'inspection'), orgPathInScope(reviewScope, sql.ref('review_parent.path'))]),
        eb.and([eb('list_item.source', '=', 'inspection'), orgPathInScope(configureScope, sql.ref('org.path'))]),
      ]),
      eb.or([
        eb.exists(eb.selectFrom('list_item_milestone as m').whereRef('m.item_id', '=', 'list_item.id').where('m.status', '=', 'claimed').select(sql`1`.as('one'))),
        eb.exists(eb.selectFrom('list_item_adjustment as a').whereRef('a.item_id', '=', 'list_item.id').where('a.status', '=', 'pending').select(sql`1`.as('one'))),
        eb('list_item.status', '=', 'closing'),
      ]),
    ]);
}

/**
 * The lists of an organisation's subtree for a year (责任清单, 任务清单 …): paged and filtered in the
 * database, with the counts of lights over the same filter. Items led elsewhere that an
 * organisation of the subtree co-operates on (协办) are listed too, marked, and never counted.
 */
export async function listItems(deps: AppDeps, ctx: RequestContext, q: ListQuery): Promise<z.infer<typeof listPageDto>> {
  requirePermission(ctx.actor, 'supervision.read');
  const scope = scopeFor(ctx.actor, 'supervision.read');
  const root = await subtreeRoot(deps.db, scope, q.orgId);
  // A branch's or a unit's list is judged as of today even before the daily pass has reached it.
  if (root) await refreshSubtree(deps.db, root, q.year, ctx.now);

  const leadInSql = root ? inSubtree(sql.ref('org.path'), root) : orgPathInScope(scope, sql.ref('org.path'));
  const base = deps.db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .leftJoin('org as review_parent', (j) => j.on(sql<boolean>`review_parent.id = coalesce(org.parent_id, org.id)`))
    .where('list_item.year', '=', q.year)
    .where(itemReadable(scope))
    .$if(!!root, (qb) =>
      qb.where((eb) =>
        eb.or([
          inSubtree(eb.ref('org.path'), root!),
          eb.exists(
            eb
              .selectFrom('list_item_org as lo')
              .innerJoin('org as ao', 'ao.id', 'lo.org_id')
              .whereRef('lo.item_id', '=', 'list_item.id')
              .where((e) => inSubtree(e.ref('ao.path'), root!))
              .select(sql`1`.as('one')),
          ),
        ]),
      ),
    )
    .$if(!!q.kind, (qb) => qb.where('list_item.list_kind', '=', q.kind!))
    .$if(!!q.status, (qb) => qb.where('list_item.status', '=', q.status!))
    .$if(!!q.light, (qb) => qb.where('list_item.light', '=', q.light!).where('list_item.status', '<>', 'closed'))
    .$if(q.toReview === 'true', (qb) => qb.where(awaitingReview(scopeFor(ctx.actor, 'supervision.review'), scopeFor(ctx.actor, 'supervision.configure'))));

  // Every count but the page's total is over the organisation's own items (协办 ones are not its to count).
  const lead = (cond: string) => sql<number>`count(*) filter (where ${sql.raw(cond)} and (${leadInSql}))`;
  const [summary, rows] = await Promise.all([
    base
      .select((eb) => [
        eb.fn.countAll<number>().as('rows'),
        lead('true').as('total'),
        lead(`list_item.status = 'closed'`).as('closed'),
        lead(`list_item.status <> 'closed' and list_item.light = 'red'`).as('red'),
        lead(`list_item.status <> 'closed' and list_item.light = 'yellow'`).as('yellow'),
        lead(`list_item.status <> 'closed' and list_item.light = 'blue'`).as('blue'),
        lead(`list_item.status <> 'closed' and list_item.progress_state = 'overdue'`).as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .selectAll('list_item')
      .select(['org.name as org_name', 'org.path as org_path', sql<boolean>`${leadInSql}`.as('lead_in')])
      .select((eb) => [
        eb.selectFrom('list_item_milestone as m').whereRef('m.item_id', '=', 'list_item.id').where('m.status', '=', 'claimed').select(eb.fn.countAll<number>().as('n')).as('claims'),
        eb.exists(eb.selectFrom('list_item_adjustment as a').whereRef('a.item_id', '=', 'list_item.id').where('a.status', '=', 'pending').select(sql`1`.as('one'))).as('adjusting'),
        eb.selectFrom('member').whereRef('member.id', '=', 'list_item.responsible_member_id').select('member.name').as('responsible_member'),
      ])
      .orderBy('list_item.deadline')
      .orderBy('list_item.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map((r) => rowView(r, !r.lead_in)),
    total: Number(summary.rows),
    page: q.page,
    pageSize: q.pageSize,
    summary: {
      total: Number(summary.total),
      closed: Number(summary.closed),
      red: Number(summary.red),
      yellow: Number(summary.yellow),
      blue: Number(summary.blue),
      overdue: Number(summary.overdue),
    },
  };
}

/** Where a rectification stands (R7/R8): closed = 已整改; verified as 基本完成 = 持续整改; waiting = 待验收. */
export function rectificationState(i: { status: string; outcome: string | null }): RectificationState {
  if (i.status === 'closed') return 'rectified';
  if (i.status === 'closing') return 'verifying';
  return i.outcome === 'basically' ? 'basically' : 'open';
}

function rowView(r: any, assisting: boolean): Row {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    listKind: r.list_kind,
    source: r.source,
    category: r.category,
    title: r.title,
    deadline: r.deadline,
    responsible: r.responsible_member ?? r.responsible_name ?? '',
    status: r.status,
    assisting,
    progress: { expected: r.expected, actual: r.actual, state: r.progress_state, light: r.light },
    pending: { claims: Number(r.claims ?? 0), adjustment: !!r.adjusting, closing: r.status === 'closing' },
  };
}

/** One item with its plan, claims, requests, lights and history; what the caller may do with it. */
export async function itemDetail(deps: AppDeps, ctx: RequestContext, id: number): Promise<ListItemDto> {
  requirePermission(ctx.actor, 'supervision.read');
  const item = await findItem(deps.db, scopeFor(ctx.actor, 'supervision.read'), id);
  if (!item) throw notFound('清单事项');
  if (item.assessed_on !== localDate(ctx.now)) await deps.db.transaction().execute((trx) => reassess(trx, [id], ctx.now));
  return itemView(deps.db, ctx, (await findItem(deps.db, scopeFor(ctx.actor, 'supervision.read'), id))!);
}

export async function itemView(db: Kysely<DB>, ctx: RequestContext, item: ItemRecord): Promise<ListItemDto> {
  const [milestones, steps, assist, adjustments, closings, lights, events, member, escalations, measures, inspection, files] = await Promise.all([
    milestonesOf(db, [item.id]),
    db.selectFrom('list_item_step').select('text').where('item_id', '=', item.id).orderBy('seq').execute(),
    db.selectFrom('list_item_org').innerJoin('org', 'org.id', 'list_item_org.org_id').select(['org.id', 'org.name', 'org.path']).where('item_id', '=', item.id).orderBy('org.path').execute(),
    db.selectFrom('list_item_adjustment').selectAll().where('item_id', '=', item.id).orderBy('id', 'desc').execute(),
    db.selectFrom('list_item_closing').selectAll().where('item_id', '=', item.id).orderBy('id', 'desc').execute(),
    db.selectFrom('list_item_light').selectAll().where('item_id', '=', item.id).orderBy('day').execute(),
    db.selectFrom('list_item_event').selectAll().where('item_id', '=', item.id).orderBy('id', 'desc').limit(200).execute(),
    item.responsible_member_id ? db.selectFrom('member').select('name').where('id', '=', item.responsible_member_id).executeTakeFirst() : undefined,
    escalationsOf(db, item, localDate(ctx.now)),
    db.selectFrom('list_item_measure').selectAll().where('item_id', '=', item.id).orderBy('seq').execute(),
    item.inspection_id ? db.selectFrom('inspection').select(['id', 'title']).where('id', '=', item.inspection_id).executeTakeFirst() : undefined,
    itemFiles(db, item.id),
  ]);
  const evidence = closings.length
    ? await db.selectFrom('list_item_evidence').selectAll().where('closing_id', 'in', closings.map((c) => c.id)).orderBy('id').execute()
    : [];
  const names = await accountNames(db, [
    ...milestones.flatMap((m) => [m.claimed_by, m.accepted_by]),
    ...adjustments.flatMap((a) => [a.requested_by, a.decided_by]),
    ...closings.flatMap((c) => [c.submitted_by, c.decided_by]),
    ...events.map((e) => e.by_user),
  ]);
  const name = (u: number | null) => (u === null ? null : (names.get(u) ?? `账户#${u}`));
  const readScope = scopeFor(ctx.actor, 'supervision.read');
  const claims = milestones.filter((m) => m.status === 'claimed').length;
  const pendingAdjustment = adjustments.some((a) => a.status === 'pending');
  return {
    ...rowView({ ...item, claims, adjusting: pendingAdjustment, responsible_member: member?.name ?? null }, !pathInScope(readScope, item.org_path)),
    content: item.content,
    startOn: item.start_on,
    evidenceRequired: item.evidence_required,
    keyTaskId: item.key_task_id,
    responsibleMemberId: item.responsible_member_id,
    responsibleName: item.responsible_name,
    leaderName: item.leader_name,
    assistOrgs: assist.map((o) => ({ id: o.id, name: o.name })),
    milestones: milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueOn: m.due_on,
      weight: m.weight,
      status: m.status as 'open',
      claimNote: m.claim_note,
      claimedAt: m.claimed_at,
      claimedBy: name(m.claimed_by),
      acceptedOn: m.accepted_on,
      acceptedBy: name(m.accepted_by),
      returnComment: m.return_comment,
    })),
    steps: steps.map((s) => s.text),
    adjustments: adjustments.map((a) => ({
      id: a.id,
      status: a.status as 'pending',
      reason: a.reason,
      proposed: a.proposed,
      before: a.before,
      requestedBy: name(a.requested_by)!,
      requestedAt: a.requested_at,
      decidedBy: name(a.decided_by),
      decidedAt: a.decided_at,
      comment: a.comment,
    })),
    closings: closings.map((c) => ({
      id: c.id,
      status: c.status as 'submitted',
      summary: c.summary,
      evidence: evidence.filter((e) => e.closing_id === c.id).map((e) => ({ kind: e.kind as 'text', text: e.text, refId: e.ref_id, label: e.label })),
      outcome: c.outcome as 'rectified' | null,
      verifiers: c.verifiers,
      submittedBy: name(c.submitted_by)!,
      submittedAt: c.submitted_at,
      decidedBy: name(c.decided_by),
      decidedAt: c.decided_at,
      comment: c.comment,
    })),
    files,
    lights: lights.map((l) => ({ day: l.day, light: l.light as 'none', expected: l.expected, actual: l.actual })),
    history: events.map((e) => ({ at: e.at, kind: e.kind as 'created', by: name(e.by_user), note: e.note })),
    escalations,
    finding: inspection
      ? {
          inspectionId: inspection.id,
          inspectionTitle: inspection.title,
          findingClass: item.finding_class,
          severity: (item.severity ?? 'general') as 'general',
          principalName: item.principal_name,
          immediate: item.immediate,
          outcome: item.outcome as 'rectified' | null,
          state: rectificationState(item),
        }
      : null,
    measures: measures.map((m) => ({ id: m.id, seq: m.seq, content: m.content, ownerName: m.owner_name, deadline: m.deadline, status: m.status as 'open', doneNote: m.done_note, doneAt: m.done_at })),
    abilities: itemAbilities(ctx.actor, { org_path: item.org_path, source: item.source, status: item.status, pendingAdjustment, claimedMilestones: claims }),
  } as ListItemDto;
}
