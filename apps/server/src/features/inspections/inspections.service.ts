import {
  inspectionMachine,
  localDate,
  type ChecklistRecordInput,
  type ChecklistTemplateInput,
  type InspectionFact,
  type InspectionInput,
  type InspectionListQuery,
  type InspectionStatus,
  type inspectionChecklistDto,
  type inspectionDetailDto,
  type z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureSupervision, supervisionConfigureScope, supervisionReadScope } from '../../access/inspection-policy.ts';
import type { Scope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import * as repo from './inspections.repository.ts';
import { computeFacts, factKeys, factsDay, isFactKey } from './inspection-facts.ts';

type Db = AppDeps['db'];

// ---------- templates ----------

export async function listTemplates(deps: AppDeps, ctx: RequestContext) {
  supervisionReadScope(ctx.actor);
  const rows = await repo.listTemplates(deps.db);
  return {
    items: rows.map((t) => ({ id: t.id, name: t.name, items: t.items.map((i) => ({ key: i.key, label: i.label, fact: i.fact ?? null })), builtIn: t.built_in })),
    facts: factKeys(),
    canConfigure: canConfigureSupervision(ctx.actor),
  };
}

export async function createTemplate(deps: AppDeps, ctx: RequestContext, input: ChecklistTemplateInput) {
  supervisionConfigureScope(ctx.actor, '只有工委可以维护检查清单模板');
  const unknown = input.items.find((i) => i.fact && !isFactKey(i.fact));
  if (unknown) throw validation(`未知的系统数据项：${unknown.fact}`, [{ field: 'items', message: `未知的系统数据项：${unknown.fact}` }]);
  const items = input.items.map((i) => ({ key: i.key, label: i.label, fact: i.fact ?? null }));
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertTemplate(trx, input.name, items, ctx.actor.userId, ctx.now);
    if (!row) throw conflict(`已有同名模板：${input.name}`);
    await audit(trx, ctx, { action: 'checklist_template.create', entityType: 'checklist_template', entityId: row.id, after: { name: input.name, items } });
    return { id: row.id };
  });
}

// ---------- inspections ----------

export async function listInspections(deps: AppDeps, ctx: RequestContext, q: InspectionListQuery) {
  const scope = supervisionReadScope(ctx.actor);
  const rows = await repo.listInspections(deps.db, scope, q);
  return {
    items: rows.map((r) => ({
      id: r.id,
      year: r.year,
      kind: r.kind,
      quarter: r.quarter,
      title: r.title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      status: r.status,
      targets: Number(r.targets),
      recorded: Number(r.recorded),
    })),
    canConfigure: canConfigureSupervision(ctx.actor),
  };
}

type InspectionDetail = z.output<typeof inspectionDetailDto>;

async function detailOf(db: Db, ctx: RequestContext, scope: Scope, i: repo.InspectionRow): Promise<InspectionDetail> {
  const targets = await repo.targetsOf(db, scope, i.id);
  const configure = canConfigureSupervision(ctx.actor);
  const may = (e: 'edit' | 'start' | 'finish' | 'cancel' | 'record') => configure && inspectionMachine.allows(e, i.status);
  return {
    id: i.id,
    year: i.year,
    kind: i.kind,
    quarter: i.quarter,
    title: i.title,
    startsOn: i.starts_on,
    endsOn: i.ends_on,
    status: i.status,
    targets: targets.length,
    recorded: targets.filter((t) => t.status === 'recorded').length,
    team: i.team,
    leader: i.leader,
    templateId: i.template_id,
    templateName: i.template_name,
    checklist: i.checklist.map((c) => ({ key: c.key, label: c.label, fact: c.fact ?? null })),
    targetList: targets.map((t) => ({
      orgId: t.org_id,
      orgName: t.org_name,
      status: t.status,
      visitedOn: t.visited_on,
      problems: t.results.filter((r) => r.result === 'problem').length,
    })),
    createdAt: i.created_at,
    abilities: { edit: may('edit'), start: may('start'), finish: may('finish'), cancel: may('cancel'), record: may('record') },
  };
}

/** What the audit log keeps of an inspection: its plan and state (no checklist results). */
const auditView = (d: InspectionDetail) => ({
  year: d.year,
  kind: d.kind,
  quarter: d.quarter,
  title: d.title,
  startsOn: d.startsOn,
  endsOn: d.endsOn,
  team: d.team,
  leader: d.leader,
  templateId: d.templateId,
  status: d.status,
  targetOrgIds: d.targetList.map((t) => t.orgId),
});

export async function getInspection(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = supervisionReadScope(ctx.actor);
  const i = await repo.findInspection(deps.db, scope, id);
  if (!i) throw notFound('督查');
  return detailOf(deps.db, ctx, scope, i);
}

