import {
  addToMonths,
  countKeyOf,
  effectiveGoLive,
  emptySummary,
  evaluateCompliance,
  localDate,
  summaryStatus,
  tallyCompliance,
  type ComplianceCell,
  type ComplianceOrg,
  type CountKey,
  type MonthSummary,
  type OrgType,
  type Requirement,
  type heatmapRowDto,
  type z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { isNone, scopeFor, subtreeOf, type Scope } from '../../access/scope.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { findOrg, getCityGoLive, ownGoLiveDates } from '../orgs/index.ts';
import * as repo from './compliance.repository.ts';
import { heatmapWorkbook } from './compliance-excel.ts';

export type EvaluatedOrg = { org: repo.ComplianceOrgRow; goLiveOn: string | null; cells: ComplianceCell[] };

/** The organisation the caller looks from: the one asked for (in scope), or the top of their scope. */
async function viewpoint(deps: AppDeps, ctx: RequestContext, orgId?: number): Promise<{ scope: Scope; rootPath: string | null }> {
  const scope = scopeFor(ctx.actor, 'compliance.read');
  if (isNone(scope)) throw forbidden();
  if (!orgId) return { scope, rootPath: null };
  const org = await findOrg(deps.db, scope, orgId);
  if (!org) throw notFound('组织');
  return { scope: subtreeOf(org.path), rootPath: org.path };
}

type Inputs = {
  /** Every organisation in scope alive in the year (the heatmap's rows come from these too). */
  orgs: repo.ComplianceOrgRow[];
  /** Those a requirement applies to, with what the rule needs to judge them. */
  evaluated: { org: repo.ComplianceOrgRow; input: ComplianceOrg }[];
  /** The city's go-live date (GO-1); null: not live. */
  cityGoLiveOn: string | null;
};

/**
 * What the rule needs for every organisation in scope, from four queries run together
 * (organisations, pre-aggregated monthly counts of the keys the requirements read, committees,
 * 谈心谈话 pairs).
 */
async function loadInputs(deps: AppDeps, scope: Scope, year: number, asOf: string, requirements: Requirement[]): Promise<Inputs> {
  const enabled = requirements.filter((r) => r.enabled);
  const types = new Set(enabled.flatMap((r) => r.appliesTo));
  const needsPairs = enabled.filter((r) => r.pairs).flatMap((r) => r.appliesTo);
  // Pair items read the pairs, 党小组 items their groups' 党小组会; every other item its own count key.
  const keys = new Set<CountKey>(enabled.filter((r) => !r.pairs).map(countKeyOf));
  if (enabled.some((r) => r.needs === 'groups')) keys.add('group_meeting');
  const [orgs, counts, committees, pairs, ownGoLive, cityGoLiveOn] = await Promise.all([
    repo.orgsForYear(deps.db, scope, year),
    keys.size ? repo.yearCounts(deps.db, scope, year, [...keys]) : Promise.resolve([]),
    repo.orgsWithCommittee(deps.db, scope, asOf),
    needsPairs.length ? repo.talkPairs(deps.db, scope, year, [...new Set(needsPairs)], asOf) : Promise.resolve([]),
    ownGoLiveDates(deps.db),
    getCityGoLive(deps.db),
  ]);
  const monthly = new Map<number, Partial<Record<CountKey, number[]>>>();
  for (const c of counts) (monthly.get(c.org_id) ?? monthly.set(c.org_id, {}).get(c.org_id)!)[c.count_key as CountKey] = c.months;
  const groups = new Map<number, number[][]>();
  for (const o of orgs) {
    if (o.type !== 'party_group' || o.dissolved_on || o.parent_id === null) continue;
    (groups.get(o.parent_id) ?? groups.set(o.parent_id, []).get(o.parent_id)!).push(monthly.get(o.id)?.group_meeting ?? []);
  }
  const pairsOf = new Map(pairs.map((p) => [p.org_id, { required: p.required, covered: p.covered }]));
  const evaluated: Inputs['evaluated'] = [];
  for (const o of orgs) {
    if (!types.has(o.type as OrgType)) continue;
    evaluated.push({
      org: o,
      input: {
        type: o.type as OrgType,
        goLiveOn: effectiveGoLive(o.path, ownGoLive, cityGoLiveOn)?.on ?? null,
        foundedOn: o.founded_on,
        dissolvedOn: o.dissolved_on,
        hasCommittee: committees.has(o.id),
        monthly: monthly.get(o.id) ?? {},
        groups: groups.get(o.id) ?? [],
        talkPairs: pairsOf.get(o.id) ?? { required: 0, covered: 0 },
      },
    });
  }
  return { orgs, evaluated, cityGoLiveOn };
}

/** Every organisation in scope that a requirement applies to, evaluated for the year by the pure rule. */
export async function evaluateScope(deps: AppDeps, scope: Scope, year: number, asOf: string, requirements: Requirement[]): Promise<EvaluatedOrg[]> {
  return (await evaluateInputs(deps, scope, year, asOf, requirements)).evaluated;
}

async function evaluateInputs(deps: AppDeps, scope: Scope, year: number, asOf: string, requirements: Requirement[]) {
  const { evaluated, cityGoLiveOn } = await loadInputs(deps, scope, year, asOf, requirements);
  return {
    cityGoLiveOn,
    evaluated: evaluated.map(({ org, input }) => ({ org, goLiveOn: input.goLiveOn, cells: evaluateCompliance(input, requirements, year, asOf) })),
  };
}

async function evaluate(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const { scope, rootPath } = await viewpoint(deps, ctx, orgId);
  const asOf = localDate(ctx.now);
  const { items: requirements } = await repo.requirementsFor(deps.db, year);
  const { evaluated, cityGoLiveOn } = await evaluateInputs(deps, scope, year, asOf, requirements);
  return { scope, rootPath, asOf, requirements, evaluated, cityGoLiveOn };
}

/** GET /api/compliance: statuses per organisation × period × requirement, a page of organisations at a time. */
export async function complianceList(deps: AppDeps, ctx: RequestContext, year: number, orgId: number | undefined, page: number, pageSize: number) {
  const { asOf, requirements, evaluated, cityGoLiveOn } = await evaluate(deps, ctx, year, orgId);
  evaluated.sort((a, b) => a.org.path.localeCompare(b.org.path));
  return {
    year,
    asOf,
    cityGoLiveOn,
    requirements: requirements.filter((r) => r.enabled),
    total: evaluated.length,
    page,
    pageSize,
    items: evaluated.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
      orgId: e.org.id,
      orgName: e.org.name,
      orgType: e.org.type as OrgType,
      goLiveOn: e.goLiveOn,
      cells: e.cells.map((c) => ({ requirementKey: c.requirementKey, activityType: c.activityType, periodId: c.periodId, status: c.status, done: c.done, needed: c.needed })),
    })),
  };
}

