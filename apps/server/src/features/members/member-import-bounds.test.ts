import ExcelJS from 'exceljs';
import { Zip, ZipDeflate, ZipPassThrough, zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { plannedMember, prng } from '../system/demo-city.ts';
import { ROSTER_COLUMNS } from './roster-columns.ts';
import { recoverInterruptedImports } from '../system/import-recovery.ts';
import { withInsertFault } from '../../../test/fault.ts';

// Bounded input and a large import that neither stops other users nor half-applies (M3 of the
// review): files that inflate beyond the limits are refused before any parsing; while a large
// roster imports, other requests are answered and the progress moves; a failure or a stopped
// server mid-import leaves nothing behind but its audit record.

let env: TestEnv;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

/** A roster of n generated members over the fixture's three branches, with their ID numbers. */
async function generatedRosterWithIds(n: number, seed: number) {
  const rng = prng(seed);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  const branches = [env.fx.a1.id, env.fx.a2.id, env.fx.b1.id];
  const seen = new Set<string>();
  for (let i = 0; ws.rowCount <= n; i++) {
    const m = plannedMember(rng, branches[i % 3], '2026-11-23', false, seed * 100_000 + i);
    if (seen.has(m.idNumber)) continue;
    seen.add(m.idNumber);
    ws.addRow([m.orgId, '', m.name, m.gender, m.ethnicity, m.idNumber, m.birthDate, '大学本科', m.category === 'full' ? '正式党员' : '预备党员', m.joinDate, m.fullDate ?? '', m.jobPost, m.phone, m.address, '否', '', '否', '', '', '', '', '否', '否']);
  }
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), idNumbers: [...seen] };
}

const generatedRoster = async (n: number, seed: number) => (await generatedRosterWithIds(n, seed)).file;

/** The parts of a minimal .xlsx around a given sheet XML. */
function xlsxAround(sheetXml: Uint8Array) {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/workbook.xml': strToU8('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>'),
      'xl/worksheets/sheet1.xml': sheetXml,
    }, { level: 1 }),
  );
}

/**
 * An .xlsx whose sheet is `mb` megabytes of spaces, deflated as a stream: the test never holds
 * the inflated sheet, so the server's memory is what the measurement sees.
 */
function streamedBomb(mb: number) {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, text] of [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>'],
  ]) {
    const f = new ZipPassThrough(name);
    zip.add(f);
    f.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
  zip.add(sheet);
  const block = new Uint8Array(1024 * 1024).fill(0x20);
  for (let i = 0; i < mb; i++) sheet.push(block, i === mb - 1);
  zip.end();
  return Buffer.concat(parts);
}

