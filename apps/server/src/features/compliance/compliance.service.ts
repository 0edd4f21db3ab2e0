import {
  addToMonths,
  emptySummary,
  evaluateCompliance,
  localDate,
  summaryStatus,
  type ComplianceCell,
  type ComplianceOrg,
  type CountKey,
  type MonthSummary,
  type OrgType,
  type Requirement,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { isNone, scopeFor, type Scope } from '../../access/scope.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import * as repo from './compliance.repository.ts';
import { heatmapWorkbook } from './compliance-excel.ts';

export type EvaluatedOrg = { org: repo.ComplianceOrgRow; cells: ComplianceCell[] };

/** The organisation the caller looks from: the one asked for (in scope), or the top of their scope. */
async function viewpoint(deps: AppDeps, ctx: RequestContext, orgId?: number): Promise<{ scope: Scope; rootPath: string | null }> {
  const scope = scopeFor(ctx.actor, 'compliance.read');
  if (isNone(scope)) throw forbidden();
  if (!orgId) return { scope, rootPath: null };
  const org = await findOrg(deps.db, scope, orgId);
  if (!org) throw notFound('组织');
  return { scope: { kind: 'subtrees', paths: [org.path] }, rootPath: org.path };
}

/**
 * Every organisation in scope that a requirement applies to, evaluated for the year: four queries
 * (organisations, pre-aggregated monthly counts, committees, 谈心谈话 pairs), then the pure rule.
 */
export async function evaluateScope(deps: AppDeps, scope: Scope, year: number, asOf: string, requirements: Requirement[]): Promise<EvaluatedOrg[]> {
  const enabled = requirements.filter((r) => r.enabled);
  const types = new Set(enabled.flatMap((r) => r.appliesTo));
  const needsPairs = enabled.filter((r) => r.pairs).flatMap((r) => r.appliesTo);
  const [orgs, counts, committees, pairs] = await Promise.all([
    repo.orgsForYear(deps.db, scope, year),
    repo.yearCounts(deps.db, scope, year),
    repo.orgsWithCommittee(deps.db, scope, asOf),
    needsPairs.length ? repo.talkPairs(deps.db, scope, year, [...new Set(needsPairs)], asOf) : Promise.resolve([]),
  ]);
  const monthly = new Map<number, Partial<Record<CountKey, number[]>>>();
  for (const c of counts) (monthly.get(c.org_id) ?? monthly.set(c.org_id, {}).get(c.org_id)!)[c.count_key as CountKey] = c.months;
  const groups = new Map<number, number[][]>();
  for (const o of orgs) {
    if (o.type !== 'party_group' || o.dissolved_on || o.parent_id === null) continue;
    (groups.get(o.parent_id) ?? groups.set(o.parent_id, []).get(o.parent_id)!).push(monthly.get(o.id)?.group_meeting ?? []);
  }
  const pairsOf = new Map(pairs.map((p) => [p.org_id, { required: p.required, covered: p.covered }]));
  const out: EvaluatedOrg[] = [];
  for (const o of orgs) {
    if (!types.has(o.type as OrgType)) continue;
    const input: ComplianceOrg = {
      type: o.type as OrgType,
      foundedOn: o.founded_on,
      dissolvedOn: o.dissolved_on,
      hasCommittee: committees.has(o.id),
      monthly: monthly.get(o.id) ?? {},
      groups: groups.get(o.id) ?? [],
      talkPairs: pairsOf.get(o.id) ?? { required: 0, covered: 0 },
    };
    out.push({ org: o, cells: evaluateCompliance(input, requirements, year, asOf) });
  }
  return out;
}

async function evaluate(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const { scope, rootPath } = await viewpoint(deps, ctx, orgId);
  const asOf = localDate(ctx.now);
  const { items: requirements } = await repo.requirementsFor(deps.db, year);
  const evaluated = await evaluateScope(deps, scope, year, asOf, requirements);
  return { scope, rootPath, asOf, requirements, evaluated };
}

/** GET /api/compliance: statuses per organisation × period × requirement, a page of organisations at a time. */
export async function complianceList(deps: AppDeps, ctx: RequestContext, year: number, orgId: number | undefined, page: number, pageSize: number) {
  const { asOf, requirements, evaluated } = await evaluate(deps, ctx, year, orgId);
  evaluated.sort((a, b) => a.org.path.localeCompare(b.org.path));
  return {
    year,
    asOf,
    requirements: requirements.filter((r) => r.enabled),
    total: evaluated.length,
    page,
    pageSize,
    items: evaluated.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
      orgId: e.org.id,
      orgName: e.org.name,
      orgType: e.org.type,
      cells: e.cells.map((c) => ({ requirementKey: c.requirementKey, activityType: c.activityType, periodId: c.periodId, status: c.status, done: c.done, needed: c.needed })),
    })),
  };
}

