import { sql } from 'kysely';
import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { roles as roleLabels, SEPARATED_ADMIN_ROLES, separationError, type Role } from '@xianfeng/shared';
import { generatePassword, hashPassword } from '../../lib/password.ts';
import { deleteUserSessions, recordPassword } from '../auth/index.ts';
import { audit } from '../audit/index.ts';
import { inSubtree } from '../../access/scope.ts';
import { insertRootOrg } from '../orgs/index.ts';
import { DEMO_CITY, seedCity } from './demo-seed.ts';
import { seedSupervision } from './demo-supervision.ts';
import { seedDiscipline } from '../discipline/index.ts';
import { seedDemoAssessments, seedDemoRounds } from './demo-assessments.ts';
import { seedReviewCampaign } from '../review-campaigns/index.ts';
import { seedHonours } from '../honours/index.ts';
import { seedTraining, seedTrainingExams } from '../training/index.ts';
import { seedXuexi } from '../xuexi/index.ts';
import { seedStudy } from '../study/index.ts';
import { seedPoints, seedPointTotals } from '../points/index.ts';
import { seedExams } from '../exams/index.ts';
import { seedContests } from '../contests/index.ts';

type Account = { username: string; displayName: string; grants: { orgId: number; role: string }[]; memberId?: number | null };

async function createAccount(deps: AppDeps, ctx: SystemContext, a: Account, passwordHash: string, mustChange: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({ username: a.username, display_name: a.displayName, password_hash: passwordHash, member_id: a.memberId ?? null, must_change_password: mustChange, password_changed_at: null, last_login_at: null, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordPassword(trx, id, passwordHash, ctx.now);
    if (a.grants.length) await trx.insertInto('role_grant').values(a.grants.map((g) => ({ user_id: id, org_id: g.orgId, role: g.role, created_at: ctx.now }))).execute();
    await audit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { username: a.username, grants: a.grants } });
  });
}

/** Demo business accounts (the three admins are made for every database), tied to the demo city's first unit and branch. */
async function demoAccounts(deps: AppDeps, city: { rootId: number; firstUnitCommitteeId: number; firstBranchId: number }): Promise<Account[]> {
  const branch = await deps.db.selectFrom('org').select('path').where('id', '=', city.firstBranchId).executeTakeFirstOrThrow();
  const branchMembers = await deps.db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .select(['member.id', 'member.party_post'])
    .where(inSubtree(sql.ref('org.path'), branch.path))
    .orderBy('member.id')
    .execute();
  const secretary = branchMembers.find((m) => m.party_post === '党支部书记') ?? branchMembers[0];
  const plain = branchMembers.find((m) => m.id !== secretary?.id);
  return [
    { username: 'unitadmin', displayName: '单位党务干部', grants: [{ orgId: city.firstUnitCommitteeId, role: 'org_admin' }] },
    { username: 'secretary', displayName: '支部书记', grants: [{ orgId: city.firstBranchId, role: 'org_admin' }, { orgId: city.firstBranchId, role: 'member' }], memberId: secretary?.id },
    { username: 'member', displayName: '党员', grants: [{ orgId: city.firstBranchId, role: 'member' }], memberId: plain?.id },
    // 纪检干部: the only role that reads the discipline register (docs/SECURITY.md §1.2).
    { username: 'jijian', displayName: '纪检干部', grants: [{ orgId: city.rootId, role: 'discipline_officer' }] },
    // 宣传部的评分人员: scores 宣传部's indicators of the year's assessment (AS-12: an 组织管理员 of the committee).
    { username: 'xuanchuan', displayName: '宣传部评分人员', grants: [{ orgId: city.rootId, role: 'org_admin' }] },
  ];
}

/**
 * This year's key tasks, inspections, findings and cards for the demo city, decided by the
 * committee admin and submitted by the unit's party-affairs cadre (NK-1 holds in the demo too).
 */
