import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanAnswerText, DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from './harness.ts';

// An attacker's pass over what issue 12 added late: the organiser's side of 考试 (results, export,
// marking), the member's side (attempts, answers), the links of 培训班 to their exams, 积分排名 and
// the 民主评议 sheet, the evidence files of a point entry and the 考试合格 ledger source. Each test
// tries one way in and asserts the door stays shut and nothing changes.

let env: TestEnv;
let unit: TestClient; // org_admin of unit A
let secA1: TestClient; // org_admin of branch A1 and its member 赵一 (membersA1[0])
let secA2: TestClient; // org_admin of branch A2 (no member role)
let member: TestClient; // 钱二 (membersA1[1]), member of A1
let taker: TestClient; // 孙三 (membersA1[2]), member of A1
let badmin: TestClient; // org_admin of unit B
let shortPaper: number;
let objectivePaper: number;
let a1Paper: number;
let a1ShortPaper: number;

const examBody = (orgId: number, paperId: number, extra: object = {}) => ({
  orgId,
  paperId,
  title: '攻防测试',
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 2,
  counting: 'best',
  passMark: 5,
  reviewPolicy: 'after_submit',
  ...extra,
});
async function published(client: TestClient, orgId: number, paperId: number, extra: object = {}) {
  const r = await client.post('/api/exams', examBody(orgId, paperId, extra));
  expect(r.statusCode, r.body).toBe(201);
  const p = await client.post(`/api/exams/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return r.json().id as number;
}
type Attempt = { id: number; score: number | null; pendingMarking: boolean; questions: { position: number; type: string; stem: string; given: string[] | null; answer: string[] | null }[] };
async function start(c: TestClient, exam: number) {
  const a = await c.post(`/api/exams/${exam}/attempts`);
  expect(a.statusCode, a.body).toBe(201);
  return a.json() as Attempt;
}
async function take(c: TestClient, exam: number, right = true) {
  const a = await start(c, exam);
  const given = a.questions.map((q) => ({ position: q.position, given: q.type === 'short' ? ['要点'] : q.type === 'judge' ? [right ? 'true' : 'false'] : [] }));
  expect((await c.put(`/api/attempts/${a.id}/answers`, { answers: given })).statusCode).toBe(200);
  const done = await c.post(`/api/attempts/${a.id}/submit`);
  expect(done.statusCode, done.body).toBe(200);
  return done.json() as Attempt;
}
const shortPos = (a: Attempt) => a.questions.find((q) => q.type === 'short')!.position;
const klass = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.a.id,
  title: '攻防培训班',
  planLine: 'secretary_school',
  plan: '',
  startsOn: '2026-11-23',
  endsOn: '2026-11-24',
  place: null,
  minAttendance: 80,
  evaluationItems: [{ key: 'overall', label: '总体满意度' }],
  ...over,
});

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  await env.addAccount('taker', [[env.fx.a1.id, 'member']], env.fx.membersA1[2]);
  [unit, secA1, secA2, member, taker, badmin] = await Promise.all(['unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'taker', 'badmin'].map((u) => env.login(u)));
  const add = async (c: TestClient, orgId: number, body: object) => {
    const r = await c.post('/api/exam-questions', { orgId, tags: [], difficulty: 'easy', options: [], ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const judge = await add(unit, env.fx.a.id, { type: 'judge', stem: '判断一', answer: ['true'] });
  const short = await add(unit, env.fx.a.id, { type: 'short', stem: '简述', answer: ['参考答案'] });
  shortPaper = (await unit.post('/api/exam-papers', { orgId: env.fx.a.id, title: '含简答卷', kind: 'fixed', questions: [{ questionId: judge, score: 5 }, { questionId: short, score: 10 }] })).json().id;
  objectivePaper = (await unit.post('/api/exam-papers', { orgId: env.fx.a.id, title: '客观卷', kind: 'fixed', questions: [{ questionId: judge, score: 10 }] })).json().id;
  const a1judge = await add(secA1, env.fx.a1.id, { type: 'judge', stem: '支部判断', answer: ['true'] });
  const a1short = await add(secA1, env.fx.a1.id, { type: 'short', stem: '支部简述', answer: ['参考答案'] });
  a1Paper = (await secA1.post('/api/exam-papers', { orgId: env.fx.a1.id, title: '支部卷', kind: 'fixed', questions: [{ questionId: a1judge, score: 10 }] })).json().id;
  a1ShortPaper = (await secA1.post('/api/exam-papers', { orgId: env.fx.a1.id, title: '支部简答卷', kind: 'fixed', questions: [{ questionId: a1judge, score: 5 }, { questionId: a1short, score: 10 }] })).json().id;
});
afterAll(() => env.close());

describe('考试, the organiser’s side', () => {
  it('marks: another unit’s or a sibling branch’s organiser gets 404, a member 403, one’s own attempt 403; nothing changes', async () => {
    const exam = await published(unit, env.fx.a.id, shortPaper, { title: '越权阅卷' });
    const a = await take(member, exam);
    const mark = { marks: [{ position: shortPos(a), score: 10 }] };
    expect((await badmin.put(`/api/attempts/${a.id}/marks`, mark)).statusCode).toBe(404);
    expect((await secA2.put(`/api/attempts/${a.id}/marks`, mark)).statusCode).toBe(404);
    expect((await taker.put(`/api/attempts/${a.id}/marks`, mark)).statusCode).toBe(403);
    expect((await member.put(`/api/attempts/${a.id}/marks`, mark)).statusCode).toBe(403);
    // A branch exam: 赵一 organises it (A1's admin) and takes it — their own attempt is not theirs to mark.
    const branchExam = await published(secA1, env.fx.a1.id, a1ShortPaper, { title: '本人答卷' });
    const own = await take(secA1, branchExam);
    const r = await secA1.put(`/api/attempts/${own.id}/marks`, { marks: [{ position: shortPos(own), score: 10 }] });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toBe('不能为本人的答卷阅卷');
    for (const u of ['sysadmin', 'secadmin', 'auditor']) expect((await (await env.login(u)).put(`/api/attempts/${a.id}/marks`, mark)).statusCode).toBe(403);
    const rows = await env.deps.db.selectFrom('exam_attempt_question').select('awarded').where('attempt_id', 'in', [a.id, own.id]).where('type', '=', 'short').execute();
    expect(rows.every((q) => q.awarded === null)).toBe(true);
  });

  it('marks: strings, NaN-like values, negatives, quarter points and unknown fields are refused in Chinese; a closed exam’s mark is final', async () => {
    const exam = await published(unit, env.fx.a.id, shortPaper, { title: '阅卷输入' });
    const a = await take(taker, exam);
    const pos = shortPos(a);
    for (const score of ['5', 'NaN', null, -1, 2.25, 1e308, {}]) {
      const r = await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: pos, score }] });
      expect(r.statusCode, String(score)).toBe(400);
    }
    expect((await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: pos, score: 1, extra: 1 }] })).statusCode).toBe(400);
    expect((await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: 999, score: 1 }] })).statusCode).toBe(400);
    expect((await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: pos, score: 1 }, { position: pos, score: 10 }] })).statusCode).toBe(400);
    expect((await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: pos, score: 4 }] })).statusCode).toBe(200);
    expect((await unit.post(`/api/exams/${exam}/close`)).statusCode).toBe(200);
    const late = await unit.put(`/api/attempts/${a.id}/marks`, { marks: [{ position: pos, score: 10 }] });
    expect(late.statusCode).toBe(409);
    const q = await env.deps.db.selectFrom('exam_attempt_question').select('awarded').where('attempt_id', '=', a.id).where('position', '=', pos).executeTakeFirstOrThrow();
    expect(Number(q.awarded)).toBe(4);
  });

  it('results, export and marking: another unit’s and a sibling branch’s organiser get 404, a member and the 三员 403', async () => {
    const exam = await published(unit, env.fx.a.id, shortPaper, { title: '成绩越权' });
    for (const path of ['results', 'results/export', 'marking']) {
      expect((await badmin.get(`/api/exams/${exam}/${path}`)).statusCode, path).toBe(404);
      expect((await secA2.get(`/api/exams/${exam}/${path}`)).statusCode, path).toBe(404);
      expect((await member.get(`/api/exams/${exam}/${path}`)).statusCode, path).toBe(403);
      expect((await (await env.login('auditor')).get(`/api/exams/${exam}/${path}`)).statusCode, path).toBe(403);
    }
    // The organisation filter cannot reach outside the exam: B's branch yields nobody.
    const out = await unit.get(`/api/exams/${exam}/results?orgId=${env.fx.b1.id}`);
    expect(out.statusCode).toBe(200);
    expect(out.json().total).toBe(0);
    // LIKE wildcards are literal: '%' and '_' match no name.
    for (const q of ['%', '_', '\\']) expect((await unit.get(`/api/exams/${exam}/results?q=${encodeURIComponent(q)}`)).json().total).toBe(0);
  });

  it('the export: a name that looks like a formula stays text; no ID number or phone column or value', async () => {
    const exam = await published(unit, env.fx.a.id, objectivePaper, { title: '导出注入' });
    await env.deps.db.updateTable('member').set({ name: '=HYPERLINK("http://evil.example","点我")' }).where('id', '=', env.fx.membersA1[5]).execute();
    try {
      const r = await unit.get(`/api/exams/${exam}/results/export`);
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const headers = (ws.getRow(1).values as unknown[]).filter(Boolean).map(String);
      expect(headers.some((h) => /身份证|手机|电话/.test(h))).toBe(false);
      const cells: ExcelJS.Cell[] = [];
      ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
      expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
      const evil = cells.find((c) => String(c.value).startsWith('=HYPERLINK'));
      expect(evil?.type).toBe(ExcelJS.ValueType.String);
      expect(cells.some((c) => /\d{11,}/.test(String(c.value)))).toBe(false);
    } finally {
      await env.deps.db.updateTable('member').set({ name: '吴六' }).where('id', '=', env.fx.membersA1[5]).execute();
    }
  });
});

describe('考试, the member’s side', () => {
  it('another member’s attempt is 404 to read, answer, submit or strike; the organiser cannot answer one', async () => {
    const exam = await published(unit, env.fx.a.id, shortPaper, { title: '答卷IDOR' });
    const a = await start(member, exam);
    for (const c of [taker, secA1, badmin]) {
      expect((await c.get(`/api/attempts/${a.id}`)).statusCode).toBe(404);
      expect((await c.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['false'] }] })).statusCode).toBe(404);
      expect((await c.post(`/api/attempts/${a.id}/submit`)).statusCode).toBe(404);
      expect((await c.post(`/api/attempts/${a.id}/focus-loss`)).statusCode).toBe(404);
    }
    expect((await unit.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['false'] }] })).statusCode).toBe(404);
    // The organiser reads it, but an attempt still being written shows no key.
    const seen = await unit.get(`/api/attempts/${a.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().questions.every((q: { answer: unknown }) => q.answer === null)).toBe(true);
    const mine = await member.get(`/api/attempts/${a.id}`);
    expect(mine.json().questions.every((q: { given: unknown }) => q.given === null)).toBe(true);
  });

  it('the key stays hidden until the review policy allows it (after_close: not at hand-in; never: not even after the close)', async () => {
    const later = await published(unit, env.fx.a.id, objectivePaper, { title: '结束后公布', reviewPolicy: 'after_close' });
    const a = await take(taker, later);
    expect(a.questions.every((q) => q.answer === null)).toBe(true);
    expect((await taker.get(`/api/attempts/${a.id}`)).json()).toMatchObject({ reviewAllowed: false });
    const never = await published(unit, env.fx.a.id, objectivePaper, { title: '不公布', reviewPolicy: 'never' });
    const b = await take(taker, never);
    expect((await unit.post(`/api/exams/${never}/close`)).statusCode).toBe(200);
    const after = (await taker.get(`/api/attempts/${b.id}`)).json();
    expect(after.reviewAllowed).toBe(false);
    expect(after.questions.every((q: { answer: unknown; awarded: unknown }) => q.answer === null && q.awarded === null)).toBe(true);
  });

  it('answers: positions not in the paper, mistyped values, too many items and control characters are refused in Chinese; nothing is saved', async () => {
    const exam = await published(unit, env.fx.a.id, shortPaper, { title: '答案输入' });
    const a = await start(taker, exam);
    const pos = shortPos(a);
    const bad = [
      { answers: [{ position: 99, given: ['x'] }] },
      { answers: [{ position: 0, given: ['x'] }] },
      { answers: [{ position: pos, given: 'x' }] },
      { answers: [{ position: pos, given: [1, 2] }] },
      { answers: [{ position: pos, given: [{ a: 1 }] }] },
      { answers: [{ position: pos, given: Array.from({ length: 9 }, () => 'A') }] },
      { answers: Array.from({ length: 201 }, () => ({ position: pos, given: ['x'] })) },
      { answers: [{ position: pos, given: ['x'.repeat(2001)] }] },
      { answers: [{ position: pos, given: ['空\u0000字符'] }] },
      { answers: [{ position: pos, given: ['方向\u202e覆盖'] }] },
      { answers: [{ position: pos, given: ['孤立\ud800代理'] }] },
      { answers: [{ position: pos, given: ['x'], extra: 1 }] },
    ];
    for (const body of bad) {
      const r = await taker.put(`/api/attempts/${a.id}/answers`, body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // A body past the 1 MB limit (200 answers × 8 × 2,000 characters would be 3 MB) is refused before any work.
    const huge = await taker.put(`/api/attempts/${a.id}/answers`, { answers: Array.from({ length: 100 }, () => ({ position: pos, given: Array.from({ length: 8 }, () => '长'.repeat(2000)) })) });
    expect(huge.statusCode).toBe(413);
    const row = await env.deps.db.selectFrom('exam_attempt_question').select('given').where('attempt_id', '=', a.id).execute();
    expect(row.every((q) => q.given === null)).toBe(true);
    // What the phone sends for pasted text: the invisible characters dropped, line breaks kept — saved.
    const pasted = cleanAnswerText('\ufeff第一，\u200b宣传党的主张；\n第二，团结群众\u0000');
    expect(pasted).toBe('第一，宣传党的主张；\n第二，团结群众');
    const ok = await taker.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: pos, given: [pasted] }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().questions.find((q: { position: number }) => q.position === pos).given).toEqual([pasted]);
    expect(env.logs.filter((l) => /"statusCode":500|error/i.test(l) && /answers/.test(l))).toEqual([]);
  });

  it('an exam closed early: whoever handed in sees the key (after_close), so whoever is still writing may save nothing more (409), only hand in', async () => {
    const exam = await published(unit, env.fx.a.id, objectivePaper, { title: '提前结束', reviewPolicy: 'after_close', attemptsAllowed: 1 });
    const a = await take(taker, exam, false);
    const b = await start(member, exam);
    expect((await member.put(`/api/attempts/${b.id}/answers`, { answers: [{ position: 1, given: ['false'] }] })).statusCode).toBe(200);
    expect((await unit.post(`/api/exams/${exam}/close`)).statusCode).toBe(200);
    const key = (await taker.get(`/api/attempts/${a.id}`)).json();
    expect(key.reviewAllowed).toBe(true);
    expect(key.questions[0].answer).toEqual(['true']);
    const late = await member.put(`/api/attempts/${b.id}/answers`, { answers: [{ position: 1, given: key.questions[0].answer }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('考试已结束或已取消，答案未保存，请交卷');
    const done = await member.post(`/api/attempts/${b.id}/submit`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ score: 0, passed: false });
    expect(done.json().questions[0].given).toEqual(['false']);
  });

  it('a focus loss after the deadline is no strike: the attempt is handed in as timed out, never forced', async () => {
    const exam = await published(unit, env.fx.a.id, objectivePaper, { title: '超时切屏', timeLimitMinutes: 1, focusStrikes: 1 });
    const a = await start(taker, exam);
    env.clock.advanceMinutes(3);
    try {
      const r = await taker.post(`/api/attempts/${a.id}/focus-loss`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ status: 'submitted', forced: false, timedOut: true, strikes: 0 });
      expect((await taker.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['true'] }] })).statusCode).toBe(409);
    } finally {
      env.clock.advanceMinutes(-3);
    }
  });
});

