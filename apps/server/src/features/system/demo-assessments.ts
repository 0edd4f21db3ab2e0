import { localDate } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { seedRounds, seedSchemes } from '../assessments/index.ts';

/** Demo 考核方案 (issue 11 item 8): last year's and this year's schemes, both published; 宣传部 scored by `xuanchuan`, the rest by admin. */
export async function seedDemoAssessments(deps: AppDeps) {
  const users = await deps.db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['admin', 'xuanchuan']).execute();
  const admin = users.find((u) => u.username === 'admin');
  if (!admin) return;
  const xuanchuan = users.find((u) => u.username === 'xuanchuan');
  const now = deps.clock();
  await deps.db.transaction().execute((trx) => seedSchemes(trx, { now, year: Number(localDate(now).slice(0, 4)), committeeUserId: admin.id, scorers: xuanchuan ? { 宣传部: xuanchuan.id } : {} }));
}

/** Demo 年度考核 (issue 11 item 8), after every other demo seed: last year's round closed, this year's in 评分中 (features/assessments/demo-rounds.ts). */
export async function seedDemoRounds(deps: AppDeps) {
  await seedRounds(deps, { now: deps.clock() });
}
