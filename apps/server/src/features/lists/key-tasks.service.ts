import { sql } from 'kysely';
import { keyTaskMachine, localDate, type KeyTaskInput, type KeyTaskStatus, type z, type keyTaskDto } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canConfigureSupervision } from '../../access/list-policy.ts';
import { orgPathInScope, scopeFor } from '../../access/scope.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';

type KeyTaskDto = z.infer<typeof keyTaskDto>;

/**
 * 重点任务 (issue 10 item 1): the committee drafts the year's key tasks and publishes them. A
 * publication inserts one list item for every applicable organisation in one statement — by
 * organisation type, and by the type of the unit the organisation belongs to (its own unit, else
 * the nearest ancestor's). A task is read by everyone who reads lists; only the committee writes.
 */
export async function listKeyTasks(deps: AppDeps, ctx: RequestContext, year: number) {
  requirePermission(ctx.actor, 'supervision.read');
  const rows = await deps.db
    .selectFrom('key_task')
    .selectAll('key_task')
    .select((eb) => [
      eb.selectFrom('list_item').whereRef('list_item.key_task_id', '=', 'key_task.id').select(eb.fn.countAll<number>().as('n')).as('item_count'),
      eb
        .selectFrom('list_item')
        .whereRef('list_item.key_task_id', '=', 'key_task.id')
        .where('list_item.status', '=', 'closed')
        .select(eb.fn.countAll<number>().as('n'))
        .as('closed_count'),
    ])
    .where('year', '=', year)
    .orderBy('id')
    .execute();
  return { items: rows.map(keyTaskView), canConfigure: canConfigureSupervision(ctx.actor) };
}

function keyTaskView(r: any): KeyTaskDto {
  return {
    id: r.id,
    year: r.year,
    listKind: r.list_kind,
    category: r.category,
    title: r.title,
    description: r.description,
    unitTypes: r.unit_types,
    orgTypes: r.org_types,
    deadline: r.deadline,
    evidenceRequired: r.evidence_required,
    status: r.status,
    publishedAt: r.published_at,
    itemCount: Number(r.item_count ?? 0),
    closedCount: Number(r.closed_count ?? 0),
  };
}

function requireConfigure(ctx: RequestContext) {
  if (!canConfigureSupervision(ctx.actor)) throw forbidden('只有工委管理员可以维护重点任务');
}

const columns = (t: KeyTaskInput) => ({
  year: t.year,
  list_kind: t.listKind,
  category: t.category,
  title: t.title,
  description: t.description,
  unit_types: t.unitTypes,
  org_types: t.orgTypes,
  deadline: t.deadline,
  evidence_required: t.evidenceRequired,
});

