import { addWorkdays, localDate, type Role } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { Actor, RequestContext } from '../../access/actor.ts';
import { loadWorkCalendar } from '../supervision-settings/index.ts';
import { reassess } from '../lists/index.ts';
import { closeRound, openRound, publishRound } from './rounds.service.ts';
import { addDeductionEvent, answerAppeal, fileAppeal, putDepartmentScore, reviewSelfAssessment, saveSelfAssessment, setVetoes, submitSelfAssessment } from './round-scoring.service.ts';
import { rankingOf, requireRound } from './round-data.ts';

/*
 * Demo 年度考核 rounds (issue 11 item 8), after the schemes and the other demo seeds, driven
 * through the services with the demo's own accounts as the callers (so the rows, the history and
 * the audit are what the API would leave):
 * - last year's round, closed in January: every unit scored by its departments (宣传部 = the
 *   account `xuanchuan`, the others `admin`) with comments and evidence, a few deduction events,
 *   one 一票否决, every self-assessment reviewed (the demo unit's returned once), two appeals of
 *   the demo unit answered (one upheld, with the score's history; one rejected), totals, grades
 *   and ranks fixed, and the bottom unit of each series with its explanation item in its 问题清单 —
 *   the demo unit's already explained and closed;
 * - this year's round in 评分中: this year's 述职评议 is still being voted on (its meeting is in
 *   December, demo-review.ts), so results cannot be published yet. Computed indicators counted,
 *   宣传部's scores mostly in, 述职评议 scores waiting for the campaign, self-assessments in every
 *   state (the demo unit's submitted, waiting for the committee's review).
 * Units without a demo account: their self-assessment (what their 组织管理员 would have sent) is
 * written as the service writes it, with no account named. Deterministic for a given day.
 */

type Who = 'admin' | 'xuanchuan' | 'unitadmin';

async function actorOf(deps: AppDeps, username: string): Promise<Actor | null> {
  const u = await deps.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'member_id']).where('username', '=', username).where('disabled', '=', false).executeTakeFirst();
  if (!u) return null;
  const grants = await deps.db.selectFrom('role_grant').innerJoin('org', 'org.id', 'role_grant.org_id').select(['role_grant.org_id', 'role_grant.role', 'org.path', 'org.name']).where('role_grant.user_id', '=', u.id).execute();
  return { userId: u.id, username: u.username, displayName: u.display_name, memberId: u.member_id, mustChangePassword: false, grants: grants.map((g) => ({ orgId: g.org_id, orgPath: g.path, orgName: g.name, role: g.role as Role })) };
}

/** A small deterministic spread in [0, 1) from two integers. */
const spread = (a: number, b: number) => (((a + 1) * 7919 + (b + 3) * 104_729) % 997) / 997;
const r1 = (n: number) => Math.round(n * 10) / 10;

const IDEOLOGY = [
  ['意识形态工作责任制落实到位，专题研究部署，阵地管理规范，宣传信息报送及时。', '意识形态工作专题会议纪要、阵地管理台账、全年信息报送记录'],
  ['意识形态工作责任制基本落实，宣传信息报送数量偏少。', '意识形态工作专题会议纪要、信息报送统计表'],
  ['意识形态工作研究部署不够经常，阵地管理台账不完整，信息报送滞后。', '意识形态工作检查记录、信息报送统计表'],
] as const;
const BRAND = [
  ['党建品牌特色鲜明，党员活动阵地功能完善、使用规范。', '党建品牌创建方案和总结、阵地建设照片'],
  ['已创建党建品牌，品牌与业务融合有待深化，阵地基本达标。', '党建品牌创建方案、阵地检查记录'],
  ['党建品牌尚在培育，特色不够鲜明，党员活动阵地利用率不高。', '实地检查记录'],
] as const;
const REVIEW = [
  ['述职报告问题查摆具体，现场点评反映好，评议“好”票比例高。', '述职评议测评汇总表、现场点评记录'],
  ['述职报告基本全面，问题查摆不够深入，评议以“较好”为主。', '述职评议测评汇总表、现场点评记录'],
  ['述职报告成绩多、问题少，整改措施针对性不强，评议“一般”票较多。', '述职评议测评汇总表、现场点评记录'],
] as const;
const tier = (q: number) => (q >= 0.6 ? 0 : q >= 0.25 ? 1 : 2);

