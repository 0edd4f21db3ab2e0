// The compliance heatmap benchmark (part of npm run bench; `npm run bench -- compliance` runs only
// this): the whole-city heatmap for a year through the API, and the same numbers from one
// hand-written SQL statement over the base tables (the floor). See docs/benchmarks.md.
import autocannon from 'autocannon';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';

type Summary = { met: number; due: number; overdue: number; na: number };
export type HeatmapAnswer = Map<number, Summary[]>;

/**
 * The floor: the committee's heatmap (rows = the root's children, cells summed over their
 * subtrees' 党支部) in one statement, from activity, org, org_committee_member, member and
 * heart_talk_pair, without org_activity_year and without activity.lecturer_is_secretary (the
 * secretary on the day comes from org_committee_member). The national default requirements
 * (DEFAULT_REQUIREMENTS) are written into the SQL: 支委会, 党小组会 (each group), 主题党日 monthly;
 * 党员大会 quarterly; 组织生活会, 民主评议, 谈心谈话 pairs, 书记讲党课 yearly. The status of a
 * requirement × period is the rule's: met when done ≥ needed > 0, else na when the branch was
 * founded after the period began, dissolved by its end, lacks a committee (支委会) or has nothing
 * to do (no 党小组, no pair), else overdue after the period's end, else due.
 */