describe('培训班 and its exams (TR-8)', () => {
  it('a linked exam keeps its purpose and organisation: editing the draft to a plain exam (open to everyone) is refused', async () => {
    const draft = await unit.post('/api/exams', examBody(env.fx.a.id, objectivePaper, { title: '草稿入学测试', purpose: 'training_entry' }));
    expect(draft.statusCode).toBe(201);
    const c = await unit.post('/api/training-classes', klass({ title: '草稿关联班', entryExamId: draft.json().id }));
    expect(c.statusCode, c.body).toBe(201);
    const plain = await unit.put(`/api/exams/${draft.json().id}`, examBody(env.fx.a.id, objectivePaper, { title: '草稿入学测试', purpose: 'exam' }));
    expect(plain.statusCode, plain.body).toBe(409);
    expect(plain.json().message).toMatch(/培训班/);
    const moved = await unit.put(`/api/exams/${draft.json().id}`, examBody(env.fx.a1.id, objectivePaper, { title: '草稿入学测试', purpose: 'training_entry' }));
    expect(moved.statusCode, moved.body).toBe(409);
    const row = await env.deps.db.selectFrom('exam').select(['purpose', 'org_id']).where('id', '=', draft.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ purpose: 'training_entry', org_id: env.fx.a.id });
    // Other edits of the draft stay possible.
    expect((await unit.put(`/api/exams/${draft.json().id}`, examBody(env.fx.a.id, objectivePaper, { title: '草稿入学测试（改）', purpose: 'training_entry' }))).statusCode).toBe(200);
  });

  it('a class moved to another organisation cannot keep an exam of its old one', async () => {
    const entry = await published(unit, env.fx.a.id, objectivePaper, { title: '搬家入学测试', purpose: 'training_entry' });
    const c = await unit.post('/api/training-classes', klass({ title: '搬家班', entryExamId: entry }));
    expect(c.statusCode, c.body).toBe(201);
    const r = await unit.put(`/api/training-classes/${c.json().id}`, klass({ title: '搬家班', orgId: env.fx.a1.id, entryExamId: entry }));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().message).toBe('入学测试须是本培训班举办组织安排的考试');
    const row = await env.deps.db.selectFrom('training_class').select('org_id').where('id', '=', c.json().id).executeTakeFirstOrThrow();
    expect(row.org_id).toBe(env.fx.a.id);
  });

  it('links to another unit’s exam, a cancelled one, a wrong purpose or one already taken are refused', async () => {
    const entry = await published(unit, env.fx.a.id, objectivePaper, { title: '占用入学测试', purpose: 'training_entry' });
    expect((await unit.post('/api/training-classes', klass({ title: '先占班', entryExamId: entry }))).statusCode).toBe(201);
    expect((await unit.post('/api/training-classes', klass({ title: '后占班', entryExamId: entry }))).statusCode).toBe(400);
    const cancelled = await published(unit, env.fx.a.id, objectivePaper, { title: '取消的测试', purpose: 'training_entry' });
    expect((await unit.post(`/api/exams/${cancelled}/cancel`)).statusCode).toBe(200);
    expect((await unit.post('/api/training-classes', klass({ title: '取消班', entryExamId: cancelled }))).statusCode).toBe(400);
    const general = await published(unit, env.fx.a.id, objectivePaper, { title: '普通考试' });
    expect((await unit.post('/api/training-classes', klass({ title: '用途班', finalExamId: general }))).statusCode).toBe(400);
    // B's admin names A's exam for B's class: refused, without learning the exam's title.
    const bClass = await badmin.post('/api/training-classes', klass({ title: 'B班', orgId: env.fx.b.id, entryExamId: entry }));
    expect(bClass.statusCode).toBe(400);
    expect(bClass.body).not.toContain('占用入学测试');
  });

  it('a training exam: a non-trainee member 404, a non-trainee organiser 403 with no `mine`, a trainee after the class is cancelled 409', async () => {
    const entry = await published(secA1, env.fx.a1.id, a1Paper, { title: '支部入学测试', purpose: 'training_entry' });
    const c = await secA1.post('/api/training-classes', klass({ orgId: env.fx.a1.id, title: '支部班', entryExamId: entry }));
    expect(c.statusCode, c.body).toBe(201);
    expect((await secA1.post(`/api/training-classes/${c.json().id}/trainees`, { memberIds: [env.fx.membersA1[2]] })).statusCode).toBe(200);
    expect((await member.post(`/api/exams/${entry}/attempts`)).statusCode).toBe(404);
    const own = await secA1.post(`/api/exams/${entry}/attempts`);
    expect(own.statusCode).toBe(403);
    const listed = (await secA1.get('/api/exams?pageSize=100')).json().items.find((e: { id: number }) => e.id === entry);
    expect(listed.mine).toBeNull();
    expect((await secA1.get(`/api/exams/${entry}`)).json().mine).toBeNull();
    expect((await taker.get(`/api/exams/${entry}`)).json().mine).toMatchObject({ attempts: [] });
    expect((await secA1.post(`/api/training-classes/${c.json().id}/cancel`)).statusCode).toBe(200);
    const late = await taker.post(`/api/exams/${entry}/attempts`);
    expect(late.statusCode).toBe(409);
    expect(await env.deps.db.selectFrom('exam_attempt').select('id').where('exam_id', '=', entry).execute()).toEqual([]);
  });
});

