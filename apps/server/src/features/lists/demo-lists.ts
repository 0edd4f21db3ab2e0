import { sql, type Kysely } from 'kysely';
import { assessItem, DEFAULT_LIGHT_THRESHOLDS, lightTimeline, localDate, type ItemFacts } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { factsOf, groupBy } from './progress.ts';

/**
 * Demo and benchmark data for the lists (issue 10 item 11), written set-based so the benchmark's
 * 165,000 items and half a million milestones go in within a minute. Deterministic for a day:
 * every choice is a function of the row's id. Progress profiles by id: most items on time, some
 * behind (yellow), some red, some red caught up (accepted late, so their light history shows the
 * red), some closed with an approved 销号, a few with a claim waiting for the level above. Items
 * past their deadline are closed but for the red profiles, which stay overdue.
 */
const TASKS: { kind: string; category: string; title: string; orgTypes: string[]; month: number; evidence: string }[] = [
  { kind: 'responsibility', category: '主体责任', title: '制定年度党建工作责任清单并分解到班子成员', orgTypes: ['organ_committee', 'party_committee'], month: 3, evidence: '责任清单文件、党组（党委）会议记录' },
  { kind: 'task', category: '理论武装', title: '落实“第一议题”制度，全年开展中心组学习不少于12次', orgTypes: ['organ_committee', 'party_committee'], month: 12, evidence: '中心组学习记录' },
  { kind: 'task', category: '基层组织', title: '规范开展“三会一课”和主题党日活动', orgTypes: ['branch', 'joint_branch', 'retired_branch', 'general_branch'], month: 12, evidence: '组织生活记录（系统已有记录可直接关联）' },
  { kind: 'task', category: '基层组织', title: '推进党支部标准化规范化建设，年底前达标', orgTypes: ['branch', 'joint_branch', 'general_branch'], month: 11, evidence: '达标验收材料' },
  { kind: 'measure', category: '党风廉政', title: '开展廉政风险点排查并制定防控措施', orgTypes: ['organ_committee', 'party_committee'], month: 9, evidence: '风险点清单、防控措施' },
  { kind: 'task', category: '队伍建设', title: '完成党务干部年度轮训', orgTypes: ['organ_committee', 'party_committee'], month: 10, evidence: '培训签到及结业名单' },
  { kind: 'problem', category: '问题整改', title: '对照上年度考核反馈问题逐项整改', orgTypes: ['organ_committee', 'party_committee'], month: 6, evidence: '整改报告' },
  { kind: 'task', category: '品牌创建', title: '打造“一支部一品牌”特色党建品牌', orgTypes: ['branch', 'joint_branch'], month: 12, evidence: '品牌创建材料' },
];

const MILESTONES = [
  { seq: 1, title: '制定工作方案', frac: 0.3, weight: 30 },
  { seq: 2, title: '全面推进落实', frac: 0.65, weight: 40 },
  { seq: 3, title: '总结验收', frac: 1, weight: 30 },
];

export type ListSeed = {
  now: Date;
  /** Key tasks to publish; for the benchmark more than TASKS (cycled, numbered, on every organisation). */
  tasks: number;
  /** Every organisation type instead of each task's own (the benchmark's 50 tasks on all 3,300). */
  allOrgs?: boolean;
  /** Accounts that claimed and decided (null for none). */
  reviewerId: number | null;
  submitterId: number | null;
  /** Keep each item's light history (every day judged from its start: cheap for a demo, not for 165,000 items). */
  history: boolean;
};

