import { sql, type Kysely } from 'kysely';
import { localDate } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * The demo's 学习强国 points: the committee imported the last three months' files for the whole
 * city. About four in five members took part each month (a unit or two noticeably fewer), points
 * spread like a month of daily study; a few rows of each file did not match (names not on the roll).
 */
export async function seedXuexi(trx: Kysely<DB>, o: { now: Date; rootId: number; importerId: number }) {
  const today = localDate(o.now);
  const months = [3, 2, 1].map((back) => {
    const d = new Date(`${today.slice(0, 7)}-15T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - back);
    return d.toISOString().slice(0, 7);
  });
  for (const [n, period] of months.entries()) {
    const imp = await trx
      .insertInto('xuexi_import')
      .values({
        org_id: o.rootId,
        file_name: `学习强国${period.replace('-', '年')}月积分.xlsx`,
        periods: [period],
        rows: 0,
        matched: 0,
        unmatched: JSON.stringify([{ row: 12 + n, name: '张晓明', reason: '本组织范围内没有该姓名的党员' }, { row: 40 + n * 3, name: '刘洋', reason: '同名党员2人，请在表中补充“所在组织”“手机号后四位”或“身份证后四位”' }]),
        imported_by: o.importerId,
        imported_at: new Date(`${months[n]}-28T09:30:00+08:00`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Deterministic spread by member id: ~80% take part; the second unit's members less often.
    await sql`
      insert into xuexi_score (member_id, period, points, import_id)
      select m.id, ${period}, case when (m.id * 37 + ${n * 11}) % 100 < 20 + (case when o.path like (select path from org where parent_id = ${o.rootId} order by id offset 1 limit 1) || '%' then 25 else 0 end) then 0
                                   else 300 + (m.id * 53 + ${n * 17}) % 900 end, ${imp.id}
        from member m join org o on o.id = m.org_id
       where m.status = 'normal'`.execute(trx);
    const counted = await trx.selectFrom('xuexi_score').select(sql<number>`count(*)::int`.as('n')).where('import_id', '=', imp.id).executeTakeFirstOrThrow();
    await trx.updateTable('xuexi_import').set({ rows: Number(counted.n) + 2, matched: Number(counted.n) }).where('id', '=', imp.id).execute();
  }
}
