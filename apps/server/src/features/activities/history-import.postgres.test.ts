import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 补录 races that PGlite's single connection hides (see db/transitions.postgres.test.ts): on
// PostgreSQL the requests really run at once. A file is written once; a batch is approved once.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit, admin] = await Promise.all([env.login('sec_a1'), env.login('unitadmin'), env.login('admin')]);
});
afterAll(() => env.close());

async function file(titles: string[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史活动');
  ws.addRow(['组织名称', '活动日期', '活动类型', '主题', '出席人员']);
  titles.forEach((t, i) => ws.addRow(['A局综合处党支部', `2025-0${(i % 9) + 1}-15`, '主题党日', t, '赵一、钱二']));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const count = async (prefix: string) =>
  Number((await env.database.db.selectFrom('activity').where('title', 'like', `${prefix}%`).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('history import on PostgreSQL', () => {
  it('the same file imported four times at once is written once', async () => {
    const buffer = await file(['并发补录一', '并发补录二', '并发补录三']);
    const results = await Promise.all(Array.from({ length: 4 }, () => sec.upload('/api/activities/history/import', 'a.xlsx', buffer)));
    const created = results.filter((r) => r.statusCode === 200).map((r) => r.json().created);
    expect(created.reduce((a, b) => a + b, 0)).toBe(3);
    for (const r of results) expect([200, 409]).toContain(r.statusCode);
    expect(await count('并发补录')).toBe(3);
  });

  it('five reviewers approving one batch at once: one wins, each record approved and counted once', async () => {
    const res = await sec.upload('/api/activities/history/import', 'b.xlsx', await file(['同时审核一', '同时审核二']));
    const id = res.json().importId;
    const results = await Promise.all([unit, admin, unit, admin, unit].map((c) => c.post(`/api/activities/history/imports/${id}/approve`, {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const reviews = await env.database.db
      .selectFrom('activity_review as r')
      .innerJoin('activity as a', 'a.id', 'r.activity_id')
      .where('a.import_id', '=', id)
      .where('r.action', '=', 'approve')
      .select('r.id')
      .execute();
    expect(reviews).toHaveLength(2);
  });

  it('approving a batch ‖ returning one of its records: never both for that record', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await sec.upload('/api/activities/history/import', 'c.xlsx', await file([`批与单${i}甲`, `批与单${i}乙`]));
      const id = res.json().importId;
      const records = await env.database.db.selectFrom('activity').where('import_id', '=', id).select('id').orderBy('id').execute();
      const [batch, back] = await Promise.all([admin.post(`/api/activities/history/imports/${id}/approve`, {}), unit.post(`/api/activities/${records[0].id}/return`, { comment: '请核对出席人员' })]);
      const first = await env.database.db.selectFrom('activity').where('id', '=', records[0].id).select('status').executeTakeFirstOrThrow();
      if (back.statusCode === 200) {
        expect(first.status).toBe('returned');
        expect(batch.statusCode === 200 ? batch.json().approved : 0).toBeLessThanOrEqual(1);
      } else {
        expect(back.statusCode).toBe(409);
        expect(batch.json().approved).toBe(2);
        expect(first.status).toBe('approved');
      }
    }
  });
});
