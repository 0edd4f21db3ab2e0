import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beijingDateTime } from '@xianfeng/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';
import { openDatabase } from '../../db/connection.ts';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from '../system/backup.ts';
import { verifyAuditChain } from './audit.repository.ts';

let env: TestEnv;
let admin: TestClient;
let auditor: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  auditor = await env.login('auditor');
});
afterAll(() => env.close());

describe('audit log', () => {
  it('records who, when, from where, what, before and after, in the same transaction as the change', async () => {
    const created = await admin.post('/api/members', memberInput(env.fx.a2.id, { name: '审计测试' }));
    const id = created.json().id;
    const res = await auditor.get(`/api/audit?entityType=member&entityId=${id}`);
    const [row] = res.json().items;
    expect(row).toMatchObject({ actorName: 'admin', ip: '127.0.0.1', action: 'member.create', entityId: String(id) });
    expect(row.after).toMatchObject({ name: '审计测试', id_number_masked: expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/) });
    expect(JSON.stringify(row.after)).not.toMatch(/\d{17}[\dX]/); // never the plain ID number
    expect(new Date(row.at).toISOString()).toBe(env.clock.now.toISOString());
  });

  it('a rejected change leaves no record of a change, only of the refusal', async () => {
    const before = await env.count('audit_log');
    expect((await admin.post('/api/members', memberInput(999_999))).statusCode).toBe(404);
    expect(await env.count('audit_log')).toBe(before + 1);
    const last = await env.database.db.selectFrom('audit_log').select(['action', 'after']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'access.denied', after: { code: 'NOT_FOUND', route: '/api/members' } });
  });

  it('filters by actor and action and pages in the database', async () => {
    const res = await auditor.get('/api/audit?actor=admin&action=member.create&pageSize=1');
    expect(res.json().total).toBeGreaterThanOrEqual(1);
    expect(res.json().items).toHaveLength(1);
  });

  it('the database refuses to update, delete or truncate audit rows', async () => {
    const db = env.database.db;
    await expect(sql`update audit_log set actor_name = 'someone else'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('the hash chain verifies, and a tampered row is reported with its id', async () => {
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
    const db = env.database.db;
    const target = await db.selectFrom('audit_log').select('id').where('action', '=', 'member.create').orderBy('id').limit(1).executeTakeFirstOrThrow();
    // Someone with superuser rights switches the guard off and edits history.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`update audit_log set actor_name = 'nobody' where id = ${target.id}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    const result = (await auditor.get('/api/audit/verify')).json();
    expect(result).toMatchObject({ ok: false, brokenAt: String(target.id) });
    expect(result.reason).toContain('篡改');
  });

  it('exports the filtered log to Excel and records the export', async () => {
    const res = await auditor.get('/api/audit/export?action=member.create');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('审计日志')!;
    const header = ws.getRow(1).values as unknown[];
    const row = ws.getRow(2).values as unknown[];
    // The action and the object type in Chinese; the code kept beside it for filtering.
    expect(row[header.indexOf('操作')]).toBe('新增党员');
    expect(row[header.indexOf('操作代码')]).toBe('member.create');
    expect(row[header.indexOf('对象类型')]).toBe('党员');
    // The time in Beijing wall-clock time, whatever zone the server runs in.
    const shown = await env.database.db.selectFrom('audit_log').select('at').where('id', '=', String(row[header.indexOf('序号')])).executeTakeFirstOrThrow();
    expect(row[header.indexOf('时间（北京时间）')]).toBe(beijingDateTime(shown.at));
    expect(row[header.indexOf('时间（北京时间）')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const last = await env.database.db.selectFrom('audit_log').select(['action', 'actor_name']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toEqual({ action: 'audit.export', actor_name: 'auditor' });
  });
});

describe('backup and restore', () => {
  it('restores every row, and the audit chain still verifies', async () => {
    const fresh = await createTestEnv();
    try {
      const c = await fresh.login('admin');
      await c.post('/api/members', memberInput(fresh.fx.a1.id, { name: '备份测试' }));
      const dir = mkdtempSync(path.join(tmpdir(), 'xf-backup-'));
      try {
        const members = await fresh.count('member');
        const audits = await fresh.count('audit_log');
        const restored = await roundTrip(fresh, dir);
        try {
          const n = await sql<{ m: number; a: number }>`select (select count(*)::int from member) as m, (select count(*)::int from audit_log) as a`.execute(restored.db);
          expect(n.rows[0]).toEqual({ m: members, a: audits });
          expect(await verifyAuditChain(restored.db)).toMatchObject({ ok: true, checked: audits });
        } finally {
          await restored.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await fresh.close();
    }
  });
});

/** Backs the test database up with the real commands' functions and restores it elsewhere. */
async function roundTrip(source: TestEnv, dir: string) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const u = new URL(url);
    const name = (await sql<{ d: string }>`select current_database() as d`.execute(source.database.db)).rows[0].d;
    const file = path.join(dir, 'backup.dump');
    backupPostgres(Object.assign(new URL(url), { pathname: `/${name}` }).toString(), file);
    const target = `${name}_restored`;
    await sql.raw(`create database ${target}`).execute(source.database.db);
    u.pathname = `/${target}`;
    restorePostgres(file, u.toString());
    const db = await openDatabase({ url: u.toString() });
    return { ...db, close: async () => { await db.close(); await sql.raw(`drop database ${target}`).execute(source.database.db); } };
  }
  // PGlite: the live test database is in memory; write it to a data dir as the server would have it.
  const live = path.join(dir, 'live');
  const dump = await source.database.pglite!.dumpDataDir('none');
  await restorePglite(await writeTemp(dir, dump), live);
  const file = path.join(dir, 'backup.tar.gz');
  await backupPglite(live, file);
  const restoredDir = path.join(dir, 'restored');
  await restorePglite(file, restoredDir);
  return openDatabase({ dataDir: restoredDir });
}

async function writeTemp(dir: string, blob: Blob) {
  const file = path.join(dir, 'live.tar');
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  return file;
}