export function floorQuery(year: number, asOf: string) {
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  // The rule's status of one requirement × period (null when no period of it ends in this month).
  const status = (ends: RawBuilder<unknown>, done: RawBuilder<unknown>, needed: RawBuilder<unknown>, start: RawBuilder<unknown>, noCommittee: RawBuilder<unknown> = sql`false`) => sql`
    case when not (${ends}) then null
         when ${needed} > 0 and ${done} >= ${needed} then 'met'
         when b.founded_on > ${start} or b.dissolved_on <= pe.pend or ${noCommittee} or ${needed} = 0 then 'na'
         when ${asOf}::date > pe.pend then 'overdue'
         else 'due' end`;
  const always = sql`true`;
  const december = sql`mm.m = 12`;
  const monthStart = sql`pe.mstart`;
  const yearStart = sql`${y0}::date`;
  return sql<{ org_id: number; m: number; met: number; due: number; overdue: number; na: number }>`
    with
    alive as (
      select id, parent_id, path, type, founded_on, dissolved_on from org
      where (founded_on is null or founded_on <= ${y1}::date) and (dissolved_on is null or dissolved_on >= ${y0}::date)
    ),
    -- 党支部 alive in the year, with the heatmap row they add to (the root's child on their path).
    branch as (
      select b.id, b.founded_on, b.dissolved_on, r.id as row_id
      from alive b join alive r on r.id = split_part(b.path, '/', 3)::int and r.type <> 'party_group'
      where b.type in ('branch', 'joint_branch', 'temporary_branch', 'retired_branch')
    ),
    counts as (
      select a.org_id, extract(month from a.held_on)::int as m,
             count(*) filter (where 'committee_meeting' = any(a.types))::int as committee,
             count(*) filter (where 'group_meeting' = any(a.types))::int as grp,
             count(*) filter (where 'branch_assembly' = any(a.types))::int as assembly,
             count(*) filter (where 'theme_day' = any(a.types))::int as theme,
             count(*) filter (where 'life_meeting' = any(a.types))::int as life,
             count(*) filter (where 'member_review' = any(a.types))::int as review,
             count(*) filter (where case when 'party_lecture' = any(a.types) and a.lecturer_member_id is not null
                                    then a.lecturer_member_id = (
                                      select s.member_id from org_committee_member s
                                      where s.org_id = a.org_id and s.post = 'secretary' and s.started_on <= a.held_on and (s.ended_on is null or s.ended_on > a.held_on)
                                      limit 1)
                                    else false end)::int as sec_lecture
      from activity a
      where a.status = 'approved' and a.held_on between ${y0}::date and ${y1}::date
      group by 1, 2
    ),
    yearly as (
      select org_id, sum(life)::int as life, sum(review)::int as review, sum(sec_lecture)::int as sec_lecture,
             array[sum(assembly) filter (where m <= 3), sum(assembly) filter (where m between 4 and 6),
                   sum(assembly) filter (where m between 7 and 9), sum(assembly) filter (where m >= 10)]::int[] as assembly
      from counts group by org_id
    ),
    committee as (
      select org_id from org_committee_member
      where started_on <= ${asOf}::date and (ended_on is null or ended_on > ${asOf}::date)
      group by org_id having count(distinct member_id) >= 3
    ),
    grp as (
      select g.parent_id as branch_id, mm.m, count(*)::int as needed, (count(*) filter (where c.grp >= 1))::int as done
      from alive g cross join generate_series(1, 12) as mm(m)
      left join counts c on c.org_id = g.id and c.m = mm.m
      where g.type = 'party_group' and g.dissolved_on is null
      group by 1, 2
    ),
    tb as (select id from org where type in ('branch', 'joint_branch', 'temporary_branch', 'retired_branch') and dissolved_on is null),
    serving as (
      select c.org_id, c.member_id, c.post = 'secretary' as is_sec
      from org_committee_member c join tb on tb.id = c.org_id
      where c.started_on <= ${asOf}::date and (c.ended_on is null or c.ended_on > ${asOf}::date)
    ),
    sec as (select org_id, min(member_id) as member_id from serving where is_sec group by org_id),
    others as (select org_id, count(distinct member_id)::int as k from serving where not is_sec group by org_id),
    roster as (
      select coalesce(case when o.type = 'party_group' then o.parent_id end, o.id) as org_id, sum(n)::int as n
      from (select org_id, count(*) as n from member where status = 'normal' group by org_id) m join org o on o.id = m.org_id
      group by 1
    ),
    covered as (
      select p.org_id, count(*)::int as n
      from (select distinct p.org_id, p.member_a, p.member_b from heart_talk_pair p join tb on tb.id = p.org_id where p.year = ${year}) p
      left join sec s on s.org_id = p.org_id
      where p.member_a = s.member_id or p.member_b = s.member_id
         or ((p.org_id, p.member_a) in (select org_id, member_id from serving where not is_sec)
             and (p.org_id, p.member_b) in (select org_id, member_id from serving where not is_sec))
      group by p.org_id
    ),
    talk as (
      select tb.id as org_id,
             (case when s.member_id is null then 0 else greatest(coalesce(r.n, 0) - 1, 0) end + coalesce(ot.k, 0) * (coalesce(ot.k, 0) - 1) / 2)::int as needed,
             coalesce(cv.n, 0) as done
      from tb left join sec s on s.org_id = tb.id left join others ot on ot.org_id = tb.id
      left join roster r on r.org_id = tb.id left join covered cv on cv.org_id = tb.id
    ),
    cells as (
      select b.row_id, mm.m, array[
        ${status(always, sql`coalesce(c.committee, 0)`, sql`1`, monthStart, sql`hc.org_id is null`)},
        ${status(always, sql`coalesce(g.done, 0)`, sql`coalesce(g.needed, 0)`, monthStart)},
        ${status(sql`mm.m % 3 = 0`, sql`coalesce(yr.assembly[mm.m / 3], 0)`, sql`1`, sql`make_date(${year}, greatest(mm.m - 2, 1), 1)`)},
        ${status(always, sql`coalesce(c.theme, 0)`, sql`1`, monthStart)},
        ${status(december, sql`coalesce(yr.life, 0)`, sql`1`, yearStart)},
        ${status(december, sql`coalesce(yr.review, 0)`, sql`1`, yearStart)},
        ${status(december, sql`coalesce(t.done, 0)`, sql`coalesce(t.needed, 0)`, yearStart)},
        ${status(december, sql`coalesce(yr.sec_lecture, 0)`, sql`1`, yearStart)}
      ] as st
      from branch b
      cross join generate_series(1, 12) as mm(m)
      cross join lateral (select make_date(${year}, mm.m, 1) as mstart, (make_date(${year}, mm.m, 1) + interval '1 month' - interval '1 day')::date as pend) pe
      left join counts c on c.org_id = b.id and c.m = mm.m
      left join yearly yr on yr.org_id = b.id
      left join grp g on g.branch_id = b.id and g.m = mm.m
      left join talk t on t.org_id = b.id
      left join committee hc on hc.org_id = b.id
    )
    select row_id as org_id, m,
           sum(cardinality(array_positions(st, 'met')))::int as met,
           sum(cardinality(array_positions(st, 'due')))::int as due,
           sum(cardinality(array_positions(st, 'overdue')))::int as overdue,
           sum(cardinality(array_positions(st, 'na')))::int as na
    from cells
    group by 1, 2
    order by 1, 2
  `;
}