export type HeatmapRow = z.output<typeof heatmapRowDto>;

/**
 * The heatmap: one row per child of the viewpoint (for the committee, the units' 机关党委), each
 * cell summing that subtree's items whose period ends in the month. A branch is a leaf: its row
 * drills down to the requirement grid.
 */
export async function heatmap(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const { rows, totals, asOf, cityGoLiveOn } = await heatmapData(deps, ctx, year, orgId, false);
  return { year, asOf, cityGoLiveOn, rows, totals, totalStatuses: totals.map(summaryStatus) };
}

/** The heatmap, its organisations' cells and the requirements, for the Excel export. */
export async function heatmapExport(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const data = await heatmapData(deps, ctx, year, orgId, true);
  return heatmapWorkbook(year, data.asOf, data.cityGoLiveOn, data.rows, data.evaluated, data.requirements);
}

/**
 * One pass over the evaluated organisations: each adds its tally to the totals and to its row (the
 * row is found among its ancestors by id, not by comparing paths with every row). The on-screen
 * heatmap tallies without building cells; the export keeps the cells for its detail sheet.
 */
async function heatmapData(deps: AppDeps, ctx: RequestContext, year: number, orgId: number | undefined, withCells: boolean) {
  const { scope, rootPath } = await viewpoint(deps, ctx, orgId);
  const asOf = localDate(ctx.now);
  const { items: requirements } = await repo.requirementsFor(deps.db, year);
  const { orgs, evaluated: inputs, cityGoLiveOn } = await loadInputs(deps, scope, year, asOf, requirements);
  const rowOrgs = heatmapRowOrgs(orgs, rootPath);
  const rowAt = new Map(rowOrgs.map((o, i) => [o.id, i]));
  const rowMonths = rowOrgs.map(() => Array.from({ length: 12 }, emptySummary));
  const totals = Array.from({ length: 12 }, emptySummary);
  const evaluated: EvaluatedOrg[] = [];
  const months = Array.from({ length: 12 }, emptySummary);
  for (const { org, input } of inputs) {
    for (const m of months) m.met = m.due = m.overdue = m.inactive = m.na = 0;
    if (withCells) {
      const cells = evaluateCompliance(input, requirements, year, asOf);
      addToMonths(months, cells);
      evaluated.push({ org, goLiveOn: input.goLiveOn, cells });
    } else {
      tallyCompliance(months, input, requirements, year, asOf);
    }
    addSummaries(totals, months);
    for (const id of org.path.split('/')) {
      const row = id ? rowAt.get(Number(id)) : undefined;
      if (row !== undefined) addSummaries(rowMonths[row], months);
    }
  }
  const rows: HeatmapRow[] = rowOrgs.map((r, i) => ({ orgId: r.id, orgName: r.name, orgType: r.type as OrgType, leaf: !r.hasChildren, months: rowMonths[i], statuses: rowMonths[i].map(summaryStatus) }));
  return { asOf, cityGoLiveOn, evaluated, requirements, totals, rows: rows.filter((r) => r.months.some((m) => m.met + m.due + m.overdue + m.inactive + m.na > 0)) };
}

function addSummaries(into: MonthSummary[], add: MonthSummary[]) {
  for (let i = 0; i < 12; i++) {
    into[i].met += add[i].met;
    into[i].due += add[i].due;
    into[i].overdue += add[i].overdue;
    into[i].inactive += add[i].inactive;
    into[i].na += add[i].na;
  }
}

const byChineseName = new Intl.Collator('zh-CN');

/**
 * Rows of the heatmap: the viewpoint's children; without a viewpoint, the children of the caller's
 * grant roots. `orgs` are the organisations in the viewpoint's scope alive in the year.
 */
function heatmapRowOrgs(orgs: repo.ComplianceOrgRow[], rootPath: string | null) {
  const roots = rootPath ? [rootPath] : topPaths(orgs.map((o) => o.path));
  const withChildren = new Set(orgs.filter((c) => c.type !== 'party_group').map((c) => c.parent_id));
  // 党小组 are part of their branch, never rows of their own.
  const rows = orgs.filter((o) => o.type !== 'party_group' && roots.some((p) => o.path !== p && o.path.startsWith(p) && o.path.slice(p.length).split('/').length === 2));
  // A branch viewed on its own has no children to list: show the branch itself.
  const list = rows.length ? rows : orgs.filter((o) => roots.includes(o.path));
  return list.sort((a, b) => byChineseName.compare(a.name, b.name)).map((o) => ({ ...o, hasChildren: withChildren.has(o.id) }));
}

function topPaths(paths: string[]): string[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}