/** Rewrites the size the archive declares for its sheet (local header and central directory) to `size`. */
function lieAboutSizes(zip: Buffer, size: number) {
  const out = Buffer.from(zip);
  const SHEET = 'xl/worksheets/sheet1.xml';
  for (let i = 0; i < out.length - 46; i++) {
    const sig = out.readUInt32LE(i);
    // local header: name length at 26, name at 30, uncompressed size at 22
    if (sig === 0x04034b50 && out.toString('latin1', i + 30, i + 30 + out.readUInt16LE(i + 26)) === SHEET) out.writeUInt32LE(size, i + 22);
    // central directory: name length at 28, name at 46, uncompressed size at 24
    if (sig === 0x02014b50 && out.toString('latin1', i + 46, i + 46 + out.readUInt16LE(i + 28)) === SHEET) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

const upload = (file: Buffer, url = '/api/members/import') => admin.upload(url, 'roster.xlsx', file);

describe('bounded input', () => {
  it('a sheet that inflates to 225 MB is refused before parsing, and the server does not grow', async () => {
    const bomb = xlsxAround(new Uint8Array(225 * 1024 * 1024).fill(0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const before = await env.count('member');
    const res = await upload(bomb);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('解压后过大');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(await env.count('member')).toBe(before);
  });

  it('an archive that lies about its sizes is stopped while inflating, in the worker, without the server growing', async () => {
    const liar = lieAboutSizes(streamedBomb(600), 1000);
    const peakBefore = process.resourceUsage().maxRSS;
    const res = await upload(liar);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('声明的大小与内容不符');
    // The worker shares this process: its high-water mark would rise by the inflated sheet (600 MB)
    // had the archive been inflated at once; it inflates a slice at a time and stops at 120 MB.
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(200);
  }, 180_000); // inflating 120 MB slice by slice is CPU-bound: a loaded 2-core machine took over 60 s

  it('more rows than the limit are refused before parsing (the organisation tree: 20,000)', async () => {
    const rows = Array.from({ length: 20_010 }, (_, i) => `<row r="${i + 1}"/>`).join('');
    const sheet = strToU8(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    const res = await upload(xlsxAround(sheet), '/api/orgs/import');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('文件行数超过上限（一次最多20000行），请拆分后分批导入');
  });

  it('a file that is not a spreadsheet at all is refused in Chinese', async () => {
    const res = await upload(Buffer.from('这不是一个 Excel 文件'));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('.xlsx');
  });
});

describe('a large import', () => {
  it('other requests are answered while it runs, and its progress advances', async () => {
    const file = await generatedRoster(3000, 11);
    const before = await env.count('member');
    const started = await upload(file, '/api/members/import?async=true');
    expect(started.statusCode).toBe(202);
    const jobId = started.json().jobId;
    const seen: string[] = [];
    let answeredWhileRunning = 0;
    for (;;) {
      const job = (await admin.get(`/api/members/import/${jobId}`)).json();
      if (job.result || job.error) {
        expect(job.result).toMatchObject({ ok: true, created: 3000 });
        break;
      }
      seen.push(`${job.progress.phase}:${job.progress.processed}`);
      const list = await admin.get('/api/members?pageSize=20');
      expect(list.statusCode).toBe(200);
      const still = (await admin.get(`/api/members/import/${jobId}`)).json();
      if (!still.result) answeredWhileRunning++;
      await new Promise((r) => setTimeout(r, 20));
    }
    // Lists were answered during the import, and it reported more than one step of progress.
    expect(answeredWhileRunning).toBeGreaterThan(0);
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(await env.count('member')).toBe(before + 3000);
  });

  it('a failure in the middle leaves no member of the file behind, and is audited', async () => {
    const db = env.database.db;
    const before = await env.count('member');
    // A fault injected into the database: the 600th new member of this import cannot be written.
    const res = await withInsertFault(db, 'member', 600, 'injected fault', async () => upload(await generatedRoster(1000, 12)));
    expect(res.statusCode).toBe(500);
    expect(await env.count('member')).toBe(before);
    const jobs = await db.selectFrom('import_job').select(['status', 'rows']).where('rows', '=', 1000).execute();
    expect(jobs).toEqual([{ status: 'failed', rows: 1000 }]);
    const audited = await db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'member.import_failed').executeTakeFirstOrThrow();
    expect(audited.after).toMatchObject({ reason: expect.stringContaining('injected fault') });
    expect(env.logs.some((l) => l.includes('injected fault'))).toBe(true);
  });

  it('a member with one of the file’s ID numbers created elsewhere meanwhile is not taken over', async () => {
    const db = env.database.db;
    const { file, idNumbers } = await generatedRosterWithIds(600, 13);
    const before = await env.count('member');
    // Meanwhile — after the file was checked, before it is written — someone registers the 300th
    // person of the file in another unit: a trigger on the import's job row plays them.
    const raced = await db.selectFrom('member').selectAll().where('id', '=', env.fx.membersB1[0]).executeTakeFirstOrThrow();
    await sql`create table race_template as select * from member where id = ${raced.id}`.execute(db);
    await sql`update race_template set id = nextval('member_id_seq'), name = '同时登记', id_number_hmac = ${env.deps.cipher.lookupHash(idNumbers[299])}`.execute(db);
    await sql`create function race() returns trigger language plpgsql as $$
      begin insert into member select * from race_template; return new; end $$`.execute(db);
    await sql`create trigger race after insert on import_job for each row execute function race()`.execute(db);
    let res;
    try {
      res = await upload(file);
    } finally {
      await sql`drop trigger race on import_job`.execute(db);
      await sql`drop function race()`.execute(db);
    }
    const racer = (await sql<{ id: number }>`select id from race_template`.execute(db)).rows[0].id;
    await sql`drop table race_template`.execute(db);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('导入期间有人新增或调动了相同公民身份号码的党员');
    // Only the member registered meanwhile is there, still where it was registered.
    expect(await env.count('member')).toBe(before + 1);
    const kept = await db.selectFrom('member').select(['org_id', 'name']).where('id', '=', racer).executeTakeFirstOrThrow();
    expect(kept).toEqual({ org_id: env.fx.b1.id, name: '同时登记' });
  });

  it('an import cut off by a stopped server is undone at the next start, and audited', async () => {
    const db = env.database.db;
    const before = await env.count('member');
    // What a chunk had written when the server stopped: two new members, one updated member.
    const jobId = '11111111-2222-4333-8444-555555555555';
    await db.insertInto('import_job').values({ id: jobId, kind: 'member_roster', user_id: env.fx.users.admin, status: 'running', rows: 3, started_at: env.clock.now }).execute();
    const template = await db.selectFrom('member').selectAll().where('id', '=', env.fx.membersA1[0]).executeTakeFirstOrThrow();
    const { id: _id, ...columns } = template;
    const created: number[] = [];
    for (const n of [1, 2]) {
      const { id } = await db.insertInto('member').values({ ...columns, id_number_hmac: `interrupted-${n}`, name: `中断${n}` }).returning('id').executeTakeFirstOrThrow();
      created.push(id);
    }
    const updated = await db.selectFrom('member').selectAll().where('id', '=', env.fx.membersA1[1]).executeTakeFirstOrThrow();
    await db.updateTable('member').set({ name: '导入中改名' }).where('id', '=', updated.id).execute();
    await db.insertInto('import_job_member').values([...created.map((id) => ({ job_id: jobId, member_id: id, before: null })), { job_id: jobId, member_id: updated.id, before: JSON.stringify(updated) }]).execute();

    const lines: string[] = [];
    await recoverInterruptedImports(db, env.clock.now, (m) => lines.push(m));
    expect(await env.count('member')).toBe(before);
    expect((await db.selectFrom('member').select('name').where('id', '=', updated.id).executeTakeFirstOrThrow()).name).toBe(updated.name);
    expect((await db.selectFrom('import_job').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status).toBe('interrupted');
    const audited = await db.selectFrom('audit_log').select(['actor_name', 'after']).where('action', '=', 'member.import_interrupted').executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ actor_name: 'system:recovery', after: { removedMembers: 2, restoredMembers: 1 } });
    expect(lines.join('')).toContain('中断');
  });
});
