import { DEFAULT_PLAN_TARGETS, planLines, type PlanLine } from '@xianfeng/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigurePlan, requirePlanConfigure, trainingReadScope } from '../../access/training-policy.ts';
import { inSubtree, pathInScope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';

/** TR-6: the committee's targets of the year, or the defaults (10/100/1000/10000) where none was set. */
async function targetsOf(db: Kysely<DB>, year: number): Promise<Record<PlanLine, number>> {
  const rows = await db.selectFrom('training_plan_target').select(['line', 'target']).where('year', '=', year).execute();
  return { ...DEFAULT_PLAN_TARGETS, ...Object.fromEntries(rows.map((r) => [r.line, r.target])) };
}

/**
 * TR-6, TR-7: the year's count of each line of 「十百千万」 within an organisation's subtree, from the
 * records: distinct expert lecturers and distinct secretaries who lectured (training sessions, and
 * approved 党课 given by a secretary), and distinct members who completed a class of the line.
 */
async function countsIn(db: Kysely<DB>, year: number, path: string): Promise<Record<PlanLine, number>> {
  const sessions = db
    .selectFrom('training_session as s')
    .innerJoin('training_class as c', 'c.id', 's.class_id')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .where('c.status', '<>', 'cancelled')
    .where('s.held_on', '>=', `${year}-01-01`)
    .where('s.held_on', '<=', `${year}-12-31`)
    .where((eb) => inSubtree(eb.ref('o.path'), path));
  const experts = await sessions.select(sql<number>`count(distinct s.lecturer_name)::int`.as('n')).where('s.lecturer_kind', '=', 'expert').executeTakeFirstOrThrow();
  const secretaries = await sql<{ n: number }>`
    select count(distinct member_id)::int as n from (
      ${sessions.select('s.lecturer_member_id as member_id').where('s.lecturer_kind', '=', 'secretary').where('s.lecturer_member_id', 'is not', null)}
      union
      select a.lecturer_member_id from activity a join org o on o.id = a.org_id
       where a.status = 'approved' and a.lecturer_is_secretary and a.lecturer_member_id is not null
         and 'party_lecture' = any(a.types) and a.held_on between ${`${year}-01-01`} and ${`${year}-12-31`}
         and ${inSubtree(sql.ref('o.path'), path)}
    ) x`.execute(db);
  const trained = await db
    .selectFrom('training_trainee as t')
    .innerJoin('training_class as c', 'c.id', 't.class_id')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .select(['c.plan_line', sql<number>`count(distinct t.member_id)::int`.as('n')])
    .where('c.status', '=', 'finished')
    .where('c.year', '=', year)
    .where('t.completed', '=', true)
    .where('c.plan_line', 'is not', null)
    .where((eb) => inSubtree(eb.ref('o.path'), path))
    .groupBy('c.plan_line')
    .execute();
  const line = (l: string) => Number(trained.find((t) => t.plan_line === l)?.n ?? 0);
  return { expert_lecture: Number(experts.n), secretary_lecture: Number(secretaries.rows[0]?.n ?? 0), secretary_school: line('secretary_school'), member_study: line('member_study') };
}

const BASIS: Record<PlanLine, string> = {
  expert_lecture: '培训课程中授课人类别为“专家学者”的不同授课人',
  secretary_lecture: '培训课程中由党组织书记授课，以及已审核通过的书记讲党课，按授课书记去重',
  secretary_school: '“千名支书进党校”类培训班中已结业的学员，按党员去重',
  member_study: '“万名党员学思想”类培训班中已结业的学员，按党员去重',
};

/** The 十百千万 counts of an organisation's subtree (the caller's first organisation by default); targets at the root only. */
export async function planCounts(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const scope = trainingReadScope(ctx.actor);
  const id = orgId ?? ctx.actor.grants.filter((g) => pathInScope(scope, g.orgPath)).sort((a, b) => a.orgPath.length - b.orgPath.length)[0]?.orgId;
  const org = id ? await deps.db.selectFrom('org').select(['id', 'name', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
  const [counts, targets, classes] = await Promise.all([
    countsIn(deps.db, year, org.path),
    targetsOf(deps.db, year),
    deps.db
      .selectFrom('training_class as c')
      .innerJoin('org as o', 'o.id', 'c.org_id')
      .select([sql<number>`count(*) filter (where c.status <> 'cancelled')::int`.as('all'), sql<number>`count(*) filter (where c.status = 'finished')::int`.as('finished')])
      .where('c.year', '=', year)
      .where((eb) => inSubtree(eb.ref('o.path'), org.path))
      .executeTakeFirstOrThrow(),
  ]);
  // The plan's targets are the city's: shown against the whole city (the root), not a unit's share of it.
  const atRoot = org.parent_id === null;
  return {
    year,
    orgId: org.id,
    orgName: org.name,
    canConfigure: canConfigurePlan(ctx.actor),
    lines: planLines.values.map((l) => ({ line: l, label: planLines.label(l), target: atRoot ? targets[l] : null, count: counts[l], rate: atRoot ? (targets[l] ? Math.min(100, Math.round((counts[l] / targets[l]) * 100)) : 100) : null, basis: BASIS[l] })),
    classes: Number(classes.all),
    finished: Number(classes.finished),
  };
}

export async function setTargets(deps: AppDeps, ctx: RequestContext, year: number, targets: Record<PlanLine, number>) {
  requirePlanConfigure(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const before = await targetsOf(trx, year);
    for (const l of planLines.values)
      await trx.insertInto('training_plan_target').values({ year, line: l, target: targets[l], updated_by: ctx.actor.userId, updated_at: ctx.now }).onConflict((oc) => oc.columns(['year', 'line']).doUpdateSet({ target: targets[l], updated_by: ctx.actor.userId, updated_at: ctx.now })).execute();
    await audit(trx, ctx, { action: 'training_plan.targets', entityType: 'training_plan', entityId: year, before, after: targets });
  });
  return planCounts(deps, ctx, year);
}
