import { sql, type Kysely } from 'kysely';
import { localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

const TOPICS: { title: string; description: string; materials: { title: string; body: string; hours: number }[] }[] = [
  {
    title: '学习贯彻党的创新理论',
    description: '市直机关工委推送的年度理论学习专题，每月更新。',
    materials: [
      { title: '新时代党的建设总要求学习辅导', body: '围绕新时代党的建设总要求，结合机关党建实际，逐条学习辅导。', hours: 1.5 },
      { title: '机关党建“三个表率”专题解读', body: '走在前、作表率：机关党组织在践行“两个维护”上的职责与举措。', hours: 1.5 },
      { title: '理论学习中心组学习方法', body: '如何把中心组学习与调查研究、推动工作结合起来。', hours: 1 },
      { title: '学思想、强党性、重实践、建新功', body: '主题教育成果的巩固与常态化长效化。', hours: 1.5 },
      { title: '党的二十届四中全会精神学习要点', body: '全会精神的主要内容与机关贯彻落实要求。', hours: 2 },
      { title: '以学促干：理论学习成果转化案例', body: '五个机关党支部把学习成果转化为工作举措的做法。', hours: 1 },
    ],
  },
  {
    title: '党章党规党纪',
    description: '《中国共产党章程》《中国共产党纪律处分条例》《中国共产党党和国家机关基层组织工作条例》等。',
    materials: [
      { title: '党章第一章：党员的义务和权利', body: '逐条学习党员八项义务、八项权利。', hours: 1.5 },
      { title: '纪律处分条例修订要点', body: '六项纪律的主要修订内容和典型情形。', hours: 2 },
      { title: '机关基层组织工作条例导读', body: '机关党组织的设置、职责、组织生活和党员教育管理。', hours: 1.5 },
      { title: '党员教育管理工作条例：学时要求', body: '党员每年集中学习培训不少于32学时的由来和落实。', hours: 1 },
      { title: '警示教育：违反中央八项规定精神典型问题', body: '通报典型问题，以案促改、以案促治。', hours: 1.5 },
      { title: '“三会一课”制度解读', body: '支部党员大会、支委会、党小组会和党课的要求。', hours: 1 },
    ],
  },
];

/**
 * The demo's 学习 (issue 12 item 8, "a year of study records"): the committee's two published topics
 * and a year of verified online study — each member completed some of the twelve materials, one
 * every few weeks (never beyond the daily cap), so the 学时 page shows members on track and behind.
 */
export async function seedStudy(trx: Kysely<DB>, o: { now: Date; rootId: number; creatorId: number | null }) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  let n = 0;
  for (const t of TOPICS) {
    const topic = await trx
      .insertInto('study_topic')
      .values({ org_id: o.rootId, title: t.title, description: t.description, cover_text: t.description, status: 'published', published_at: new Date(`${year}-01-05T09:00:00+08:00`), created_by: o.creatorId, created_at: o.now, updated_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, m] of t.materials.entries()) {
      n++;
      await trx
        .insertInto('study_material')
        .values({ topic_id: topic.id, kind: 'article', title: m.title, body: `<p>${m.body}</p>`, url: null, file_name: null, content_type: null, size: null, storage_key: null, credit_hours: m.hours, min_seconds: 300, question: null, position: i + 1, created_by: o.creatorId, created_at: o.now, updated_at: o.now })
        .execute();
    }
  }
  // Member m studies the first 3 + (m % 10) materials (in order), the k-th on day 20 + 25·k + m % 15 of the
  // year at 20:00 Beijing time, as long as that day has come.
  await sql`
    with mats as (
      select m.id, m.min_seconds, m.credit_hours, row_number() over (order by t.id, m.position) - 1 as k
        from study_material m join study_topic t on t.id = m.topic_id
       where t.org_id = ${o.rootId} and t.status = 'published'
    ),
    plan as (
      select p.id as member_id, mats.id as material_id, mats.min_seconds, mats.credit_hours,
             ((${`${year}-01-01`}::date + (20 + 25 * mats.k + p.id % 15)::int)::timestamp + interval '20 hours') at time zone 'Asia/Shanghai' as started_at
        from member p cross join mats
       where p.status = 'normal' and mats.k < 3 + p.id % 10
    ),
    sessions as (
      insert into study_session (material_id, member_id, status, started_at, last_beat_at, visible_seconds, completed_at)
      select material_id, member_id, 'completed', started_at, started_at + make_interval(secs => min_seconds + 45), min_seconds + 45, started_at + make_interval(secs => min_seconds + 60)
        from plan where started_at < ${o.now}
      returning id, material_id, member_id, completed_at
    )
    insert into study_credit (member_id, material_id, session_id, hours, credited_on, created_at)
    select s.member_id, s.material_id, s.id, p.credit_hours, (s.completed_at at time zone 'Asia/Shanghai')::date, s.completed_at
      from sessions s join plan p on p.member_id = s.member_id and p.material_id = s.material_id`.execute(trx);
  return n;
}
