import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 销号 evidence beyond text and activity records (issue 10): files uploaded to the item (佐证材料)
// and links to closed rectifications (已整改的督查问题) — 「最多报一次」.
// Fixture: 工委 ─ A 机关党委 (unitadmin) ─ A1 (sec_a1), A2 (sec_a2); B. Clock: 2026-11-23.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let secA2: TestClient;
let itemA: number; // an own item of A (kept by unitadmin, reviewed by the committee)
let itemA1: number; // an own item of A1 (kept by sec_a1)
let rectified: number; // a finding on A, 立行立改: closed at once
let open: number; // a finding on A, still being rectified

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-not-a-real-image-but-png-magic')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

const storedFiles = () => readdirSync(env.filesDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;

async function ownItem(c: TestClient, orgId: number, title: string) {
  const r = await c.post('/api/list-items', { orgId, year: 2026, listKind: 'task', title, deadline: '2026-12-31' });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id as number;
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1, secA2] = await Promise.all(['admin', 'unitadmin', 'sec_a1', 'sec_a2'].map((u) => env.login(u)));
  itemA = await ownItem(unit, env.fx.a.id, '机关党建品牌创建');
  itemA1 = await ownItem(secA1, env.fx.a1.id, '支部标准化达标');
  const templateId = (await admin.get('/api/checklist-templates')).json().items[0].id;
  const insp = await admin.post('/api/inspections', {
    year: 2026, kind: 'special', quarter: 4, title: '第四季度专项督查', startsOn: '2026-11-10', endsOn: '2026-11-30',
    team: ['张督查'], leader: '张督查', templateId, targetOrgIds: [env.fx.a.id],
  });
  expect(insp.statusCode, insp.body).toBe(201);
  expect((await admin.post(`/api/inspections/${insp.json().id}/start`, {})).statusCode).toBe(200);
  const finding = (title: string, over = {}) =>
    admin.post(`/api/inspections/${insp.json().id}/findings`, { orgId: env.fx.a.id, findingClass: '三会一课', title, severity: 'general', principalName: '王局长', ...over });
  const r1 = await finding('学习园地内容陈旧', { immediate: true, immediateNote: '检查当天已更新' });
  expect(r1.json().status).toBe('closed');
  rectified = r1.json().id;
  open = (await finding('支委会记录不全')).json().id;
});
afterAll(() => env.close());

const auditOf = async (itemId: number) =>
  (await env.deps.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'list_item').where('entity_id', '=', String(itemId)).orderBy('id').execute());