async function seedDemoSupervision(deps: AppDeps) {
  const ids = await deps.db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['admin', 'unitadmin']).execute();
  const id = (u: string) => ids.find((r) => r.username === u)?.id ?? null;
  await deps.db.transaction().execute((trx) =>
    seedSupervision(trx, { now: deps.clock(), tasks: 8, findingsPerTarget: 2, coveredUnits: 8, reviewerId: id('admin'), submitterId: id('unitadmin'), history: true }),
  );
}

/** A few records of the discipline register, recorded by the demo's 纪检干部. */
async function seedDemoDiscipline(deps: AppDeps) {
  const keeper = await deps.db.selectFrom('app_user').select('id').where('username', '=', 'jijian').executeTakeFirst();
  await deps.db.transaction().execute((trx) => seedDiscipline(trx, { now: deps.clock(), creatorId: keeper?.id ?? null }));
}

/** This year's 过硬支部 campaign in 公示 (创先争优), reviewed by the committee admin. */
async function seedDemoHonours(deps: AppDeps) {
  const ids = await deps.db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['admin', 'unitadmin']).execute();
  const id = (u: string) => ids.find((r) => r.username === u)?.id ?? null;
  await deps.db.transaction().execute((trx) => seedHonours(deps, trx, { now: deps.clock(), creatorId: id('admin'), reviewerId: id('admin') }));
}

/** The committee's finished 支部书记 class and the demo unit's class in session, with the demo member enrolled (培训班); three months of 学习强国 points; the committee's study topics with a year of online study. */
async function seedDemoTraining(deps: AppDeps, rootId: number) {
  const users = await deps.db.selectFrom('app_user as u').leftJoin('role_grant as g', 'g.user_id', 'u.id').select(['u.id', 'u.username', 'u.member_id', 'g.org_id']).where('u.username', 'in', ['admin', 'unitadmin', 'member']).execute();
  const unitId = users.find((u) => u.username === 'unitadmin')?.org_id;
  if (!unitId) return;
  const memberId = users.find((u) => u.username === 'member')?.member_id ?? null;
  const adminId = users.find((u) => u.username === 'admin')?.id ?? null;
  await deps.db.transaction().execute((trx) => seedTraining(trx, { now: deps.clock(), rootId, unitId, memberId, creatorId: adminId }));
  if (adminId) await deps.db.transaction().execute((trx) => seedXuexi(trx, { now: deps.clock(), rootId, importerId: adminId }));
  await deps.db.transaction().execute((trx) => seedStudy(trx, { now: deps.clock(), rootId, creatorId: adminId }));
}

/** The committee's question bank, last month's closed exam taken by most members, an exam open now for the demo member (考试), and the demo unit's class's entry test and final exam (TR-8). */
async function seedDemoExams(deps: AppDeps, rootId: number, log: Log) {
  const users = await deps.db.selectFrom('app_user').select(['id', 'username', 'member_id']).where('username', 'in', ['admin', 'member']).execute();
  const t0 = Date.now();
  const r = await deps.db.transaction().execute((trx) =>
    seedExams(trx, { now: deps.clock(), rootId, creatorId: users.find((u) => u.username === 'admin')?.id ?? null, memberId: users.find((u) => u.username === 'member')?.member_id ?? null }),
  );
  log(`考试演示数据：题库${r.questions}题，上月考试${r.takers}人作答${r.attempts}份，用时${Date.now() - t0}毫秒`);
  const unit = await deps.db.selectFrom('app_user as u').innerJoin('role_grant as g', 'g.user_id', 'u.id').select('g.org_id').where('u.username', '=', 'unitadmin').executeTakeFirst();
  if (unit) await deps.db.transaction().execute((trx) => seedTrainingExams(trx, { now: deps.clock(), unitId: unit.org_id, creatorId: users.find((u) => u.username === 'admin')?.id ?? null }));
}