export type HeatmapRow = { orgId: number; orgName: string; orgType: string; leaf: boolean; months: MonthSummary[]; statuses: string[] };

/**
 * The heatmap: one row per child of the viewpoint (for the committee, the units' 机关党委), each
 * cell summing that subtree's items whose period ends in the month. A branch is a leaf: its row
 * drills down to the requirement grid.
 */
export async function heatmap(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const { rows, totals, asOf } = await heatmapData(deps, ctx, year, orgId);
  return { year, asOf, rows, totals, totalStatuses: totals.map(summaryStatus) };
}

/** The heatmap, its organisations' cells and the requirements, for the Excel export. */
export async function heatmapExport(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const data = await heatmapData(deps, ctx, year, orgId);
  return heatmapWorkbook(year, data.asOf, data.rows, data.evaluated, data.requirements);
}

async function heatmapData(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const { rootPath, asOf, evaluated, requirements } = await evaluate(deps, ctx, year, orgId);
  const byPath = evaluated.map((e) => ({ path: e.org.path, cells: e.cells }));
  const rowsOrgs = await rowOrgs(deps, ctx, rootPath, year);
  const rows: HeatmapRow[] = [];
  for (const r of rowsOrgs) {
    const months = Array.from({ length: 12 }, emptySummary);
    for (const e of byPath) if (e.path.startsWith(r.path)) addToMonths(months, e.cells);
    rows.push({ orgId: r.id, orgName: r.name, orgType: r.type, leaf: !r.hasChildren, months, statuses: months.map(summaryStatus) });
  }
  const totals = Array.from({ length: 12 }, emptySummary);
  for (const e of byPath) addToMonths(totals, e.cells);
  return { asOf, evaluated, requirements, totals, rows: rows.filter((r) => r.months.some((m) => m.met + m.due + m.overdue + m.na > 0)) };
}

/** Rows of the heatmap: the viewpoint's children; without a viewpoint, the children of the caller's grant roots. */
async function rowOrgs(deps: AppDeps, ctx: RequestContext, rootPath: string | null, year: number) {
  const scope = scopeFor(ctx.actor, 'compliance.read');
  const all = await repo.orgsForYear(deps.db, scope, year);
  const roots = rootPath ? [rootPath] : topPaths(all.map((o) => o.path));
  const parents = new Set(all.map((o) => o.parent_id));
  const rows = all.filter((o) => roots.some((p) => o.path !== p && o.path.startsWith(p) && o.path.slice(p.length).split('/').length === 2));
  // A branch viewed on its own has no children to list: show the branch itself.
  const list = rows.length ? rows : all.filter((o) => roots.includes(o.path));
  return list
    .filter((o) => o.type !== 'party_group')
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    .map((o) => ({ ...o, hasChildren: parents.has(o.id) && all.some((c) => c.parent_id === o.id && c.type !== 'party_group') }));
}

function topPaths(paths: string[]): string[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}
