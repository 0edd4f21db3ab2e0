import { sql, type Kysely } from 'kysely';
import { localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { seedLists } from '../lists/index.ts';

/**
 * Demo and benchmark supervision (issue 10 item 11): this year's key tasks on every list (see
 * seedLists), inspections of the units with recorded checklists, findings in every state of
 * their rectification (整改中, 待验收, 基本完成·持续整改, 未完成 sent back, 已整改, 立行立改) and a
 * few cards. Set-based and deterministic (states by row id), so the benchmark's 2,000 findings
 * cost the same few statements as the demo's twenty.
 */
export type SupervisionSeed = {
  now: Date;
  tasks: number;
  allOrgs?: boolean;
  /** Findings per recorded target of the done inspection. */
  findingsPerTarget: number;
  /** Units covered by the done inspection (the rest: the next one, or none). */
  coveredUnits: number;
  reviewerId: number | null;
  submitterId: number | null;
  history: boolean;
};

export async function seedSupervision(db: Kysely<DB>, o: SupervisionSeed) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  const lists = await seedLists(db, { now: o.now, tasks: o.tasks, allOrgs: o.allOrgs, reviewerId: o.reviewerId, submitterId: o.submitterId, history: o.history });
  const root = await db.selectFrom('org').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const units = await db.selectFrom('org').select(['id', 'name']).where('parent_id', '=', root.id).where('dissolved_on', 'is', null).orderBy('path').execute();
  if (!units.length || o.submitterId === null) return { ...lists, inspections: 0, findings: 0, cards: 0 };
  const templates = await db.selectFrom('checklist_template').select(['id', 'name', 'items']).orderBy('id').execute();
  const template = templates.find((t) => t.name === '三会一课落实') ?? templates[0]!;
  const second = templates.find((t) => t.name === '责任落实') ?? template;
  const at = (day: string) => new Date(`${day}T02:00:00Z`);
  // Q3 专项督查, done: the first units, all recorded. Q4 重点督查, under way: the next four, two recorded.
  const done = await db
    .insertInto('inspection')
    .values({ year, kind: 'special', quarter: 3, title: `${year}年第三季度“三会一课”专项督查`, starts_on: `${year}-08-20`, ends_on: `${year}-09-10`, team: JSON.stringify(['张建华', '李明', '王芳']), leader: '张建华', template_id: template.id, checklist: JSON.stringify(template.items), status: 'done', created_by: o.reviewerId, created_at: at(`${year}-08-01`), updated_at: at(`${year}-09-12`) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const current = await db
    .insertInto('inspection')
    .values({ year, kind: 'key', quarter: null, title: `${year}年责任落实重点督查`, starts_on: `${year}-11-15`, ends_on: `${year}-12-20`, team: JSON.stringify(['赵志刚', '陈静']), leader: '赵志刚', template_id: second.id, checklist: JSON.stringify(second.items), status: 'in_progress', created_by: o.reviewerId, created_at: at(`${year}-11-01`), updated_at: at(`${year}-11-15`) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const covered = units.slice(0, o.coveredUnits);
  const next = units.slice(o.coveredUnits, o.coveredUnits + 4);
  const results = (items: { key: string; label: string }[], k: number) =>
    JSON.stringify(items.map((it, j) => ({ key: it.key, result: (k + j) % 5 === 0 ? 'problem' : 'conform', note: (k + j) % 5 === 0 ? `${it.label.replace(/是否.*$/, '')}存在不足` : null })));
  await db
    .insertInto('inspection_target')
    .values([
      ...covered.map((u, k) => ({ inspection_id: done.id, org_id: u.id, status: 'recorded', visited_on: `${year}-08-${String(21 + (k % 9)).padStart(2, '0')}`, summary: '总体规范，个别支部存在不足，已当场反馈。', results: results(template.items, k), recorded_by: o.reviewerId, recorded_at: at(`${year}-09-10`) })),
      ...next.map((u, k) => (k < 2
        ? { inspection_id: current.id, org_id: u.id, status: 'recorded', visited_on: `${year}-11-${String(18 + k).padStart(2, '0')}`, summary: '责任清单已制定，序时推进总体正常。', results: results(second.items, k + 1), recorded_by: o.reviewerId, recorded_at: at(`${year}-11-20`) }
        : { inspection_id: current.id, org_id: u.id })),
    ] as never)
    .execute();
  // Findings: k per recorded target of the done inspection, one per recorded target of the current one.
  const findings = await sql<{ id: number; state: number }>`
    insert into list_item (org_id, year, list_kind, source, inspection_id, category, finding_class, severity, title, content, principal_name, leader_name,
                           responsible_name, start_on, deadline, created_by, created_at, updated_at)
    select t.org_id, ${year}, 'problem', 'inspection', t.inspection_id, f.class, f.class, f.severity, f.title, f.detail, '单位主要负责同志', '分管副职',
           '单位主要负责同志', t.visited_on, t.visited_on + 61, ${o.reviewerId}, t.recorded_at, t.recorded_at
    from inspection_target t
    cross join lateral (select g from generate_series(1, case when t.inspection_id = ${done.id} then ${o.findingsPerTarget}::int else 1 end) g) n
    cross join lateral (values
      (0, '三会一课', 'serious', '部分党支部支委会未按月召开', '抽查发现个别党支部有两个月无支委会记录'),
      (1, '组织生活', 'general', '主题党日活动形式单一', '主题党日多为集中学习，实践活动偏少'),
      (2, '党员管理', 'general', '党费收缴台账不规范', '个别党员党费未按月交纳，台账记录不全'),
      (3, '责任落实', 'critical', '党建责任清单未分解到人', '责任清单停留在单位层面，未分解到班子成员')
    ) as f(pick, class, severity, title, detail)
    where t.status = 'recorded' and t.inspection_id in (${done.id}, ${current.id})
      and f.pick = (t.org_id + n.g) % 4
    returning id, id % 6 as state`.execute(db);
  const byState = (s: number) => findings.rows.filter((f) => f.state === s).map((f) => f.id);
  const all = findings.rows.map((f) => f.id);
  await sql`
    insert into list_item_measure (item_id, seq, content, owner_name, deadline)
    select li.id, m.seq, m.content, m.owner, least(li.deadline, li.start_on + m.days)
    from list_item li, (values (1, '召开专题会议研究整改，逐项制定措施', '支部书记', 20), (2, '完善制度并建立长效机制', '组织委员', 50)) as m(seq, content, owner, days)
    where li.id = any(${all}::int[]) and not li.id = any(${byState(5)}::int[])`.execute(db);
  // States by id % 6: 0 已整改, 1 基本完成·持续整改, 2 待验收, 3 整改中 (one measure done), 4 未完成 sent back, 5 立行立改.
  await sql`update list_item_measure set status = 'done', done_note = '已按要求完成', done_at = ${o.now}, done_by = ${o.submitterId}
    where item_id = any(${[...byState(0), ...byState(1), ...byState(2), ...byState(4)]}::int[]) or (item_id = any(${byState(3)}::int[]) and seq = 1)`.execute(db);
  const closing = async (ids: number[], status: string, outcome: string | null, summary: string, comment: string | null) => {
    if (!ids.length) return;
    await sql`
      insert into list_item_closing (item_id, status, summary, outcome, verifiers, submitted_by, submitted_at, decided_by, decided_at, comment)
      select id, ${status}, ${summary}, ${outcome}, case when ${status} = 'submitted' then '{}'::text[] else array['张建华', '李明', '单位主要负责同志'] end,
             ${o.submitterId}, ${o.now}::timestamptz - interval '10 days', case when ${status} = 'submitted' then null else ${o.reviewerId}::int end,
             case when ${status} = 'submitted' then null else ${o.now}::timestamptz - interval '5 days' end, ${comment}
      from list_item where id = any(${ids}::int[])`.execute(db);
  };
  await closing(byState(0), 'approved', 'rectified', '整改措施全部完成，建立长效机制', '验收合格');
  await closing(byState(1), 'approved', 'basically', '主要问题已整改，长效机制运行中', '基本完成，持续整改');
  await closing(byState(2), 'submitted', null, '整改措施已全部完成，申请验收', null);
  await closing(byState(4), 'returned', 'unfinished', '已完成整改', '整改不到位，记录仍不完整');
  await closing(byState(5), 'approved', 'rectified', '检查当天已现场整改', '立行立改');
  await sql`update list_item set status = 'closed', outcome = 'rectified', closed_on = ${today}::date - 5 where id = any(${byState(0)}::int[])`.execute(db);
  await sql`update list_item set outcome = 'basically' where id = any(${byState(1)}::int[])`.execute(db);
  await sql`update list_item set status = 'closing' where id = any(${byState(2)}::int[])`.execute(db);
  await sql`update list_item set outcome = 'unfinished' where id = any(${byState(4)}::int[])`.execute(db);
  await sql`update list_item set status = 'closed', outcome = 'rectified', immediate = true, closed_on = start_on where id = any(${byState(5)}::int[])`.execute(db);
  await sql`
    insert into list_item_event (item_id, kind, note, by_user, at)
    select li.id, 'finding', i.title || '：' || li.finding_class, li.created_by, li.created_at
    from list_item li join inspection i on i.id = li.inspection_id where li.id = any(${all}::int[])`.execute(db);
  await sql`
    update list_item li set light = case when li.status = 'closed' then 'none' when li.deadline < ${today}::date then 'red' when li.deadline - ${today}::date <= 7 then 'blue' else 'none' end,
      progress_state = case when li.status = 'closed' then 'done' when li.deadline < ${today}::date then 'overdue' else 'on_time' end,
      expected = 0, actual = case when li.status = 'closed' then 100 else 0 end, assessed_on = null
    where li.id = any(${all}::int[])`.execute(db);
  // Cards: yellow to two units, red to one (linked to the done inspection and its findings there), one yellow withdrawn.
  const cardRows = units.slice(0, 4).map((u, k) => ({
    kind: k === 2 ? 'red' : 'yellow',
    org_id: u.id,
    reason: k === 2 ? '专项督查发现问题整改不力，督办后仍未完成' : '组织生活连续两个月未按要求开展',
    issued_on: `${year}-09-15`,
    year,
    inspection_id: k === 2 ? done.id : null,
    status: k === 3 ? 'withdrawn' : 'issued',
    withdrawn_reason: k === 3 ? '经核实已按要求补开，撤销' : null,
    withdrawn_by: k === 3 ? o.reviewerId : null,
    withdrawn_at: k === 3 ? at(`${year}-09-30`) : null,
    issued_by: o.reviewerId,
    created_at: at(`${year}-09-15`),
  }));
  const cards = await db.insertInto('card').values(cardRows as never).returning('id').execute();
  // The red card names the unit's findings of that inspection (whatever became of them since).
  await sql`
    insert into card_finding (card_id, item_id)
    select c.id, li.id from card c join list_item li on li.inspection_id = c.inspection_id and li.org_id = c.org_id
    where c.id = any(${cards.map((c) => c.id)}::int[])`.execute(db);
  return { ...lists, inspections: 2, findings: all.length, cards: cardRows.length };
}