/** The plan's checks: the template exists, every target is an organisation of the committee's reach alive in the year. */
async function checkPlan(db: Db, scope: Scope, input: InspectionInput) {
  const template = await repo.findTemplate(db, input.templateId);
  if (!template) throw validation('检查清单模板不存在', [{ field: 'templateId', message: '检查清单模板不存在' }]);
  const orgs = await repo.orgsInScope(db, scope, input.targetOrgIds);
  const missing = input.targetOrgIds.filter((id) => !orgs.some((o) => o.id === id));
  if (missing.length) throw validation(`督查对象不存在或不在管辖范围内：${missing.map((m) => `#${m}`).join('、')}`, [{ field: 'targetOrgIds', message: '督查对象不存在或不在管辖范围内' }]);
  const gone = orgs.filter((o) => o.dissolved_on && o.dissolved_on < input.startsOn);
  if (gone.length) throw validation(`督查对象已撤销：${gone.map((o) => o.name).join('、')}`, [{ field: 'targetOrgIds', message: '督查对象已撤销' }]);
  return template;
}

const planColumns = (input: InspectionInput) => ({
  year: input.year,
  kind: input.kind,
  quarter: input.kind === 'special' ? (input.quarter ?? null) : null,
  title: input.title,
  starts_on: input.startsOn,
  ends_on: input.endsOn,
  team: JSON.stringify(input.team),
  leader: input.leader || null,
  template_id: input.templateId,
});

export async function createInspection(deps: AppDeps, ctx: RequestContext, input: InspectionInput) {
  const scope = supervisionConfigureScope(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const template = await checkPlan(trx, scope, input);
    const { id } = await trx
      .insertInto('inspection')
      .values({ ...planColumns(input), checklist: JSON.stringify(template.items), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.replaceTargets(trx, id, input.targetOrgIds);
    const detail = await detailOf(trx, ctx, scope, (await repo.findInspection(trx, scope, id))!);
    await audit(trx, ctx, { action: 'inspection.create', entityType: 'inspection', entityId: id, after: auditView(detail) });
    return detail;
  });
}

/** PUT: the plan changes while planned (a new template copies its items again). */
export async function updateInspection(deps: AppDeps, ctx: RequestContext, id: number, input: InspectionInput) {
  const scope = supervisionConfigureScope(ctx.actor);
  return runTransition(deps.db, inspectionMachine, 'edit', {
    load: (trx) => repo.findInspection(trx, scope, id, true),
    notFound: () => notFound('督查'),
    apply: async (trx, i) => {
      const before = await detailOf(trx, ctx, scope, i);
      const template = await checkPlan(trx, scope, input);
      const checklist = input.templateId === i.template_id ? i.checklist : template.items;
      await guardedStatus(trx, 'inspection', id, i.status, { ...planColumns(input), checklist: JSON.stringify(checklist), updated_at: ctx.now }, inspectionMachine.refusal('edit', i.status));
      await repo.replaceTargets(trx, id, input.targetOrgIds);
      const after = await detailOf(trx, ctx, scope, (await repo.findInspection(trx, scope, id))!);
      await audit(trx, ctx, { action: 'inspection.update', entityType: 'inspection', entityId: id, before: auditView(before), after: auditView(after) });
      return after;
    },
  });
}

/** start / finish / cancel through the machine: one transaction, the row locked, a guarded write. */
export function transitionInspection(deps: AppDeps, ctx: RequestContext, id: number, event: 'start' | 'finish' | 'cancel') {
  const scope = supervisionConfigureScope(ctx.actor);
  return runTransition(deps.db, inspectionMachine, event, {
    load: (trx) => repo.findInspection(trx, scope, id, true),
    notFound: () => notFound('督查'),
    check: async (i, trx) => {
      if (event !== 'finish') return;
      const pending = (await repo.targetsOf(trx, scope, i.id)).filter((t) => t.status === 'pending');
      if (pending.length) throw validation(`还有${pending.length}个督查对象未登记检查结果：${pending.map((t) => t.org_name).join('、')}`);
    },
    apply: async (trx, i) => {
      const to = inspectionMachine.next(event, i.status as InspectionStatus);
      await guardedStatus(trx, 'inspection', id, i.status, { status: to, updated_at: ctx.now }, inspectionMachine.refusal(event, i.status));
      const after = await detailOf(trx, ctx, scope, (await repo.findInspection(trx, scope, id))!);
      await audit(trx, ctx, { action: event === 'start' ? 'inspection.start' : event === 'finish' ? 'inspection.finish' : 'inspection.cancel', entityType: 'inspection', entityId: id, before: { status: i.status }, after: { status: to } });
      return after;
    },
  });
}

// ---------- checklists ----------

type Checklist = z.output<typeof inspectionChecklistDto>;

export async function getChecklist(deps: AppDeps, ctx: RequestContext, id: number, orgId: number): Promise<Checklist> {
  const scope = supervisionReadScope(ctx.actor);
  const i = await repo.findInspection(deps.db, scope, id);
  const t = i && (await repo.findTarget(deps.db, scope, id, orgId));
  if (!i || !t) throw notFound('督查对象');
  // Pending: the facts as of now (or the year's end); recorded: the snapshot saved with the record.
  const asOf = t.status === 'recorded' && t.facts_as_of ? t.facts_as_of : factsDay(i.year, localDate(ctx.now));
  const facts: InspectionFact[] = t.status === 'recorded' && t.facts ? t.facts : await computeFacts(deps, { id: t.org_id, path: t.org_path }, i.year, asOf);
  return {
    inspectionId: i.id,
    inspectionTitle: i.title,
    inspectionStatus: i.status,
    year: i.year,
    orgId: t.org_id,
    orgName: t.org_name,
    status: t.status,
    facts,
    factsAsOf: asOf,
    checklist: i.checklist.map((c) => ({ key: c.key, label: c.label, fact: c.fact ?? null })),
    results: t.results.map((r) => ({ key: r.key, result: r.result, note: r.note ?? null })),
    visitedOn: t.visited_on,
    summary: t.summary,
    recordedAt: t.recorded_at,
    canRecord: canConfigureSupervision(ctx.actor) && inspectionMachine.allows('record', i.status),
  };
}

function checkResults(checklist: { key: string; label: string }[], input: ChecklistRecordInput) {
  const byKey = new Map(input.results.map((r) => [r.key, r]));
  const unknown = input.results.find((r) => !checklist.some((c) => c.key === r.key));
  if (unknown) throw validation(`未知的检查项：${unknown.key}`, [{ field: 'results', message: `未知的检查项：${unknown.key}` }]);
  if (byKey.size !== input.results.length) throw validation('检查项重复填写', [{ field: 'results', message: '检查项重复填写' }]);
  for (const c of checklist) {
    const r = byKey.get(c.key);
    if (!r) throw validation(`检查项“${c.label}”未填写结果`, [{ field: 'results', message: `检查项“${c.label}”未填写结果` }]);
    if (r.result === 'problem' && !r.note) throw validation(`检查项“${c.label}”存在问题，请填写问题说明`, [{ field: 'results', message: `检查项“${c.label}”存在问题，请填写问题说明` }]);
  }
  return checklist.map((c) => ({ key: c.key, result: byKey.get(c.key)!.result, note: byKey.get(c.key)!.note || null }));
}

/**
 * PUT a target's checklist: the results, the visit day and the summary, with the facts computed
 * now saved beside them. While the inspection is in progress a record may be corrected; once the
 * inspection is done it is final (409).
 */
export async function recordChecklist(deps: AppDeps, ctx: RequestContext, id: number, orgId: number, input: ChecklistRecordInput) {
  const scope = supervisionConfigureScope(ctx.actor);
  const found = await repo.findInspection(deps.db, scope, id);
  const target = found && (await repo.findTarget(deps.db, scope, id, orgId));
  if (!found || !target) throw notFound('督查对象');
  // Facts are read before the transaction (on PGlite a transaction holds the only connection).
  const asOf = factsDay(found.year, localDate(ctx.now));
  const facts = await computeFacts(deps, { id: target.org_id, path: target.org_path }, found.year, asOf);
  await runTransition(deps.db, inspectionMachine, 'record', {
    load: (trx) => repo.findInspection(trx, scope, id, true),
    notFound: () => notFound('督查'),
    check: (i) => {
      if (input.visitedOn > localDate(ctx.now)) throw validation('检查日期不能晚于今天', [{ field: 'visitedOn', message: '检查日期不能晚于今天' }]);
      if (input.visitedOn < i.starts_on) throw validation('检查日期不能早于督查开始日期', [{ field: 'visitedOn', message: '检查日期不能早于督查开始日期' }]);
    },
    apply: async (trx, i) => {
      const t = await repo.findTarget(trx, scope, id, orgId, true);
      if (!t) throw notFound('督查对象');
      const results = checkResults(i.checklist, input);
      await trx
        .updateTable('inspection_target')
        .set({ status: 'recorded', visited_on: input.visitedOn, summary: input.summary, results: JSON.stringify(results), facts: JSON.stringify(facts), facts_as_of: asOf, recorded_by: ctx.actor.userId, recorded_at: ctx.now })
        .where('inspection_id', '=', id)
        .where('org_id', '=', orgId)
        .execute();
      await audit(trx, ctx, {
        action: 'inspection.record',
        entityType: 'inspection_target',
        entityId: `${id}:${orgId}`,
        before: t.status === 'recorded' ? { visitedOn: t.visited_on, summary: t.summary, results: t.results } : null,
        after: { inspectionId: id, orgId, visitedOn: input.visitedOn, summary: input.summary, results, factsAsOf: asOf },
      });
    },
  });
  return getChecklist(deps, ctx, id, orgId);
}