/** The committee's 党章党史知识竞赛 month (知识竞赛): practice done, contest days in progress with a ranking; next month's contest in practice. */
async function seedDemoContests(deps: AppDeps, rootId: number) {
  const users = await deps.db.selectFrom('app_user').select(['id', 'username', 'member_id']).where('username', 'in', ['admin', 'member']).execute();
  await deps.db.transaction().execute((trx) =>
    seedContests(trx, { now: deps.clock(), rootId, creatorId: users.find((u) => u.username === 'admin')?.id ?? null, memberId: users.find((u) => u.username === 'member')?.member_id ?? null }),
  );
}

/** The three separated admins (三员分立): always separate accounts, created on every new database. */
const SEPARATED_ACCOUNTS = [
  { role: 'system_admin', username: 'sysadmin', displayName: '系统管理员' },
  { role: 'security_admin', username: 'secadmin', displayName: '安全管理员' },
  { role: 'audit_admin', username: 'auditor', displayName: '审计管理员' },
] as const;

type Log = (m: string) => void;

/**
 * On an empty database: the root organisation (with the demo city unless disabled), the
 * committee admin `admin` and the three separated admins, each its own account. With
 * INITIAL_ADMIN_PASSWORD (the operator chose it) every account gets it and no forced change;
 * otherwise each admin gets its own generated password, printed once, to be changed at first
 * login (the demo's business accounts share admin's). On every start, 三员分立 is then enforced
 * on what the database holds (ensureSeparation).
 */
export async function bootstrap(deps: AppDeps, opts: { initialAdminPassword: string | null; demoData: boolean; log: Log }) {
  const anyUser = await deps.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  const ctx: SystemContext = { actor: null, ip: '127.0.0.1', now: deps.clock(), system: 'bootstrap' };
  if (!anyUser) await createInitialAccounts(deps, ctx, opts);
  await ensureSeparation(deps, ctx, opts);
}

async function createInitialAccounts(deps: AppDeps, ctx: SystemContext, opts: { initialAdminPassword: string | null; demoData: boolean; log: Log }) {
  const chosen = opts.initialAdminPassword;
  const mustChange = !chosen;
  const password = chosen ?? generatePassword();
  const passwordHash = await hashPassword(password);

  let rootId: number;
  let demo: Account[] = [];
  if (opts.demoData) {
    opts.log('正在生成演示数据（约20个单位、150个党组织、2400名党员、两年组织生活记录）…');
    const city = await seedCity(deps, ctx, DEMO_CITY);
    // The city arrives in one transaction and PGlite has no autovacuum: without statistics the
    // planner's guesses make the first heatmap take over a second instead of some 40 ms.
    await sql`vacuum analyze`.execute(deps.db);
    rootId = city.rootId;
    demo = await demoAccounts(deps, city);
  } else {
    rootId = await deps.db.transaction().execute((trx) => insertRootOrg(trx, '市直机关工委', 'working_committee', ctx.now));
  }
  await createAccount(deps, ctx, { username: 'admin', displayName: '工委管理员', grants: [{ orgId: rootId, role: 'committee_admin' }] }, passwordHash, mustChange);
  const separated: string[] = [];
  for (const a of SEPARATED_ACCOUNTS) {
    const own = chosen ?? generatePassword();
    await createAccount(deps, ctx, { username: a.username, displayName: a.displayName, grants: [{ orgId: rootId, role: a.role }] }, chosen ? passwordHash : await hashPassword(own), mustChange);
    separated.push(`${a.username}（${a.displayName}）${chosen ? '' : `  密码：${own}`}`);
  }
  for (const account of demo) await createAccount(deps, ctx, account, passwordHash, mustChange);
  if (demo.length) await seedDemoSupervision(deps);
  if (demo.length) await seedDemoDiscipline(deps);
  if (demo.length) await seedDemoAssessments(deps);
  if (demo.length) await deps.db.transaction().execute((trx) => seedReviewCampaign(trx, { now: deps.clock() }));
  if (demo.length) await seedDemoHonours(deps);
  if (demo.length) await seedDemoRounds(deps);
  if (demo.length) await seedDemoTraining(deps, rootId);
  if (demo.length) await deps.db.transaction().execute((trx) => seedPoints(trx, { now: deps.clock(), creatorId: null }));
  if (demo.length) await seedDemoExams(deps, rootId, opts.log);
  if (demo.length) await seedDemoContests(deps, rootId);
  // Last of the demo: the 积分排名 snapshot of every member, after every record that earns points.
  if (demo.length) await deps.db.transaction().execute((trx) => seedPointTotals(trx, { now: deps.clock() }));

  opts.log('────────────────────────────────────────');
  opts.log(`工委管理员：admin  密码：${chosen ? '（INITIAL_ADMIN_PASSWORD 中设置的密码）' : password}`);
  opts.log(`三员分立管理员（各自独立账户${chosen ? '，密码同上' : '，请将各自的密码分别交给本人'}）：`);
  for (const line of separated) opts.log(`  ${line}`);
  if (mustChange) opts.log('以上密码只显示这一次，首次登录后须修改。');
  if (demo.length) opts.log(`演示账户（密码同 admin）：${demo.map((a) => `${a.username}（${a.displayName}）`).join('、')}`);
  opts.log('────────────────────────────────────────');
}