describe('积分排名, 民主评议参考表 and evidence files', () => {
  it('rankings and the sheet: another unit 404, a member and the 三员 403; control characters in q 400; huge pages empty', async () => {
    const q = `orgId=${env.fx.a.id}&year=2026`;
    for (const path of ['/api/point-rankings', '/api/point-review-sheet']) {
      expect((await badmin.get(`${path}?${q}`)).statusCode, path).toBe(404);
      expect((await secA2.get(`${path}?orgId=${env.fx.a1.id}&year=2026`)).statusCode, path).toBe(404);
      expect((await member.get(`${path}?${q}`)).statusCode, path).toBe(403);
      for (const u of ['sysadmin', 'secadmin', 'auditor']) expect((await (await env.login(u)).get(`${path}?${q}`)).statusCode, `${path} ${u}`).toBe(403);
    }
    expect((await badmin.post(`/api/point-rankings/refresh?${q}`)).statusCode).toBe(404);
    expect((await member.post(`/api/point-rankings/refresh?${q}`)).statusCode).toBe(403);
    for (const w of ['%', '_']) expect((await unit.get(`/api/point-rankings?${q}&q=${encodeURIComponent(w)}`)).json().items).toEqual([]);
    const nul = await unit.get(`/api/point-rankings?${q}&q=%00`);
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().message).toMatch(/[\u4e00-\u9fa5]/);
    const far = await unit.get(`/api/point-rankings?${q}&page=100000&pageSize=200`);
    expect(far.statusCode).toBe(200);
    expect(far.json().items).toEqual([]);
    expect((await unit.get(`/api/point-rankings?${q}&page=100001`)).statusCode).toBe(400);
  });

  it('evidence files: a disguised file is refused, a path in the name is dropped, the name cannot break the header; the reviewer above may not delete', async () => {
    const entry = (await secA1.post('/api/point-entries', { memberId: env.fx.membersA1[3], kind: 'manual_addition', occurredOn: '2026-05-04', points: 2, reason: '志愿服务', evidence: '见附件' })).json().id;
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    for (const [name, data] of [['照片.png', html], ['照片.png', zip], ['报告.pdf', html], ['表.xlsx', zip], ['页面.html', html]] as const) {
      const r = await secA1.upload(`/api/point-entries/${entry}/files`, name, data, 'image/png');
      expect(r.statusCode, name).toBe(400);
    }
    const PDF = Buffer.from('%PDF-1.4\n%%EOF');
    const up = await secA1.upload(`/api/point-entries/${entry}/files`, '../../etc/passwd.pdf', PDF, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().files[0].fileName).toBe('passwd.pdf');
    const up2 = await secA1.upload(`/api/point-entries/${entry}/files`, 'a\';x=1;b.pdf', PDF, 'application/pdf');
    expect(up2.statusCode, up2.body).toBe(201);
    const f2 = up2.json().files.find((f: { fileName: string }) => f.fileName !== 'passwd.pdf');
    const got = await unit.get(`/api/point-entries/${entry}/files/${f2.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^;\s"]*$/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect((await unit.delete(`/api/point-entries/${entry}/files/${f2.id}`)).statusCode).toBe(403);
    expect((await badmin.delete(`/api/point-entries/${entry}/files/${f2.id}`)).statusCode).toBe(404);
    // Another entry's file through this entry's id: 404.
    const other = (await secA1.post('/api/point-entries', { memberId: env.fx.membersA1[4], kind: 'manual_addition', occurredOn: '2026-05-04', points: 2, reason: '志愿服务', evidence: '见附件' })).json().id;
    expect((await unit.get(`/api/point-entries/${other}/files/${f2.id}`)).statusCode).toBe(404);
    expect((await secA1.delete(`/api/point-entries/${other}/files/${f2.id}`)).statusCode).toBe(404);
    expect(await env.deps.db.selectFrom('point_entry_file').select('id').where('entry_id', '=', entry).execute()).toHaveLength(2);
  });

  it('考试合格 points: a cancelled exam earns nothing; two passing attempts of one exam earn once', async () => {
    const admin = await env.login('admin');
    const rs = (await admin.post('/api/point-rule-sets', { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' })).json().id;
    expect((await admin.post(`/api/point-rule-sets/${rs}/publish`)).statusCode).toBe(200);
    await env.addAccount('points_taker', [[env.fx.a2.id, 'member']], env.fx.membersA2[1]);
    const me = await env.login('points_taker');
    const twice = await published(unit, env.fx.a.id, objectivePaper, { title: '两次都过' });
    await take(me, twice);
    await take(me, twice);
    // A contest's exam is made only through its contest (CT-1): /api/exams refuses one (contests.test.ts), and its attempts never earn 考试合格.
    const cancelled = await published(unit, env.fx.a.id, objectivePaper, { title: '作废考试' });
    await take(me, cancelled);
    expect((await unit.post(`/api/exams/${cancelled}/cancel`)).statusCode).toBe(200);
    const lines = (await me.get(`/api/points?memberId=${env.fx.membersA2[1]}&year=2026`)).json().lines as { kind: string; source: { id: number } }[];
    expect(lines.filter((l) => l.kind === 'exam_passed').map((l) => l.source.id)).toEqual([twice]);
  });
});