export async function seedLists(db: Kysely<DB>, o: ListSeed) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  const startOn = `${year}-01-15`;
  const publishedAt = new Date(`${startOn}T02:00:00Z`);
  // 1. Key tasks, published.
  const tasks = Array.from({ length: o.tasks }, (_, i) => {
    const t = TASKS[i % TASKS.length]!;
    const round = Math.floor(i / TASKS.length);
    const month = String(t.month).padStart(2, '0');
    const deadline = `${year}-${month}-${lastDay(year, t.month)}`;
    return {
      year,
      list_kind: t.kind,
      category: t.category,
      title: round ? `${t.title}（${round + 1}）` : t.title,
      description: '',
      unit_types: [],
      org_types: o.allOrgs ? [] : t.orgTypes,
      deadline,
      evidence_required: t.evidence,
      status: 'published',
      published_at: publishedAt,
      published_by: o.reviewerId,
      created_by: o.reviewerId,
      created_at: publishedAt,
      updated_at: publishedAt,
    };
  });
  const taskIds = (await db.insertInto('key_task').values(tasks).returning('id').execute()).map((r) => r.id);
  // 2. One item per task and applicable organisation (as publishing does).
  await sql`
    insert into list_item (org_id, year, list_kind, source, key_task_id, category, title, content, evidence_required, start_on, deadline, responsible_name, leader_name, created_by, created_at, updated_at)
    select o.id, t.year, t.list_kind, 'key_task', t.id, t.category, t.title, t.description, t.evidence_required, ${startOn}::date, t.deadline,
           '', '', t.created_by, t.published_at, t.published_at
    from key_task t join org o on o.dissolved_on is null and (cardinality(t.org_types) = 0 or o.type = any(t.org_types))
    where t.id = any(${taskIds}::int[])`.execute(db);
  // Responsible: the organisation's secretary where there is one.
  await sql`
    update list_item li set responsible_member_id = c.member_id
    from org_committee_member c
    where c.org_id = li.org_id and c.post = 'secretary' and c.ended_on is null and li.key_task_id = any(${taskIds}::int[])`.execute(db);
  await sql`update list_item set responsible_name = '分管负责同志', leader_name = '分管领导' where responsible_member_id is null and key_task_id = any(${taskIds}::int[])`.execute(db);
  // 3. The timetable: three milestones over each item's span.
  await sql`
    insert into list_item_milestone (item_id, seq, title, due_on, weight)
    select li.id, m.seq, m.title, li.start_on + round((li.deadline - li.start_on) * m.frac)::int, m.weight
    from list_item li, (values ${sql.join(MILESTONES.map((m) => sql`(${m.seq}::int, ${m.title}::text, ${m.frac}::numeric, ${m.weight}::int)`))}) as m(seq, title, frac, weight)
    where li.key_task_id = any(${taskIds}::int[])`.execute(db);
  // 4. Progress by profile (id mod 20): 0–10 on time, 11–13 behind, 14–15 red, 16–17 red caught up, 18–19 closed.
  const due = sql`m.due_on <= ${today}::date`;
  const items = sql`m.item_id in (select id from list_item where key_task_id = any(${taskIds}::int[]))`;
  await sql`update list_item_milestone m set status = 'accepted', accepted_on = least(m.due_on + (m.item_id % 5), ${today}::date), accepted_by = ${o.reviewerId},
      claim_note = '按计划完成', claimed_at = (m.due_on + (m.item_id % 5))::timestamptz, claimed_by = ${o.submitterId}
    where ${items} and ${due} and (m.item_id % 20 <= 10 or m.item_id % 20 >= 18 or (m.item_id % 20 between 11 and 13 and m.seq = 1))`.execute(db);
  await sql`update list_item_milestone m set status = 'accepted', accepted_on = least(m.due_on + 45, ${today}::date), accepted_by = ${o.reviewerId},
      claim_note = '经督办后完成', claimed_at = (least(m.due_on + 44, ${today}::date))::timestamptz, claimed_by = ${o.submitterId}
    where ${items} and m.due_on + 45 <= ${today}::date and m.item_id % 20 between 16 and 17`.execute(db);
  await sql`update list_item_milestone m set status = 'claimed', claim_note = '已完成，请审核', claimed_at = ${o.now}, claimed_by = ${o.submitterId}
    where ${items} and ${due} and m.status = 'open' and m.item_id % 40 = 11`.execute(db);
  // Closed: every milestone accepted, 销号 approved on the last acceptance — profiles 18–19, and
  // most items whose deadline has passed (all but the red ones: those stay overdue).
  const closes = sql`(li.id % 20 >= 18 or (li.deadline < ${today}::date and li.id % 20 not between 14 and 15))`;
  if (o.submitterId !== null) {
    await sql`update list_item_milestone m set status = 'accepted', accepted_on = least(m.due_on + (m.item_id % 5), ${today}::date), accepted_by = ${o.reviewerId}
      from list_item li where li.id = m.item_id and ${items} and ${closes} and m.status <> 'accepted'`.execute(db);
    const closed = await sql<{ id: number; closed_on: string }>`
      update list_item li set status = 'closed', closed_on = (select max(accepted_on) from list_item_milestone where item_id = li.id)
      where li.key_task_id = any(${taskIds}::int[]) and ${closes} returning li.id, to_char(li.closed_on, 'YYYY-MM-DD') as closed_on`.execute(db);
    await sql`
      insert into list_item_closing (item_id, status, summary, submitted_by, submitted_at, decided_by, decided_at, comment)
      select li.id, 'approved', '各节点任务均已完成，材料齐全', ${o.submitterId}, li.closed_on::timestamptz, ${o.reviewerId}, li.closed_on::timestamptz + interval '1 day', '同意销号'
      from list_item li where li.id = any(${closed.rows.map((r) => r.id)}::int[])`.execute(db);
    await sql`
      insert into list_item_evidence (closing_id, kind, text, label)
      select c.id, 'text', c.summary, '完成情况' from list_item_closing c join list_item li on li.id = c.item_id where li.id = any(${closed.rows.map((r) => r.id)}::int[])`.execute(db);
  }
  await sql`
    insert into list_item_event (item_id, kind, note, by_user, at)
    select id, 'created', '工委下达重点任务', created_by, created_at from list_item where key_task_id = any(${taskIds}::int[])`.execute(db);
  await assessAll(db, taskIds, today, o.history);
  return { tasks: taskIds.length };
}