export async function seedRounds(deps: AppDeps, o: { now: Date }) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  const actors = { admin: await actorOf(deps, 'admin'), xuanchuan: await actorOf(deps, 'xuanchuan'), unitadmin: await actorOf(deps, 'unitadmin') };
  const admin = actors.admin;
  if (!admin) return { rounds: 0 };
  const published = await deps.db.selectFrom('assessment_scheme').select('year').where('year', 'in', [year - 1, year]).where('status', '=', 'published').execute();
  if (published.length < 2) return { rounds: 0 };
  const cal = await loadWorkCalendar(deps.db);
  /** The context of `who` at a Beijing time of a day (10:00 unless told). */
  const as = (who: Who, day: string, hour = 10): RequestContext => ({ actor: actors[who] ?? admin, ip: '127.0.0.1', now: new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`) });
  const demoUnit = actors.unitadmin?.grants.find((g) => g.role === 'org_admin')?.orgId ?? null;

  // ── last year: closed ─────────────────────────────────────────────────────────────────────
  const last = year - 1;
  const opened = addWorkdays(`${year}-01-01`, 1, cal);
  await openRound(deps, as('admin', opened), { year: last, appealDays: 5, explainBottom: 1 });
  const lastRound = await requireRound(deps.db, last);
  const units = (await rankingOf(deps.db, lastRound)).map((u) => ({ orgId: u.orgId, series: u.series, name: u.orgName })).sort((a, b) => a.orgId - b.orgId);
  // Quality of each unit's year (the demo unit's weak: it ends at the bottom of its series and explains).
  const quality = (orgId: number, salt: number) => (orgId === demoUnit ? 0.05 : 0.15 + 0.85 * spread(orgId, salt));
  const selfDay = addWorkdays(opened, 3, cal);
  const scoreDay = addWorkdays(opened, 5, cal);

  // Self-assessments: the demo unit through its admin (returned once); the others as their admins would send them.
  const selfOf = (orgId: number, salt: number) => {
    const q = quality(orgId, salt);
    return {
      note: `${q >= 0.5 ? '全年党建工作任务全面完成' : '全年党建工作任务基本完成'}，“三会一课”、主题党日按计划开展，意识形态工作责任制和党建品牌创建持续推进。`,
      scores: [
        { indicatorKey: 'ideology', score: r1(Math.min(10, 7.5 + q * 2.5 + 0.5)), note: '对照评分细则逐项自评' },
        { indicatorKey: 'brand', score: r1(Math.min(10, 7 + q * 3 + 0.5)), note: '品牌创建和阵地建设材料已报送' },
      ],
    };
  };
  const others = async (roundYear: number, chosen: typeof units, salt: number, day: string, submitted: boolean) => {
    const r = await requireRound(deps.db, roundYear);
    for (const u of chosen) {
      const s = selfOf(u.orgId, salt);
      const at = as('admin', day, 9).now;
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('assessment_unit').set({ self_note: s.note, ...(submitted ? { status: 'submitted', submitted_at: at } : {}) }).where('round_id', '=', r.id).where('org_id', '=', u.orgId).execute();
        await trx.insertInto('assessment_score').values(s.scores.map((x) => ({ round_id: r.id, org_id: u.orgId, indicator_key: x.indicatorKey, kind: 'self' as const, score: x.score, note: x.note, evidence: '', scored_by: null, scored_at: at }))).execute();
      });
    }
  };
  await others(last, units.filter((u) => u.orgId !== demoUnit), 1, selfDay, true);
  if (demoUnit) {
    await saveSelfAssessment(deps, as('unitadmin', selfDay), last, demoUnit, selfOf(demoUnit, 1));
    await submitSelfAssessment(deps, as('unitadmin', selfDay, 11), last, demoUnit);
    await reviewSelfAssessment(deps, as('admin', addWorkdays(selfDay, 1, cal)), last, demoUnit, 'return', '请补充党建品牌创建的过程材料后重新提交');
    await saveSelfAssessment(deps, as('unitadmin', addWorkdays(selfDay, 2, cal)), last, demoUnit, { ...selfOf(demoUnit, 1), note: `${selfOf(demoUnit, 1).note}已补充党建品牌创建过程材料。` });
    await submitSelfAssessment(deps, as('unitadmin', addWorkdays(selfDay, 2, cal), 11), last, demoUnit);
  }
  for (const u of units) await reviewSelfAssessment(deps, as('admin', addWorkdays(selfDay, 3, cal)), last, u.orgId, 'accept');

  // Department scores with comments and evidence.
  const score = async (roundYear: number, u: { orgId: number }, salt: number, day: string, keys: ('ideology' | 'brand' | 'review_result')[]) => {
    const q = quality(u.orgId, salt);
    const t = tier(q);
    const jitter = spread(u.orgId, salt + 7);
    for (const key of keys) {
      const [comment, evidence] = (key === 'ideology' ? IDEOLOGY : key === 'brand' ? BRAND : REVIEW)[t]!;
      const value = key === 'review_result' ? r1(68 + q * 26 + jitter * 3) : r1(Math.min(10, (key === 'ideology' ? 6 : 5.5) + q * 3.6 + jitter * 0.4));
      await putDepartmentScore(deps, as(key === 'review_result' ? 'admin' : 'xuanchuan', day, key === 'review_result' ? 15 : 10), roundYear, { orgId: u.orgId, indicatorKey: key, score: value, comment, evidence: `${roundYear}年度${evidence}` });
    }
  };
  for (const u of units) await score(last, u, 1, scoreDay, ['ideology', 'brand', 'review_result']);

  // A few deduction events recorded by 组织部 and 纪检组 (both `admin` in the demo scheme).
  const pick = (n: number, salt: number) => [...units].sort((a, b) => spread(a.orgId, salt) - spread(b.orgId, salt)).slice(0, n);
  const deductions = async (roundYear: number, salt: number, day: string) => {
    const [a, b, c] = pick(3, salt);
    const events = [
      { orgId: demoUnit ?? a!.orgId, indicatorKey: 'platform_records', event: 'dues_unpaid', occurredOn: `${roundYear}-06-30`, count: 4, note: '二季度党费未按月足额缴纳' },
      { orgId: demoUnit ?? a!.orgId, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: `${roundYear}-09-12`, count: 2, note: '在全市机关党建督查通报中被点名' },
      { orgId: b!.orgId, indicatorKey: 'supervision_issues', event: 'inspection_failed', occurredOn: `${roundYear}-05-20`, count: 1, note: '党建重点督查认定基层支部组织生活“不合格”' },
      { orgId: c!.orgId, indicatorKey: 'platform_records', event: 'dues_unpaid', occurredOn: `${roundYear}-03-31`, count: 2, note: '一季度两名党员党费未按月缴纳' },
    ];
    for (const e of events) await addDeductionEvent(deps, as('admin', day, 16), roundYear, e);
  };
  await deductions(last, 1, scoreDay);
  // One 一票否决: a unit held accountable for the party-building responsibility.
  const vetoed = pick(4, 1)[3]!;
  await setVetoes(deps, as('admin', scoreDay, 17), last, vetoed.orgId, { vetoes: [{ key: 'accountability', reason: `${last}年9月因落实党建工作责任制不力被通报问责` }] });

  // Published; the demo unit appeals two indicators; answered; closed after the window.
  const publishDay = addWorkdays(scoreDay, 2, cal);
  await publishRound(deps, as('admin', publishDay), last);
  let closeDay = addWorkdays(publishDay, 6, cal);
  if (demoUnit) {
    const appealDay = addWorkdays(publishDay, 1, cal);
    const up = await fileAppeal(deps, as('unitadmin', appealDay), last, demoUnit, { indicatorKey: 'ideology', reason: '本单位全年报送宣传信息42篇，评分时统计遗漏了第四季度的报送记录，现补交报送台账，请予核实。' });
    const down = await fileAppeal(deps, as('unitadmin', appealDay, 11), last, demoUnit, { indicatorKey: 'brand', reason: '本单位党建品牌已于年中创建，申请按“已创建品牌”档次评分。' });
    const answerDay = addWorkdays(appealDay, 2, cal);
    const before = (await deps.db.selectFrom('assessment_appeal').select('score_before').where('id', '=', up.id).executeTakeFirstOrThrow()).score_before;
    await answerAppeal(deps, as('admin', answerDay), up.id, { decision: 'upheld', answer: '经核实第四季度信息报送记录属实，“党建宣传信息报送”予以加分。', newScore: r1(Math.min(10, Number(before ?? 0) + 1)) });
    await answerAppeal(deps, as('admin', answerDay, 11), down.id, { decision: 'rejected', answer: '经复核，该单位党建品牌尚未形成创建方案和阶段成果，维持原评分。' });
  }
  const closed = await requireRound(deps.db, last);
  if (closed.appeal_until && closeDay <= closed.appeal_until) closeDay = addWorkdays(closed.appeal_until, 1, cal);
  await closeRound(deps, as('admin', closeDay, 15), last);

  // The demo unit's explanation: sent and accepted (closed); the others' still open.
  const lastUnits = await deps.db.selectFrom('assessment_unit').select(['org_id', 'explanation_item_id']).where('round_id', '=', closed.id).where('explanation_item_id', 'is not', null).execute();
  const explained = lastUnits.find((u) => u.org_id === demoUnit) ?? lastUnits[0];
  if (explained?.explanation_item_id) await explainAndClose(deps, explained.explanation_item_id, { submitter: actors.unitadmin && explained.org_id === demoUnit ? actors.unitadmin.userId : admin.userId, reviewer: admin.userId, sentOn: addWorkdays(closeDay, 12, cal), approvedOn: addWorkdays(closeDay, 14, cal) });

  // ── this year: scoring ───────────────────────────────────────────────────────────────────
  // Opened a week ago (or on the year's first working day), counted as of that day.
  const weekAgo = addWorkdays(today, -5, cal);
  const openOn = weekAgo.startsWith(String(year)) ? weekAgo : today;
  await openRound(deps, as('admin', openOn, 9), { year, appealDays: 5, explainBottom: 1 });
  const mid = openOn < today ? addWorkdays(openOn, 2, cal) : today;
  const thisUnits = units.filter((u) => u.orgId !== demoUnit);
  // Self-assessments: 8 reviewed, 4 submitted, 1 returned, the rest still being written; the demo unit's submitted.
  await others(year, thisUnits.slice(0, 13), 2, mid, true);
  await others(year, thisUnits.slice(13, 16), 2, mid, false);
  for (const u of thisUnits.slice(0, 8)) await reviewSelfAssessment(deps, as('admin', mid, 16), year, u.orgId, 'accept');
  if (thisUnits[12]) await reviewSelfAssessment(deps, as('admin', mid, 16), year, thisUnits[12].orgId, 'return', '自评说明过于简略，请对照评分细则逐项说明并附佐证材料');
  if (demoUnit) {
    await saveSelfAssessment(deps, as('unitadmin', mid, 11), year, demoUnit, selfOf(demoUnit, 2));
    await submitSelfAssessment(deps, as('unitadmin', mid, 12), year, demoUnit);
  }
  // 宣传部: 意识形态 for every unit, 党建品牌 for most; 述职评议 waits for this year's campaign.
  for (const [i, u] of units.entries()) await score(year, u, 2, mid, i % 5 === 4 ? ['ideology'] : ['ideology', 'brand']);
  await deductions(year, 2, mid);
  return { rounds: 2 };
}

/** 销号 of an explanation item as the lists' workflow leaves it: the unit's request with its summary, approved by the committee. */
async function explainAndClose(deps: AppDeps, itemId: number, o: { submitter: number; reviewer: number; sentOn: string; approvedOn: string }) {
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('list_item_closing')
      .values({ item_id: itemId, status: 'approved', summary: '已形成书面情况说明：排名靠后的主要原因是党建品牌创建起步晚、宣传信息报送不及时、党费收缴管理不规范；已制定整改措施，明确责任人和完成时限，报工委备案。', submitted_by: o.submitter, submitted_at: at(o.sentOn, 10), decided_by: o.reviewer, decided_at: at(o.approvedOn, 15), comment: '说明材料齐全，整改措施具体，同意销号。' })
      .execute();
    await trx.updateTable('list_item').set({ status: 'closed', closed_on: o.approvedOn, updated_at: at(o.approvedOn, 15) }).where('id', '=', itemId).execute();
    await trx
      .insertInto('list_item_event')
      .values([
        { item_id: itemId, kind: 'close_request', note: '申请销号', by_user: o.submitter, at: at(o.sentOn, 10) },
        { item_id: itemId, kind: 'close_approve', note: '说明材料齐全，整改措施具体，同意销号。', by_user: o.reviewer, at: at(o.approvedOn, 15) },
      ])
      .execute();
    await reassess(trx, [itemId], at(o.approvedOn, 15));
  });
}

