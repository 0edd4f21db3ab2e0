import { sql, type Kysely } from 'kysely';
import { rectificationSentence } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { inSubtree } from '../../access/scope.ts';

type FactInput = { deps: { db: Kysely<DB> }; org: { id: number; path: string }; year: number; asOf: string };
type Fact = { key: string; label: string; compute: (input: FactInput) => Promise<{ summary: string; values: Record<string, number | boolean | null> }> };

const percent = (part: number, whole: number) => (whole ? Math.round((part * 1000) / whole) / 10 : null);

/** 重点任务推进: the subtree's own list items of the year (not the 协办 ones), from the stored assessment. */
const listProgress: Fact = {
  key: 'list_progress',
  label: '清单事项推进情况（序时进度、亮灯）',
  async compute({ deps, org, year }) {
    const r = await deps.db
      .selectFrom('list_item')
      .innerJoin('org', 'org.id', 'list_item.org_id')
      .where((eb) => inSubtree(eb.ref('org.path'), org.path))
      .where('list_item.year', '=', year)
      .select([
        sql<number>`count(*)::int`.as('items'),
        sql<number>`(count(*) filter (where list_item.status = 'closed'))::int`.as('closed'),
        sql<number>`(count(*) filter (where list_item.status <> 'closed' and list_item.light = 'red'))::int`.as('red'),
        sql<number>`(count(*) filter (where list_item.status <> 'closed' and list_item.light = 'yellow'))::int`.as('yellow'),
        sql<number>`(count(*) filter (where list_item.status <> 'closed' and list_item.progress_state = 'overdue'))::int`.as('overdue'),
      ])
      .executeTakeFirstOrThrow();
    const rate = percent(r.closed, r.items);
    return {
      summary: `清单事项${r.items}项，已销号${r.closed}项${rate === null ? '' : `（${rate}%）`}；红灯${r.red}项，黄灯${r.yellow}项，逾期${r.overdue}项`,
      values: { items: r.items, closed: r.closed, rate, red: r.red, yellow: r.yellow, overdue: r.overdue },
    };
  },
};

/** 上次督查问题整改: the subtree's findings of this and earlier years, counted as the progress sentence (R7). */
const rectification: Fact = {
  key: 'rectification',
  label: '督查发现问题整改情况',
  async compute({ deps, org, year }) {
    const r = await deps.db
      .selectFrom('list_item')
      .innerJoin('org', 'org.id', 'list_item.org_id')
      .where((eb) => inSubtree(eb.ref('org.path'), org.path))
      .where('list_item.source', '=', 'inspection')
      .where('list_item.year', '<=', year)
      .select([
        sql<number>`count(*)::int`.as('findings'),
        sql<number>`(count(*) filter (where list_item.status = 'closed'))::int`.as('rectified'),
        sql<number>`(count(*) filter (where list_item.status = 'in_progress' and list_item.outcome = 'basically'))::int`.as('basically'),
      ])
      .executeTakeFirstOrThrow();
    const s = rectificationSentence(r);
    return { summary: r.findings ? s.sentence : '此前督查未发现问题', values: { findings: s.findings, rectified: s.rectified, basically: s.basically, unfinished: s.unfinished, rate: s.completionRate } };
  },
};

/** The checklist facts the lists contribute (features/inspections adds them to its registry). */
export const LIST_FACT_PROVIDERS: Fact[] = [listProgress, rectification];