export async function floorAnswer(db: Kysely<DB>, year: number, asOf: string): Promise<HeatmapAnswer> {
  const { rows } = await floorQuery(year, asOf).execute(db);
  const out: HeatmapAnswer = new Map();
  for (const r of rows) {
    const months = out.get(r.org_id) ?? out.set(r.org_id, Array.from({ length: 12 }, () => ({ met: 0, due: 0, overdue: 0, na: 0 }))).get(r.org_id)!;
    months[r.m - 1] = { met: r.met, due: r.due, overdue: r.overdue, na: r.na };
  }
  return out;
}

export function apiAnswer(body: { rows: { orgId: number; months: Summary[] }[] }): HeatmapAnswer {
  return new Map(body.rows.map((r) => [r.orgId, r.months.map((m) => ({ met: m.met, due: m.due, overdue: m.overdue, na: m.na }))]));
}

/** The differences between two answers (empty when they agree), at most a few. */
export function differences(a: HeatmapAnswer, b: HeatmapAnswer): string[] {
  const out: string[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const x = JSON.stringify(a.get(id) ?? null);
    const y = JSON.stringify(b.get(id) ?? null);
    if (x !== y) out.push(`org ${id}: api ${x} floor ${y}`);
  }
  return out.slice(0, 5);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), min: r(s[0]), max: r(s[s.length - 1]) };
}

/** Times `run` sequentially after warm-up runs. */
export async function timed(run: () => Promise<unknown>, { warmup = 5, n = 30 } = {}) {
  for (let i = 0; i < warmup; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

export async function getJson(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function concurrent(url: string, cookie: string, connections: number, duration: number) {
  const result = await autocannon({ url, connections, duration, headers: { cookie } });
  return { connections, seconds: duration, rps: Math.round(result.requests.average * 10) / 10, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Sequential API and floor timings for one year's whole-city heatmap, the answers compared, and a concurrency run. */
export async function heatmapBenchmark(opts: { base: string; cookie: string; db: Kysely<DB>; year: number; asOf: () => string; connections: number; duration: number; log: (m: string) => void }) {
  const url = `${opts.base}/api/compliance/heatmap?year=${opts.year}`;
  const api = await getJson(url, opts.cookie);
  const floor = await floorAnswer(opts.db, opts.year, api.asOf);
  const diff = differences(apiAnswer(api), floor);
  opts.log(`  热力图：${api.rows.length} 行；底线查询与 API ${diff.length ? `不一致：\n    ${diff.join('\n    ')}` : '结果一致'}`);
  const apiMs = await timed(() => getJson(url, opts.cookie));
  opts.log(`  API 顺序 30 次：p50 ${apiMs.p50} ms，p99 ${apiMs.p99} ms`);
  const floorMs = await timed(() => floorQuery(opts.year, opts.asOf()).execute(opts.db));
  opts.log(`  底线 SQL 顺序 30 次：p50 ${floorMs.p50} ms，p99 ${floorMs.p99} ms`);
  const load = await concurrent(url, opts.cookie, opts.connections, opts.duration);
  opts.log(`  API 并发 ${load.connections} 连接 ${load.seconds} s：${load.rps} 次/秒，p50 ${load.p50} ms，p99 ${load.p99} ms`);
  return {
    rows: api.rows.length,
    sameAnswer: diff.length === 0,
    differences: diff,
    api: apiMs,
    floor: floorMs,
    ratioP50: Math.round((apiMs.p50 / floorMs.p50) * 100) / 100,
    concurrent: load,
  };
}
