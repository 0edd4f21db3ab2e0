import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix of 考试's question bank: the committee, unit A's organiser, the sibling
// unit B's organiser, a branch secretary below A (sec_a1 at A局综合处), a plain member and the
// three separated admins. Without exam.manage: 403; a bank out of reach: 404 to read, 403 to write.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let committeeQ: number;
let aQ: number;
let a1Q: number;
let committeeQ2: number;

/** Each actor's status; `adminLast` asks the committee last (for a call that changes what the others would meet). */
async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>, adminLast = false) {
  const out = {} as Record<ActorName, number>;
  for (const a of adminLast ? [...ACTORS].reverse() : ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

const question = (orgId: number, stem: string) => ({ orgId, type: 'judge', stem, options: [], answer: ['true'], tags: [], difficulty: 'easy' });

async function oneQuestionSheet(stem: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('题库');
  ws.addRow(['题型', '题干', '答案', '难度']);
  ws.addRow(['判断题', stem, '对', '易']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  for (const a of ACTORS) as[a] = await env.login(a);
  committeeQ = (await as.admin.post('/api/exam-questions', question(env.fx.root.id, '工委题'))).json().id;
  aQ = (await as.unitadmin.post('/api/exam-questions', question(env.fx.a.id, 'A局题'))).json().id;
  committeeQ2 = (await as.admin.post('/api/exam-questions', question(env.fx.root.id, '工委题（组卷用）'))).json().id;
  a1Q = (await as.sec_a1.post('/api/exam-questions', question(env.fx.a1.id, 'A局综合处题'))).json().id;
});
afterAll(() => env.close());

describe('exam question bank permission matrix', () => {
  it('list, template and export: organisers only; members and the 三员 get 403', async () => {
    expect(await statuses((c) => c.get('/api/exam-questions'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.get('/api/exam-questions/export'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
  });

  it('lists hold the caller\'s subtree and the committee\'s bank, nothing of a sibling\'s', async () => {
    const stems = async (c: TestClient) => ((await c.get('/api/exam-questions')).json().items as { stem: string }[]).map((i) => i.stem).sort();
    expect(await stems(as.admin)).toEqual(['A局题', 'A局综合处题', '工委题', '工委题（组卷用）'].sort());
    expect(await stems(as.unitadmin)).toEqual(['A局题', 'A局综合处题', '工委题', '工委题（组卷用）'].sort());
    expect(await stems(as.sec_a1)).toEqual(['A局综合处题', '工委题', '工委题（组卷用）'].sort());
    expect(await stems(as.badmin)).toEqual(['工委题', '工委题（组卷用）'].sort());
  });

  it('read one: in reach 200, out of reach 404', async () => {
    expect(await statuses((c) => c.get(`/api/exam-questions/${aQ}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/exam-questions/${committeeQ}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
  });

  it('create into a bank: only where the caller reaches', async () => {
    expect(await statuses((c, n) => c.post('/api/exam-questions', question(env.fx.a1.id, `新题-${n}`)))).toEqual({ admin: 201, unitadmin: 201, badmin: 403, sec_a1: 201, ...REFUSED });
    expect(await statuses((c, n) => c.post('/api/exam-questions', question(env.fx.root.id, `工委新题-${n}`)))).toEqual({ admin: 201, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
  });

  it('edit and delete: the committee\'s bank only by the committee; a sibling\'s is 404', async () => {
    expect(await statuses((c) => c.put(`/api/exam-questions/${committeeQ}`, question(env.fx.root.id, '工委题')))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
    expect(await statuses((c) => c.put(`/api/exam-questions/${a1Q}`, question(env.fx.a1.id, 'A局综合处题')))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.delete(`/api/exam-questions/${committeeQ}`), true)).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
  });

  it('import into a bank: only where the caller reaches', async () => {
    // Each actor its own stem: a question already in the bank would be refused (EX-8), whoever asks.
    expect(await statuses(async (c, n) => c.upload(`/api/exam-questions/import?orgId=${env.fx.a1.id}`, 'q.xlsx', await oneQuestionSheet(`导入权限题-${n}`)))).toEqual({ admin: 200, unitadmin: 200, badmin: 403, sec_a1: 200, ...REFUSED });
  });

  it('papers: organisers only, within their subtree; members and the 三员 get 403', async () => {
    const paper = (orgId: number, title: string) => ({ orgId, title, kind: 'fixed', questions: [{ questionId: committeeQ2, score: 5 }] });
    expect(await statuses((c) => c.get('/api/exam-papers'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c, n) => c.post('/api/exam-papers', paper(env.fx.a1.id, `卷-${n}`)))).toEqual({ admin: 201, unitadmin: 201, badmin: 403, sec_a1: 201, ...REFUSED });
    const { id } = (await as.unitadmin.post('/api/exam-papers', paper(env.fx.a.id, 'A局卷'))).json();
    expect(await statuses((c) => c.get(`/api/exam-papers/${id}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/exam-papers/${id}/preview?seed=1`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
    expect(await statuses((c) => c.put(`/api/exam-papers/${id}`, paper(env.fx.a.id, 'A局卷（改）')))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
    // Asked in reverse order: the branch secretary and B's organiser are refused, A's organiser deletes, the committee then finds nothing.
    expect(await statuses((c) => c.delete(`/api/exam-papers/${id}`), true)).toEqual({ admin: 404, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
  });
});
