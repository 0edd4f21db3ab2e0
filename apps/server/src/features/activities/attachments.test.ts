import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { markPresent } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let sec2: TestClient;
let member: TestClient;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-not-a-real-image-but-png-magic')]);
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-test')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
let DOCX: Buffer;
let XLSX: Buffer;

beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit, sec2, member] = await Promise.all(['sec_a1', 'unitadmin', 'sec_a2', 'member_a1'].map((u) => env.login(u)));
  DOCX = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('会议通知')] }] }));
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('签到表').addRow(['姓名', '签到']);
  XLSX = Buffer.from(await wb.xlsx.writeBuffer());
});
afterAll(() => env.close());

async function newActivity(title = '主题党日') {
  const r = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['theme_day'], title, startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}

/** What is stored: rows in the table and files in the store's folder. */
async function stored() {
  const rows = (await sql<{ n: number }>`select count(*)::int as n from activity_attachment`.execute(env.deps.db)).rows[0].n;
  const files = readdirSync(env.filesDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;
  return { rows, files };
}

const auditActions = async (activityId: number) =>
  (await env.deps.db.selectFrom('audit_log').where('entity_type', '=', 'activity').where('entity_id', '=', String(activityId)).select(['action', 'actor_name', 'before', 'after']).orderBy('id').execute());

describe('activity attachments', () => {
  it('round trip: upload, list in the detail, download with the UTF-8 name, delete; every change audited', async () => {
    const id = await newActivity();
    const up = await sec.upload(`/api/activities/${id}/attachments`, '会场照片.png', PNG, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json();
    expect(file).toMatchObject({ fileName: '会场照片.png', contentType: 'image/png', size: PNG.length });
    expect(typeof file.id).toBe('number');

    const detail = (await sec.get(`/api/activities/${id}`)).json();
    expect(detail.attachments.map((a: any) => a.fileName)).toEqual(['会场照片.png']);

    const down = await unit.get(`/api/activities/${id}/attachments/${file.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['content-disposition']).toBe(`inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('会场照片.png')}`);
    expect(down.headers['x-content-type-options']).toBe('nosniff');

    const doc = await sec.upload(`/api/activities/${id}/attachments`, 'C:\\fakepath\\会议纪要（定稿）.docx', DOCX, 'application/octet-stream');
    expect(doc.statusCode, doc.body).toBe(201);
    expect(doc.json().fileName).toBe('会议纪要（定稿）.docx');
    const docDown = await sec.get(`/api/activities/${id}/attachments/${doc.json().id}`);
    expect(docDown.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docDown.headers['content-disposition']).toMatch(/^attachment; /);
    expect(docDown.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('会议纪要（定稿）.docx')}`);
    for (const [name, data] of [['签到表.xlsx', XLSX], ['通知.pdf', PDF], ['合影.JPG', JPG], ['合影2.jpeg', JPG]] as const) {
      const r = await sec.upload(`/api/activities/${id}/attachments`, name, data);
      expect(r.statusCode, `${name}: ${r.body}`).toBe(201);
    }
    expect(await stored()).toEqual({ rows: 6, files: 6 });

    const del = await sec.delete(`/api/activities/${id}/attachments/${file.id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await sec.get(`/api/activities/${id}/attachments/${file.id}`)).statusCode).toBe(404);
    expect(await stored()).toEqual({ rows: 5, files: 5 });

    const log = await auditActions(id);
    expect(log.filter((l) => l.action === 'activity.attachment_add')).toHaveLength(6);
    const removed = log.find((l) => l.action === 'activity.attachment_delete')!;
    expect(removed.actor_name).toBe('sec_a1');
    expect(removed.before).toMatchObject({ id: file.id, fileName: '会场照片.png', size: PNG.length });

    // Deleting the activity takes its files with it.
    expect((await sec.delete(`/api/activities/${id}`)).statusCode).toBe(200);
    expect(await stored()).toEqual({ rows: 0, files: 0 });
  });

  it('refuses other types, content that does not match the extension, and files over 20 MB — nothing is stored', async () => {
    const id = await newActivity();
    const before = await stored();
    const cases: [string, Buffer, string][] = [
      ['说明.txt', Buffer.from('纯文本'), '仅支持 jpg、jpeg、png、pdf、docx、xlsx'],
      ['脚本.html', Buffer.from('<script>alert(1)</script>'), '仅支持'],
      ['无扩展名', PNG, '仅支持'],
      ['伪装.png', Buffer.from('<svg onload=alert(1)>'), '文件内容与扩展名不符'],
      ['伪装.pdf', PNG, '文件内容与扩展名不符'],
      ['表格当文档.docx', XLSX, '文件内容与扩展名不符'],
      ['文档当表格.xlsx', DOCX, '文件内容与扩展名不符'],
      ['空.png', Buffer.alloc(0), '文件为空'],
      ['.png', PNG, '文件名无效'],
      ['超大.png', Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]), '文件过大（单个文件不超过20MB）'],
    ];
    for (const [name, data, message] of cases) {
      const r = await sec.upload(`/api/activities/${id}/attachments`, name, data);
      expect(r.statusCode, name).toBe(400);
      expect(r.json().message, name).toContain(message);
    }
    expect(await stored()).toEqual(before);
    const notMultipart = await sec.post(`/api/activities/${id}/attachments`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(400);
  });

  it('a file of exactly 20 MB is accepted; the 31st file is refused', async () => {
    const id = await newActivity();
    const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024 - PNG.length)]);
    expect((await sec.upload(`/api/activities/${id}/attachments`, '大图.png', big)).statusCode).toBe(201);
    for (let i = 2; i <= 30; i++) {
      const r = await sec.upload(`/api/activities/${id}/attachments`, `照片${i}.jpg`, JPG);
      expect(r.statusCode, r.body).toBe(201);
    }
    const before = await stored();
    const over = await sec.upload(`/api/activities/${id}/attachments`, '照片31.jpg', JPG);
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toBe('每项活动最多上传30个附件');
    expect(await stored()).toEqual(before);
  });

  it('when the database write fails the stored file is removed again', async () => {
    const id = await newActivity();
    const before = await stored();
    await sql`create function refuse_attachment() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(env.deps.db);
    await sql`create trigger refuse_attachment before insert on activity_attachment for each row execute function refuse_attachment()`.execute(env.deps.db);
    try {
      const r = await sec.upload(`/api/activities/${id}/attachments`, '照片.jpg', JPG);
      expect(r.statusCode).toBe(500);
    } finally {
      await sql`drop trigger refuse_attachment on activity_attachment`.execute(env.deps.db);
      await sql`drop function refuse_attachment()`.execute(env.deps.db);
    }
    expect(await stored()).toEqual(before);
    expect((await auditActions(id)).map((l) => l.action)).not.toContain('activity.attachment_add');
  });

  it('is locked once submitted and after approval; reading stays open to readers', async () => {
    const id = await newActivity();
    const file = (await sec.upload(`/api/activities/${id}/attachments`, '签到表.pdf', PDF)).json();
    await markPresent(sec, id);
    expect((await sec.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
    const whileSubmitted = await sec.upload(`/api/activities/${id}/attachments`, '补充.jpg', JPG);
    expect(whileSubmitted.statusCode).toBe(409);
    expect(whileSubmitted.json().message).toContain('当前为“待审核”，不能修改');
    expect((await unit.post(`/api/activities/${id}/approve`, {})).statusCode).toBe(200);

    const before = await stored();
    const up = await sec.upload(`/api/activities/${id}/attachments`, '补充.jpg', JPG);
    expect(up.statusCode).toBe(409);
    expect(up.json().message).toContain('当前为“已通过”');
    const del = await unit.delete(`/api/activities/${id}/attachments/${file.id}`);
    expect(del.statusCode).toBe(409);
    expect(await stored()).toEqual(before);
    expect((await unit.get(`/api/activities/${id}/attachments/${file.id}`)).statusCode).toBe(200);
  });

  it('permissions: the sibling branch and a plain member see nothing (404); wrong activity id for a file is 404', async () => {
    const id = await newActivity();
    const file = (await sec.upload(`/api/activities/${id}/attachments`, '照片.jpg', JPG)).json();
    const before = await stored();
    for (const [who, c] of [['sec_a2', sec2], ['member_a1', member]] as const) {
      expect((await c.upload(`/api/activities/${id}/attachments`, '照片.jpg', JPG)).statusCode, who).toBe(404);
      expect((await c.get(`/api/activities/${id}/attachments/${file.id}`)).statusCode, who).toBe(404);
      expect((await c.delete(`/api/activities/${id}/attachments/${file.id}`)).statusCode, who).toBe(404);
    }
    expect((await env.anonymous().get(`/api/activities/${id}/attachments/${file.id}`)).statusCode).toBe(401);
    expect(await stored()).toEqual(before);

    const other = await newActivity('另一次活动');
    expect((await sec.get(`/api/activities/${other}/attachments/${file.id}`)).statusCode).toBe(404);
    expect((await sec.delete(`/api/activities/${other}/attachments/${file.id}`)).statusCode).toBe(404);
  });
});