describe('佐证材料 (files of an item)', () => {
  it('the lead organisation uploads; the file is listed on the item, downloads with safe headers; other kinds are refused in Chinese', async () => {
    const up = await unit.upload(`/api/list-items/${itemA}/files`, '品牌创建方案.pdf', PDF, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ fileName: '品牌创建方案.pdf', contentType: 'application/pdf', size: PDF.length, closingId: null, attached: false, uploadedBy: 'unitadmin' });
    const detail = (await unit.get(`/api/list-items/${itemA}`)).json();
    expect(detail.files.map((f: { fileName: string }) => f.fileName)).toEqual(['品牌创建方案.pdf']);

    const down = await admin.get(`/api/list-items/${itemA}/files/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PDF)).toBe(true);
    expect(down.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(String(down.headers['content-disposition'])).toContain("filename*=UTF-8''%E5%93%81");

    const before = storedFiles();
    const exe = await unit.upload(`/api/list-items/${itemA}/files`, '说明.txt', Buffer.from('hello'), 'text/plain');
    expect(exe.statusCode).toBe(400);
    expect(exe.json().message).toBe('仅支持 jpg、jpeg、png、pdf、docx、xlsx 格式的文件');
    const disguised = await unit.upload(`/api/list-items/${itemA}/files`, '照片.png', PDF, 'image/png');
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().message).toBe('文件内容与扩展名不符，仅支持 jpg、jpeg、png、pdf、docx、xlsx 格式的文件');
    expect(storedFiles()).toBe(before);
    expect(await env.deps.db.selectFrom('list_item_file').select('id').where('item_id', '=', itemA).execute()).toHaveLength(1);
  });

  it('outside the scope it is 404; a co-reader does not keep; a sibling branch can neither upload nor download', async () => {
    const mine = await secA1.upload(`/api/list-items/${itemA1}/files`, '达标自查表.png', PNG, 'image/png');
    expect(mine.statusCode, mine.body).toBe(201);
    const fileId = mine.json().id;
    expect((await secA2.upload(`/api/list-items/${itemA1}/files`, '别人的.png', PNG, 'image/png')).statusCode).toBe(404);
    expect((await secA2.get(`/api/list-items/${itemA1}/files/${fileId}`)).statusCode).toBe(404);
    expect((await secA2.delete(`/api/list-items/${itemA1}/files/${fileId}`)).statusCode).toBe(404);
    expect((await secA1.upload(`/api/list-items/${itemA}/files`, '越级.png', PNG, 'image/png')).statusCode).toBe(404);
    // The level above reads (the image inline) but a file id of another item is 404.
    const shown = await unit.get(`/api/list-items/${itemA1}/files/${fileId}`);
    expect(shown.statusCode).toBe(200);
    expect(String(shown.headers['content-disposition'])).toMatch(/^inline;/);
    expect((await unit.get(`/api/list-items/${itemA}/files/${fileId}`)).statusCode).toBe(404);
    const member = await env.login('member_a1');
    expect((await member.get(`/api/list-items/${itemA1}/files/${fileId}`)).statusCode).toBe(403);
  });

  it('at most 30 files an item: the 31st is refused in Chinese and stores nothing', async () => {
    const item = await ownItem(secA1, env.fx.a1.id, '佐证材料上限');
    for (let i = 1; i <= 30; i++) expect((await secA1.upload(`/api/list-items/${item}/files`, `材料${i}.pdf`, PDF, 'application/pdf')).statusCode).toBe(201);
    const before = storedFiles();
    const extra = await secA1.upload(`/api/list-items/${item}/files`, '材料31.pdf', PDF, 'application/pdf');
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toBe('每项事项最多上传30个佐证材料');
    expect(storedFiles()).toBe(before);
    expect(await env.deps.db.selectFrom('list_item_file').select('id').where('item_id', '=', item).execute()).toHaveLength(30);
  });

  it('an unattached file is deleted (audited) with its bytes', async () => {
    const up = await unit.upload(`/api/list-items/${itemA}/files`, '草稿.png', PNG, 'image/png');
    const before = storedFiles();
    const del = await unit.delete(`/api/list-items/${itemA}/files/${up.json().id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(storedFiles()).toBe(before - 1);
    expect((await unit.get(`/api/list-items/${itemA}`)).json().files.map((f: { fileName: string }) => f.fileName)).toEqual(['品牌创建方案.pdf']);
    const actions = (await auditOf(itemA)).map((a) => a.action);
    expect(actions.filter((a) => a === 'list_item.file_add')).toHaveLength(2);
    expect(actions).toContain('list_item.file_delete');
  });
});

describe('销号 with files and closed rectifications', () => {
  it('refuses a file of another item and a rectification not yet rectified, writing nothing', async () => {
    const fileA = (await unit.get(`/api/list-items/${itemA}`)).json().files[0].id;
    const fileA1 = (await unit.get(`/api/list-items/${itemA1}`)).json().files[0].id;
    const foreign = await unit.post(`/api/list-items/${itemA}/close`, { summary: '已完成', fileIds: [fileA, fileA1] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toBe(`佐证材料 #${fileA1} 不存在或不属于本事项`);
    const notClosed = await unit.post(`/api/list-items/${itemA}/close`, { summary: '已完成', rectificationIds: [rectified, open] });
    expect(notClosed.statusCode).toBe(400);
    expect(notClosed.json().message).toBe('整改问题「支委会记录不全」尚未验收为已整改，不能作为销号依据');
    const notAFinding = await unit.post(`/api/list-items/${itemA}/close`, { summary: '已完成', rectificationIds: [itemA1] });
    expect(notAFinding.json().message).toBe(`整改问题 #${itemA1} 不存在或不属于本组织`);
    // A1 cannot link A's rectification: it lies above the branch, not in its subtree.
    const above = await secA1.post(`/api/list-items/${itemA1}/close`, { summary: '已完成', rectificationIds: [rectified] });
    expect(above.json().message).toBe(`整改问题 #${rectified} 不存在或不属于本组织`);
    expect(await env.deps.db.selectFrom('list_item_closing').select('id').where('item_id', 'in', [itemA, itemA1]).execute()).toHaveLength(0);
    expect((await unit.get(`/api/list-items/${itemA}`)).json().status).toBe('in_progress');
  });

  it('a request with a file and a closed rectification shows both kinds; the file stays with it; returned, the file goes again with the next', async () => {
    const fileId = (await unit.get(`/api/list-items/${itemA}`)).json().files[0].id;
    const submitted = await unit.post(`/api/list-items/${itemA}/close`, { summary: '品牌创建完成', fileIds: [fileId], rectificationIds: [rectified] });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const body = submitted.json();
    expect(body.status).toBe('closing');
    expect(body.closings[0].evidence).toEqual([
      { kind: 'text', text: '品牌创建完成', refId: null, label: '完成情况' },
      { kind: 'file', text: '', refId: fileId, label: '品牌创建方案.pdf' },
      { kind: 'rectification', text: '', refId: rectified, label: '学习园地内容陈旧（已整改 2026-11-23）' },
    ]);
    expect(body.files[0]).toMatchObject({ id: fileId, closingId: body.closings[0].id, attached: true });
    expect(body.history[0].note).toBe('申请销号，关联佐证材料1份、已整改问题1个');

    // While the request waits: no uploads, no deletion.
    expect((await unit.upload(`/api/list-items/${itemA}/files`, '补充.png', PNG, 'image/png')).statusCode).toBe(409);
    expect((await unit.delete(`/api/list-items/${itemA}/files/${fileId}`)).statusCode).toBe(409);

    const returned = await admin.post(`/api/list-items/${itemA}/closing/return`, { comment: '请补充活动照片' });
    expect(returned.json().status).toBe('in_progress');
    expect(returned.json().files[0]).toMatchObject({ id: fileId, attached: false });
    // Part of the returned request's record: kept.
    const keep = await unit.delete(`/api/list-items/${itemA}/files/${fileId}`);
    expect(keep.statusCode).toBe(409);
    expect(keep.json().message).toBe('「品牌创建方案.pdf」已随销号申请报送，是申请记录的一部分，不能删除');

    const photo = (await unit.upload(`/api/list-items/${itemA}/files`, '活动照片.png', PNG, 'image/png')).json();
    const again = await unit.post(`/api/list-items/${itemA}/close`, { summary: '已补充照片', fileIds: [fileId, photo.id] });
    expect(again.statusCode, again.body).toBe(200);
    const [latest, first] = again.json().closings;
    expect(latest.evidence.filter((e: { kind: string }) => e.kind === 'file').map((e: { label: string }) => e.label)).toEqual(['品牌创建方案.pdf', '活动照片.png']);
    expect(first.evidence.map((e: { kind: string }) => e.kind)).toEqual(['text', 'file', 'rectification']); // the returned request keeps its record
    expect(again.json().files.every((f: { attached: boolean; closingId: number }) => f.attached && f.closingId === latest.id)).toBe(true);
    // A file of a pending request cannot go with another one (the item is locked anyway): approve and check the record.
    const closed = await admin.post(`/api/list-items/${itemA}/closing/approve`, {});
    expect(closed.json().status).toBe('closed');
    expect((await admin.get(`/api/list-items/${itemA}/files/${fileId}`)).statusCode).toBe(200);

    const records = await auditOf(itemA);
    const requests = records.filter((r) => r.action === 'list_item.close_request');
    expect(requests).toHaveLength(2);
    expect((requests[0]!.after as { closing: { evidence: string[] } }).closing.evidence).toEqual(['text:完成情况', 'file:品牌创建方案.pdf', 'rectification:学习园地内容陈旧（已整改 2026-11-23）']);
    expect(records.map((r) => r.action)).toEqual(expect.arrayContaining(['list_item.file_add', 'list_item.file_delete', 'list_item.close_return', 'list_item.close_approve']));
  });
});
