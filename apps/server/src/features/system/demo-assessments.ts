import { localDate } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { seedSchemes } from '../assessments/index.ts';

/** Demo 考核方案 (issue 11 item 8): last year's and this year's schemes, both published, scored by admin. */
export async function seedDemoAssessments(deps: AppDeps) {
  const admin = await deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) return;
  const now = deps.clock();
  await deps.db.transaction().execute((trx) => seedSchemes(trx, { now, year: Number(localDate(now).slice(0, 4)), committeeUserId: admin.id }));
}
