import { sql, type Kysely } from 'kysely';
import { DEFAULT_REVIEW_GROUPS, DEFAULT_REVIEW_SCALE, localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { monthsAfter } from './review-common.ts';
import { reportersOf } from './review-campaigns.repository.ts';

/**
 * Demo 述职评议 (issue 11 item 8): last year's campaign, closed, whose problem comments became
 * items of the reporters' 问题清单 (so this year's reports show them, 「三述四评两整改」), and this
 * year's campaign in 测评中 with reports, comments and some ballots. Reviewers are the demo's
 * accounts in the three default groups: admin (机关工委), unitadmin (班子), secretary and member
 * (党员代表). Deterministic; written directly like the other demo seeds.
 */
export async function seedReviewCampaign(db: Kysely<DB>, o: { now: Date }) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  const root = await db.selectFrom('org').select(['id']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  if (!root) return { campaigns: 0 };
  const users = await db.selectFrom('app_user').select(['id', 'username', 'member_id']).where('username', 'in', ['admin', 'unitadmin', 'secretary', 'member']).execute();
  const uid = (u: string) => users.find((x) => x.username === u)?.id;
  // The first four units (the demo unit admin's first) and the demo secretary's branch report.
  const firstUnits = await db.selectFrom('org').select(['id', 'name']).where('parent_id', '=', root.id).where('dissolved_on', 'is', null).orderBy('id').limit(4).execute();
  const branch = await db
    .selectFrom('role_grant')
    .innerJoin('org', 'org.id', 'role_grant.org_id')
    .select(['org.id', 'org.name'])
    .where('role_grant.user_id', '=', uid('secretary') ?? 0)
    .where('role_grant.role', '=', 'org_admin')
    .executeTakeFirst();
  const units = branch ? [...firstUnits, branch] : firstUnits;
  const reviewers = (
    [
      ['unitadmin', 'g1'],
      ['admin', 'g2'],
      ['secretary', 'g3'],
      ['member', 'g3'],
    ] as const
  )
    .filter(([u]) => uid(u) !== undefined)
    .map(([u, g]) => ({ user_id: uid(u)!, group_key: g }));
  if (!units.length || !reviewers.length) return { campaigns: 0 };
  const at = (day: string) => new Date(`${day}T02:00:00Z`);
  const adminId = uid('admin') ?? null;

  const campaign = async (y: number, status: string) => {
    const { id } = await db
      .insertInto('review_campaign')
      .values({ year: y, name: `${y}年度党组织书记抓基层党建工作述职评议`, status: status as never, scale: JSON.stringify(DEFAULT_REVIEW_SCALE), meeting_on: `${y}-12-${y === year ? '05' : '20'}`, meeting_place: '市委机关一号楼三楼会议室', closed_at: status === 'closed' ? at(`${y}-12-28`) : null, created_by: adminId, created_at: at(`${y}-11-01`), updated_at: at(`${y}-12-01`) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('review_group').values(DEFAULT_REVIEW_GROUPS.map((g, i) => ({ campaign_id: id, key: `g${i + 1}`, name: g.name, weight: g.weight, seq: i }))).execute();
    await db.insertInto('review_reviewer').values(reviewers.map((r) => ({ campaign_id: id, ...r }))).execute();
    const reps = await db
      .insertInto('review_reporter')
      .values(units.map((u, i) => ({ campaign_id: id, org_id: u.id, secretary_name: SECRETARIES[i % SECRETARIES.length]!, seq: i, report_text: i < 4 ? reportText(u.name, y) : null, report_updated_at: i < 4 ? at(`${y}-11-25`) : null })))
      .returning(['id', 'org_id'])
      .execute();
    return { id, reps };
  };

  // Last year: closed, every ballot cast, two problem comments per the first three units turned into list items.
  const last = await campaign(year - 1, 'closed');
  const grades = ['good', 'fairly_good', 'average', 'poor'];
  // Nobody grades their own report (SZ-13): the demo secretary's branch gets no ballot from the demo secretary.
  const secretaryOfRep = new Map((await reportersOf(db, last.id, null, today)).map((p) => [p.id, p.committee_secretary_member_id]));
  const memberOfUser = new Map(users.map((u) => [u.id, u.member_id]));
  const isSelf = (reporterId: number, userId: number) => memberOfUser.get(userId) != null && secretaryOfRep.get(reporterId) === memberOfUser.get(userId);
  await db
    .insertInto('review_ballot')
    .values(last.reps.flatMap((p, i) => reviewers.filter((r) => !isSelf(p.id, r.user_id)).map((r, j) => ({ campaign_id: last.id, reporter_id: p.id, reviewer_id: r.user_id, grade: grades[(i + j) % 3]!, cast_at: at(`${year - 1}-12-20`) }))))
    .execute();
  const lastProblems = [
    '对支部“三会一课”落实情况督促检查不够，个别支部组织生活记录不规范。',
    '党建与业务融合不够紧密，党建品牌特色不鲜明。',
  ];
  for (const [i, p] of last.reps.slice(0, 3).entries()) {
    for (const [k, text] of lastProblems.entries()) {
      const reviewer = reviewers[k % reviewers.length]!;
      const deadline = monthsAfter(`${year - 1}-12-28`, 2);
      const status = (i + k) % 3 === 0 ? 'closed' : 'in_progress';
      const item = await db
        .insertInto('list_item')
        .values({ org_id: p.org_id, year: year - 1, list_kind: 'problem', source: 'review', category: '述职评议点评问题', title: `述职评议点评：${text.slice(0, 60)}`, content: text, evidence_required: '整改措施与完成情况', responsible_name: '', leader_name: '', start_on: `${year - 1}-12-28`, deadline, status, closed_on: status === 'closed' ? `${year}-02-15` : null, created_by: adminId, created_at: at(`${year - 1}-12-28`), updated_at: at(`${year}-02-15`) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('list_item_event').values({ item_id: item.id, kind: 'created', note: '述职评议点评问题转入问题清单', by_user: adminId, at: at(`${year - 1}-12-28`) }).execute();
      await db.insertInto('review_comment').values({ campaign_id: last.id, reporter_id: p.id, reviewer_id: reviewer.user_id, text, problem: true, list_item_id: item.id, created_at: at(`${year - 1}-12-20`), updated_at: at(`${year - 1}-12-20`) }).execute();
    }
  }

  // This year: in 测评中 — comments on every reporter by the committee, ballots by some reviewers.
  const cur = await campaign(year, 'voting');
  const comments = ['述职报告问题查摆具体，整改措施可行，建议进一步细化时间节点。', '对年轻党员教育管理抓得不够，需建立常态化谈心谈话机制。', '“三会一课”制度落实较好，主题党日活动形式较为单一。'];
  await db
    .insertInto('review_comment')
    .values(cur.reps.map((p, i) => ({ campaign_id: cur.id, reporter_id: p.id, reviewer_id: reviewers[i % reviewers.length]!.user_id, text: comments[i % 3]!, problem: i % 3 === 1, created_at: at(`${year}-12-05`), updated_at: at(`${year}-12-05`) })))
    .execute();
  const voters = reviewers.filter((r) => r.group_key !== 'g3' || uid('member') !== r.user_id);
  await db
    .insertInto('review_ballot')
    .values(voters.slice(0, 2).flatMap((r, j) => cur.reps.map((p, i) => ({ campaign_id: cur.id, reporter_id: p.id, reviewer_id: r.user_id, grade: grades[(i + j) % 2]!, cast_at: at(`${year}-12-06`) }))))
    .execute();
  await sql`select 1`.execute(db);
  return { campaigns: 2 };
}

/** Named where the demo city's committee data has no serving 书记 (the data's 书记 wins when it has one). */
const SECRETARIES = ['张卫东', '刘建平', '陈晓燕', '杨志强', '黄丽华'];

function reportText(org: string, y: number) {
  return [
    `${org}书记${y}年度抓基层党建工作述职报告`,
    '',
    '一、履行职责情况：认真落实全面从严治党主体责任，全年主持召开党委会研究党建工作12次，带头讲党课2次。',
    '二、存在的问题：一是对基层支部督促指导还不够经常；二是党建与业务融合的载体不多。',
    '三、下一步措施：建立支部工作月报制度，推动“一支部一品牌”创建，抓好上年度点评问题整改。',
  ].join('\n');
}
