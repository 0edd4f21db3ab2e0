import { sql } from 'kysely';
import { BRANCH_TYPES, type InspectionFact } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { inSubtree, subtreeOf } from '../../access/scope.ts';
import { evaluateScope, requirementsFor } from '../compliance/index.ts';
import { LIST_FACT_PROVIDERS } from '../lists/index.ts';

/**
 * The system facts (系统数据) a checklist opens with: each provider computes one fact of a target
 * organisation's subtree from the records, as of a day of the inspection's year. A checklist item
 * names the fact it is judged against (`fact` key). Another feature adds its provider to
 * FACT_PROVIDERS (e.g. the progress of the responsibility list) and templates may then point to it.
 */
export type FactInput = { deps: AppDeps; org: { id: number; path: string }; year: number; asOf: string };
export type FactValues = Record<string, number | boolean | null>;
export type FactProvider = { key: string; label: string; compute: (input: FactInput) => Promise<{ summary: string; values: FactValues }> };

const percent = (part: number, whole: number) => (whole ? Math.round((part * 1000) / whole) / 10 : null);

/** 组织生活落实: the compliance rule's cells of the subtree for the year up to asOf (the same engine as the heatmap). */
const orgLife: FactProvider = {
  key: 'org_life',
  label: '组织生活落实情况（年初至今）',
  async compute({ deps, org, year, asOf }) {
    const { items } = await requirementsFor(deps.db, year);
    const evaluated = await evaluateScope(deps, subtreeOf(org.path), year, asOf, items);
    let met = 0;
    let due = 0;
    let overdue = 0;
    for (const e of evaluated) {
      for (const c of e.cells) {
        if (c.status === 'met') met++;
        else if (c.status === 'due') due++;
        else if (c.status === 'overdue') overdue++;
      }
    }
    const rate = percent(met, met + overdue);
    return {
      summary: `${evaluated.length}个组织：已完成${met}项，待完成${due}项，逾期未完成${overdue}项${rate === null ? '' : `，完成率${rate}%`}`,
      values: { organisations: evaluated.length, met, due, overdue, rate },
    };
  },
};

/** 班子配备: the target's own secretary and committee, and how many branches below it have a secretary in post. */
const committee: FactProvider = {
  key: 'committee',
  label: '班子配备（书记是否到位、委员人数）',
  async compute({ deps, org, asOf }) {
    const serving = (db: AppDeps['db']) =>
      db
        .selectFrom('org_committee_member as c')
        .where('c.started_on', '<=', asOf)
        .where((eb) => eb.or([eb('c.ended_on', 'is', null), eb('c.ended_on', '>', asOf)]));
    const own = await serving(deps.db).where('c.org_id', '=', org.id).select(['c.post', 'c.member_id']).execute();
    const branches = await deps.db
      .selectFrom('org as o')
      .where((eb) => inSubtree(eb.ref('o.path'), org.path))
      .where('o.type', 'in', BRANCH_TYPES)
      .where((eb) => eb.or([eb('o.dissolved_on', 'is', null), eb('o.dissolved_on', '>', asOf)]))
      .select('o.id')
      .execute();
    const ids = branches.map((b) => b.id);
    const secretaries = ids.length ? await serving(deps.db).where('c.post', '=', 'secretary').where('c.org_id', 'in', ids).select('c.org_id').distinct().execute() : [];
    const secretaryInPost = own.some((c) => c.post === 'secretary');
    const committeeSize = new Set(own.map((c) => c.member_id)).size;
    const n = ids.length;
    const withSecretary = secretaries.length;
    return {
      summary: `书记${secretaryInPost ? '在任' : '空缺'}，委员${committeeSize}人；下属党支部${n}个，其中${withSecretary}个书记在任`,
      values: { secretaryInPost, committeeSize, branches: n, branchesWithSecretary: withSecretary },
    };
  },
};

/** 党员人数: members in normal standing in the subtree (正式 and 预备). */
const members: FactProvider = {
  key: 'members',
  label: '党员人数',
  async compute({ deps, org }) {
    const r = await deps.db
      .selectFrom('member as m')
      .innerJoin('org as o', 'o.id', 'm.org_id')
      .where((eb) => inSubtree(eb.ref('o.path'), org.path))
      .where('m.status', '=', 'normal')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('m.id').filterWhere('m.category', '=', 'full').as('full')])
      .executeTakeFirstOrThrow();
    const n = Number(r.n);
    const full = Number(r.full);
    return { summary: `党员${n}名（正式党员${full}名，预备党员${n - full}名）`, values: { members: n, fullMembers: full, probationary: n - full } };
  },
};

/** 党务干部配备: members recorded as 专职 / 兼职 party-affairs cadres (member.cadre_type). */
const cadres: FactProvider = {
  key: 'cadres',
  label: '党务干部配备（专职/兼职）',
  async compute({ deps, org }) {
    const rows = await deps.db
      .selectFrom('member as m')
      .innerJoin('org as o', 'o.id', 'm.org_id')
      .where((eb) => inSubtree(eb.ref('o.path'), org.path))
      .where('m.status', '=', 'normal')
      .where('m.cadre_type', 'is not', null)
      .select(['m.cadre_type', sql<number>`count(*)::int`.as('n')])
      .groupBy('m.cadre_type')
      .execute();
    const of = (t: string) => Number(rows.find((r) => r.cadre_type === t)?.n ?? 0);
    const fullTime = of('full_time');
    const partTime = of('part_time');
    return { summary: `专职党务干部${fullTime}名，兼职党务干部${partTime}名${fullTime ? '' : '（未配备专职）'}`, values: { fullTime, partTime } };
  },
};

export const FACT_PROVIDERS: FactProvider[] = [orgLife, committee, members, cadres, ...LIST_FACT_PROVIDERS];

export const factKeys = () => FACT_PROVIDERS.map((p) => ({ key: p.key, label: p.label }));
export const isFactKey = (key: string) => FACT_PROVIDERS.some((p) => p.key === key);

/** The day facts are computed for: today, or the year's last day for a past year. */
export function factsDay(year: number, today: string): string {
  const end = `${year}-12-31`;
  return today < end ? today : end;
}

/** Every provider's fact for one organisation's subtree. */
export async function computeFacts(deps: AppDeps, org: { id: number; path: string }, year: number, asOf: string): Promise<InspectionFact[]> {
  const out: InspectionFact[] = [];
  for (const p of FACT_PROVIDERS) {
    const { summary, values } = await p.compute({ deps, org, year, asOf });
    out.push({ key: p.key, label: p.label, summary, values: Object.entries(values).map(([key, value]) => ({ key, value })) });
  }
  return out;
}
