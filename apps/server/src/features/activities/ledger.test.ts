import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markPresent, placeInGroup } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let sec2: TestClient;
let member: TestClient;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png')]);

async function record(c: TestClient, body: Record<string, unknown>) {
  const r = await c.post('/api/activities', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
async function approve(id: number, reviewer = unit, comment?: string) {
  // A meeting with nobody present is not submitted: where nothing was recorded, the first expected member came.
  const detail = (await sec.get(`/api/activities/${id}`)).json();
  if (!detail.attendanceSummary.present) await markPresent(sec, id);
  expect((await sec.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
  const r = await reviewer.post(`/api/activities/${id}/approve`, comment ? { comment } : {});
  expect(r.statusCode, r.body).toBe(200);
}

/** The text of a .docx part, one line per paragraph (runs joined), as a reader sees it. */
function docText(docx: Buffer, part = 'word/document.xml') {
  const xml = strFromU8(unzipSync(new Uint8Array(docx))[part]);
  return xml
    .replace(/<w:p[ >]/g, '\n$&')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit, sec2, member] = await Promise.all(['sec_a1', 'unitadmin', 'sec_a2', 'member_a1'].map((u) => env.login(u)));
  const [zhao, qian, sun, li, , , , wang] = env.fx.membersA1;

  // Recorded second but held first: the ledger goes by date.
  const assembly = await record(sec, {
    orgId: env.fx.a1.id, types: ['branch_assembly'], title: '三月支部党员大会', startsAt: at('2026-03-10', 14), endsAt: at('2026-03-10', 16), place: '党员活动室',
    hostMemberId: zhao, recorderMemberId: qian, firstTopic: '学习贯彻党的二十届四中全会精神', agenda: '一、讨论接收预备党员\n二、部署春季学习',
    minutes: '<h2>会议内容</h2><p>赵一同志主持会议，<strong>研究接收预备党员</strong>事项。</p><ol><li>介绍人发言</li><li>无记名投票</li></ol><blockquote>与会党员一致同意。</blockquote>',
    votes: [{ subject: '接收张某某为预备党员', yes: 6, no: 0, abstain: 0 }],
  });
  const entries = assembly.attendance.map((x: { memberId: number }) => ({
    memberId: x.memberId,
    status: x.memberId === li ? 'leave' : x.memberId === wang ? 'absent' : 'present',
    ...(x.memberId === li ? { reason: '出差' } : {}),
    ...(x.memberId === sun ? { dualLife: true } : {}),
  }));
  // 冯甲 of the sibling branch attends as an invited guest (列席).
  const guest = { memberId: env.fx.membersA2[0], status: 'present' };
  const att = await unit.put(`/api/activities/${assembly.id}/attendance`, { entries: [...entries, guest], invitedMemberIds: [env.fx.membersA2[0]] });
  expect(att.statusCode, att.body).toBe(200);
  expect((await sec.upload(`/api/activities/${assembly.id}/attachments`, '会场照片.png', PNG)).statusCode).toBe(201);
  await approve(assembly.id, unit, '同意');

  const themeDay = await record(sec, { orgId: env.fx.a1.id, types: ['theme_day', 'party_lecture'], title: '一月主题党日', startsAt: at('2026-01-15'), endsAt: at('2026-01-15', 11), lecturerMemberId: zhao });
  await approve(themeDay.id);
  // The branch keeps its 党小组's meetings; the branch reviews them (here the unit, since the
  // secretary recorded this one himself — NK-1).
  await placeInGroup(env, env.fx.a1g.id, [wang]);
  const group = await record(sec, { orgId: env.fx.a1g.id, types: ['group_meeting'], title: '第一党小组五月党小组会', startsAt: at('2026-05-08'), endsAt: at('2026-05-08', 10) });
  await approve(group.id, unit);
  // Not in the 2026 ledger of A1: a draft, last year's meeting, the sibling branch's meeting, a plan.
  await record(sec, { orgId: env.fx.a1.id, types: ['theme_day'], title: '十一月主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 10) });
  await approve((await record(sec, { orgId: env.fx.a1.id, types: ['theme_day'], title: '去年十二月主题党日', startsAt: at('2025-12-15'), endsAt: at('2025-12-15', 11) })).id);
  await record(unit, { orgId: env.fx.a2.id, types: ['theme_day'], title: '业务处主题党日', startsAt: at('2026-04-01'), endsAt: at('2026-04-01', 11) });
  await record(sec, { orgId: env.fx.a1.id, planned: true, types: ['theme_day'], title: '十二月计划', startsAt: at('2026-12-15'), endsAt: at('2026-12-15', 11) });
});
afterAll(() => env.close());

const ledgerUrl = (orgId: number, extra = '') => `/api/activities/ledger?orgId=${orgId}&year=2026${extra}`;

describe('the ledger (组织生活台账)', () => {
  it('is a Word document: cover, list of records, then each approved record in date order with attendance, votes, minutes, approval and attachments', async () => {
    const res = await sec.get(ledgerUrl(env.fx.a1.id));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('A局综合处党支部2026年度组织生活台账.docx')}`);
    const text = docText(res.rawPayload);

    const cover = text.slice(0, text.indexOf('目　录'));
    for (const s of ['A局综合处党支部', '2026年度', '组织生活台账', '导出日期：2026年11月23日', '收录记录：3 条']) expect(cover).toContain(s);

    const [toc, ...records] = text.slice(text.indexOf('目　录')).split(/\n(?=\d\. )/);
    expect(records.map((r) => r.split('\n')[0])).toEqual(['1. 一月主题党日', '2. 三月支部党员大会', '3. 第一党小组五月党小组会']);
    const tocLines = toc.split('\n').filter(Boolean);
    const row = (title: string) => tocLines.findIndex((l) => l === title);
    expect(row('一月主题党日')).toBeGreaterThan(0);
    expect(row('一月主题党日')).toBeLessThan(row('三月支部党员大会'));
    expect(row('三月支部党员大会')).toBeLessThan(row('第一党小组五月党小组会'));
    for (const s of ['1月15日', '主题党日、党课', '3月10日', '党员大会', '5月8日', '党小组会']) expect(toc).toContain(s);
    for (const absent of ['十一月主题党日', '去年十二月主题党日', '业务处主题党日', '十二月计划', '未审核通过']) expect(text).not.toContain(absent);

    const [themeDay, assembly, group] = records;
    expect(themeDay).toContain('赵一');
    expect(themeDay).toContain('2026年1月15日 09:00—11:00');
    expect(group).toContain('A局综合处第一党小组');

    for (const s of [
      '2026年3月10日 14:00—16:00', '党员活动室', '学习贯彻党的二十届四中全会精神', '一、讨论接收预备党员', '二、部署春季学习',
      '孙三（双重组织生活）', '李四（出差）', '王八', '冯甲', '双重组织生活', '其中有表决权的正式党员 8 名',
      '有表决权的党员应到 8 名、实到 6 名，超过半数，可以表决', '接收张某某为预备党员',
      '会议内容', '研究接收预备党员', '介绍人发言', '无记名投票', '与会党员一致同意。',
      '审核通过：unitadmin', '审核意见：同意', '（1）会场照片.png（1 KB）',
    ]) expect(assembly, s).toContain(s);
    const lines = assembly.split('\n');
    const after = (label: string) => lines[lines.indexOf(label) + 2];
    expect(lines[lines.indexOf('实到') + 1]).toBe('6');
    // Names by the strokes of the surname, as official lists go.
    expect(after('实到')).toBe('孙三（双重组织生活）、吴六、周五、赵一、郑七、钱二');
    expect(after('请假')).toBe('李四（出差）');
    expect(after('缺席')).toBe('王八');
    expect(after('列席')).toBe('冯甲');
    expect(assembly.indexOf('介绍人发言')).toBeLessThan(assembly.indexOf('无记名投票'));

    const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']);
    expect(xml).toContain('<w:pageBreakBefore/>');
    expect(xml).toContain('w:anchor="record_2"');
    expect(xml).toContain('w:name="record_2"');
    const styles = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/styles.xml']);
    expect(styles).toContain('w:eastAsia="宋体"');
    expect(styles).toContain('w:eastAsia="黑体"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const footer = Object.entries(unzipSync(new Uint8Array(res.rawPayload))).find(([n]) => n.startsWith('word/footer'));
    expect(strFromU8(footer![1])).toContain('PAGE');
  });

  it('includeUnapproved=true adds the recorded drafts, marked in the list and on the page; plans stay out', async () => {
    const res = await sec.get(ledgerUrl(env.fx.a1.id, '&includeUnapproved=true'));
    expect(res.statusCode).toBe(200);
    const text = docText(res.rawPayload);
    expect(text).toContain('十一月主题党日（未审核通过：已记录）');
    expect(text).toContain('4. 十一月主题党日');
    expect(text).toContain('【未审核通过】本记录当前状态为“已记录”');
    expect(text).toContain('尚未审核通过（当前状态：已记录）');
    expect(text).not.toContain('十二月计划');
  });

  it('an empty year still has its cover and says so', async () => {
    const res = await sec.get(`/api/activities/ledger?orgId=${env.fx.a1.id}&year=2024`);
    expect(res.statusCode).toBe(200);
    const text = docText(res.rawPayload);
    expect(text).toContain('2024年度');
    expect(text).toContain('本年度暂无记录。');
  });

  it('needs activity.read on the organisation: the sibling branch gets 404, a plain member 403; the export is audited', async () => {
    expect((await sec2.get(ledgerUrl(env.fx.a1.id))).statusCode).toBe(404);
    expect((await unit.get(ledgerUrl(env.fx.b1.id))).statusCode).toBe(404);
    expect((await member.get(ledgerUrl(env.fx.a1.id))).statusCode).toBe(403);
    expect((await env.anonymous().get(ledgerUrl(env.fx.a1.id))).statusCode).toBe(401);
    expect((await sec.get(`/api/activities/ledger?orgId=${env.fx.a1.id}&year=abc`)).statusCode).toBe(400);
    expect((await unit.get(ledgerUrl(env.fx.a1.id))).statusCode).toBe(200);

    const log = await env.deps.db.selectFrom('audit_log').where('action', '=', 'activity.ledger_export').select(['actor_name', 'entity_type', 'entity_id', 'after']).orderBy('id').execute();
    expect(log.map((l) => l.actor_name)).toEqual(['sec_a1', 'sec_a1', 'sec_a1', 'unitadmin']);
    expect(log[0]).toMatchObject({ entity_type: 'org', entity_id: String(env.fx.a1.id), after: { year: 2026, includeUnapproved: false } });
    expect((log[0].after as { activityIds: number[] }).activityIds).toHaveLength(3);
  });
});
