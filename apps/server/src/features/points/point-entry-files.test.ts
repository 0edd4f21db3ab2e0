import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 佐证材料 files of a branch's addition (PT-10): A1's secretary attaches files while the entry waits;
// unit A (the level above) reads them and decides; then the files are part of the record. B, a plain
// member and the 三员 reach none of it.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let member: TestClient;
let badmin: TestClient;
let entry: number;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  [sec, unit, member, badmin] = await Promise.all(['sec_a1', 'unitadmin', 'member_a1', 'badmin'].map((u) => env.login(u)));
  entry = (await sec.post('/api/point-entries', { memberId: env.fx.membersA1[2], kind: 'manual_addition', occurredOn: '2026-05-04', points: 3, reason: '志愿服务表现突出', evidence: '志愿服务记录表（见附件）' })).json().id;
});
afterAll(() => env.close());

describe('佐证材料 of a point entry', () => {
  it('the branch attaches a file while it waits; a wrong kind is refused in Chinese; audited', async () => {
    const bad = await sec.upload(`/api/point-entries/${entry}/files`, '说明.txt', Buffer.from('hello'), 'text/plain');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('仅支持 jpg、jpeg、png、pdf、docx、xlsx 格式的文件');
    const up = await sec.upload(`/api/point-entries/${entry}/files`, '志愿服务记录表.pdf', PDF, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ id: entry, canAttach: true, files: [{ fileName: '志愿服务记录表.pdf', size: PDF.length }] });
    expect((await env.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'point_entry.file_add' as never).execute()).length).toBe(1);
  });

  it('the level above reads the file in the review list and may not attach; B and a plain member reach nothing', async () => {
    const listed = (await unit.get('/api/point-entries?year=2026&status=submitted')).json().items[0];
    expect(listed).toMatchObject({ id: entry, canReview: true, canAttach: false });
    const file = listed.files[0].id;
    const got = await unit.get(`/api/point-entries/${entry}/files/${file}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PDF)).toBe(true);
    expect((await unit.upload(`/api/point-entries/${entry}/files`, 'x.pdf', PDF, 'application/pdf')).statusCode).toBe(403);
    expect((await badmin.get(`/api/point-entries/${entry}/files/${file}`)).statusCode).toBe(404);
    expect((await badmin.upload(`/api/point-entries/${entry}/files`, 'x.pdf', PDF, 'application/pdf')).statusCode).toBe(404);
    expect((await member.get(`/api/point-entries/${entry}/files/${file}`)).statusCode).toBe(403);
    for (const u of ['sysadmin', 'secadmin', 'auditor']) expect((await (await env.login(u)).get(`/api/point-entries/${entry}/files/${file}`)).statusCode).toBe(403);
  });

  it('the branch removes a file while it waits; once approved the files stay (409)', async () => {
    const second = (await sec.upload(`/api/point-entries/${entry}/files`, '照片.pdf', PDF, 'application/pdf')).json().files[1].id;
    const del = await sec.delete(`/api/point-entries/${entry}/files/${second}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().files).toHaveLength(1);
    expect((await unit.post(`/api/point-entries/${entry}/review`, { decision: 'approve' })).json()).toMatchObject({ status: 'approved', files: [{ fileName: '志愿服务记录表.pdf' }] });
    const late = await sec.upload(`/api/point-entries/${entry}/files`, '补充.pdf', PDF, 'application/pdf');
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('积分登记已审核，佐证材料不能再增删');
    const file = (await unit.get('/api/point-entries?year=2026')).json().items[0].files[0].id;
    expect((await sec.delete(`/api/point-entries/${entry}/files/${file}`)).statusCode).toBe(409);
  });
});