function lastDay(year: number, month: number) {
  return String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0');
}

/** Today's assessment of every seeded item (and, for the demo, its light history from the start). */
async function assessAll(db: Kysely<DB>, taskIds: number[], today: string, history: boolean) {
  const t = DEFAULT_LIGHT_THRESHOLDS;
  const items = await db.selectFrom('list_item').select(['id', 'start_on', 'deadline', 'closed_on']).where('key_task_id', 'in', taskIds).orderBy('id').execute();
  for (let i = 0; i < items.length; i += 5000) {
    const batch = items.slice(i, i + 5000);
    const ms = groupBy(await db.selectFrom('list_item_milestone').select(['item_id', 'due_on', 'weight', 'accepted_on']).where('item_id', 'in', batch.map((b) => b.id)).execute(), (m) => m.item_id);
    const cols = { id: [] as number[], light: [] as string[], state: [] as string[], expected: [] as number[], actual: [] as number[] };
    const lightsRows: { item_id: number; day: string; light: string; expected: number; actual: number }[] = [];
    for (const item of batch) {
      const facts: ItemFacts = factsOf(item, ms.get(item.id) ?? []);
      const a = assessItem(facts, today, t);
      cols.id.push(item.id);
      cols.light.push(a.light);
      cols.state.push(a.state);
      cols.expected.push(a.expected);
      cols.actual.push(a.actual);
      const changes = history ? lightTimeline(facts, item.start_on, today, t) : [{ day: today, light: a.light }];
      for (const c of changes) {
        if (c.light === 'none' && lightsRows.at(-1)?.item_id !== item.id) continue; // the first day with no light is not a change
        const at = assessItem(facts, c.day, t);
        lightsRows.push({ item_id: item.id, day: c.day, light: c.light, expected: at.expected, actual: at.actual });
      }
    }
    await sql`
      update list_item li set light = v.light, progress_state = v.state, expected = v.expected, actual = v.actual, assessed_on = ${today}::date
      from unnest(${cols.id}::int[], ${cols.light}::text[], ${cols.state}::text[], ${cols.expected}::int[], ${cols.actual}::int[]) as v(id, light, state, expected, actual)
      where li.id = v.id`.execute(db);
    for (let j = 0; j < lightsRows.length; j += 2000) await db.insertInto('list_item_light').values(lightsRows.slice(j, j + 2000)).execute();
  }
}