/**
 * 三员分立 on an existing database (e.g. one created before it was enforced, whose admin held
 * 工委管理员 and 安全管理员 together): a separated role held with any other role is removed, and a
 * separated role that no enabled account holds gets a new account with a generated password,
 * printed once. Both are audited.
 */
export async function ensureSeparation(deps: AppDeps, ctx: SystemContext, opts: { log: Log }) {
  const grants = await deps.db.selectFrom('role_grant').innerJoin('app_user as u', 'u.id', 'role_grant.user_id').select(['role_grant.user_id', 'role_grant.role']).execute();
  const byUser = new Map<number, string[]>();
  for (const g of grants) byUser.set(g.user_id, [...(byUser.get(g.user_id) ?? []), g.role]);
  for (const [userId, roles] of byUser) {
    if (!separationError(roles.map((role) => ({ role: role as Role })))) continue;
    const removed = roles.filter((r) => SEPARATED_ADMIN_ROLES.includes(r as Role));
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('role_grant').where('user_id', '=', userId).where('role', 'in', removed).execute();
      await deleteUserSessions(trx, userId);
      await audit(trx, ctx, { action: 'user.grants_separated', entityType: 'user', entityId: userId, before: roles, after: roles.filter((r) => !removed.includes(r)) });
    });
    opts.log(`三员分立：账户 #${userId} 兼任的${removed.map((r) => roleLabels.label(r as Role)).join('、')}已撤销`);
  }
  const root = await deps.db.selectFrom('org').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  if (!root) return;
  const held = new Set(
    (await deps.db.selectFrom('role_grant').innerJoin('app_user as u', 'u.id', 'role_grant.user_id').where('u.disabled', '=', false).select('role_grant.role').distinct().execute()).map((g) => g.role),
  );
  for (const a of SEPARATED_ACCOUNTS) {
    if (held.has(a.role)) continue;
    const username = await freeUsername(deps, a.username);
    const password = generatePassword();
    await createAccount(deps, ctx, { username, displayName: a.displayName, grants: [{ orgId: root.id, role: a.role }] }, await hashPassword(password), true);
    opts.log(`三员分立：已新建${a.displayName}账户 ${username}  密码：${password}（只显示这一次，首次登录后须修改）`);
  }
}

async function freeUsername(deps: AppDeps, wanted: string) {
  for (let i = 1; ; i++) {
    const name = i === 1 ? wanted : `${wanted}${i}`;
    if (!(await deps.db.selectFrom('app_user').select('id').where('username', '=', name).executeTakeFirst())) return name;
  }
}