export async function createKeyTask(deps: AppDeps, ctx: RequestContext, input: KeyTaskInput) {
  requireConfigure(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('key_task')
      .values({ ...columns(input), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = keyTaskView(row);
    await audit(trx, ctx, { action: 'key_task.create', entityType: 'key_task', entityId: row.id, after });
    return after;
  });
}

const lockTask = (trx: AppDeps['db'], id: number) => trx.selectFrom('key_task').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export function updateKeyTask(deps: AppDeps, ctx: RequestContext, id: number, input: KeyTaskInput) {
  requireConfigure(ctx);
  return runTransition(deps.db, keyTaskMachine, 'edit', {
    load: (trx) => lockTask(trx, id),
    notFound: () => notFound('重点任务'),
    apply: async (trx, before) => {
      const row = await trx
        .updateTable('key_task')
        .set({ ...columns(input), updated_at: ctx.now })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = keyTaskView(row);
      await audit(trx, ctx, { action: 'key_task.update', entityType: 'key_task', entityId: id, before: keyTaskView(before), after });
      return after;
    },
  });
}

export function deleteKeyTask(deps: AppDeps, ctx: RequestContext, id: number) {
  requireConfigure(ctx);
  return runTransition(deps.db, keyTaskMachine, 'delete', {
    load: (trx) => lockTask(trx, id),
    notFound: () => notFound('重点任务'),
    apply: async (trx, before) => {
      await trx.deleteFrom('key_task').where('id', '=', id).where('status', '=', 'draft').execute();
      await audit(trx, ctx, { action: 'key_task.delete', entityType: 'key_task', entityId: id, before: keyTaskView(before) });
      return { ok: true };
    },
  });
}

/**
 * Publishing: the task's state moves draft → published under the row lock, and its items are
 * inserted in the same transaction (unique per task and organisation), so a second publish of
 * the same task answers 409 and creates nothing. Items start on the day of publication (or the
 * year's first day when published ahead of the year).
 */
export function publishKeyTask(deps: AppDeps, ctx: RequestContext, id: number) {
  requireConfigure(ctx);
  const scope = scopeFor(ctx.actor, 'supervision.configure');
  return runTransition(deps.db, keyTaskMachine, 'publish', {
    load: (trx) => lockTask(trx, id),
    notFound: () => notFound('重点任务'),
    check: (t) => {
      if (t.deadline < localDate(ctx.now)) throw validation('完成时限已过，请先修改完成时限再下达');
    },
    apply: async (trx, t) => {
      const today = localDate(ctx.now);
      const startOn = today < `${t.year}-01-01` ? `${t.year}-01-01` : today;
      // The unit type of an organisation: its own unit's, else its nearest ancestor's that has one.
      const unitType = sql<string | null>`(
        select u.type from org a join unit u on u.id = a.unit_id
        where o.path like a.path || '%' order by a.depth desc limit 1)`;
      const inserted = await trx
        .insertInto('list_item')
        .columns(['org_id', 'year', 'list_kind', 'source', 'key_task_id', 'category', 'title', 'content', 'evidence_required', 'start_on', 'deadline', 'created_by', 'created_at', 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom('org as o')
            .where('o.dissolved_on', 'is', null)
            .where((e) => orgPathInScope(scope, e.ref('o.path')))
            .$if(t.org_types.length > 0, (q) => q.where('o.type', 'in', t.org_types))
            .$if(t.unit_types.length > 0, (q) => q.where(sql<boolean>`${unitType} = any(${t.unit_types}::text[])`))
            .select((e) => [
              'o.id',
              e.val(t.year).as('year'),
              e.val(t.list_kind).as('list_kind'),
              e.val('key_task').as('source'),
              e.val(t.id).as('key_task_id'),
              e.val(t.category).as('category'),
              e.val(t.title).as('title'),
              e.val(t.description).as('content'),
              e.val(t.evidence_required).as('evidence_required'),
              sql<string>`${startOn}::date`.as('start_on'),
              sql<string>`${t.deadline}::date`.as('deadline'),
              e.val(ctx.actor.userId).as('created_by'),
              e.val(ctx.now).as('created_at'),
              e.val(ctx.now).as('updated_at'),
            ]),
        )
        .returning('id')
        .execute();
      if (!inserted.length) throw validation('没有符合适用范围的组织，请检查单位类型和组织类型');
      await trx
        .insertInto('list_item_event')
        .columns(['item_id', 'kind', 'note', 'by_user', 'at'])
        .expression((eb) =>
          eb
            .selectFrom('list_item')
            .where('key_task_id', '=', t.id)
            .select((e) => ['id', e.val('created').as('kind'), e.val('工委下达重点任务').as('note'), e.val(ctx.actor.userId).as('by_user'), e.val(ctx.now).as('at')]),
        )
        .execute();
      const row = await trx
        .updateTable('key_task')
        .set({ status: 'published' satisfies KeyTaskStatus, published_at: ctx.now, published_by: ctx.actor.userId, updated_at: ctx.now })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = keyTaskView({ ...row, item_count: inserted.length, closed_count: 0 });
      await audit(trx, ctx, { action: 'key_task.publish', entityType: 'key_task', entityId: id, after });
      return after;
    },
  });
}
