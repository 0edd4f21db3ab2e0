import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_LIGHT_THRESHOLDS, addWorkdays } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { loadWorkCalendar, settingsOn } from './index.ts';

// 督查设置: the work calendar (WC-1) and the versioned thresholds and ladder (LT-1, ES-1).
// The test clock stands at 2026-11-23 (Beijing).

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit] = await Promise.all(['admin', 'unitadmin'].map((u) => env.login(u)));
});
afterAll(() => env.close());

const settings = (over: Record<string, unknown> = {}) => ({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS }, ladder: DEFAULT_LADDER, ...over });
const auditRows = (action: string) =>
  env.deps.db.selectFrom('audit_log').where('action', '=', action).select(['actor_name', 'entity_type', 'entity_id', 'before', 'after']).orderBy('id', 'desc').execute();

describe('the work calendar', () => {
  it('comes seeded with the State Council 2026 arrangement: 33 days off, 6 调休 working days', async () => {
    const res = await unit.get('/api/work-calendar?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.canConfigure).toBe(false);
    expect(body.days.filter((d: { workday: boolean }) => !d.workday)).toHaveLength(33);
    expect(body.days.find((d: { day: string }) => d.day === '2026-10-10')).toMatchObject({ workday: true, note: '国庆节调休上班', updatedBy: null });
    expect((await admin.get('/api/work-calendar')).json()).toMatchObject({ year: 2026, canConfigure: true });
    expect((await admin.get('/api/work-calendar?year=2027')).json().days).toEqual([]);
  });

  it('the committee adds, changes and removes a day; other features read the calendar', async () => {
    const put = await admin.put('/api/work-calendar/2027-01-01', { workday: false, note: '元旦' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ day: '2027-01-01', workday: false, note: '元旦', updatedBy: 'admin' });
    expect((await admin.put('/api/work-calendar/2027-01-01', { workday: false, note: '元旦（元旦）' })).json().note).toBe('元旦（元旦）');
    const cal = await loadWorkCalendar(env.deps.db);
    expect(addWorkdays('2026-12-31', 1, cal)).toBe('2027-01-04');
    expect(addWorkdays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect((await admin.delete('/api/work-calendar/2027-01-01')).json()).toEqual({ ok: true });
    expect(addWorkdays('2026-12-31', 1, await loadWorkCalendar(env.deps.db))).toBe('2027-01-01');
    const missing = await admin.delete('/api/work-calendar/2027-01-01');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('工作日历中2027-01-01的安排不存在');
  });

  it('every change is audited with the day, before and after', async () => {
    await admin.put('/api/work-calendar/2026-10-10', { workday: false, note: '本地安排放假' });
    const [set] = await auditRows('work_calendar.set');
    expect(set).toMatchObject({ actor_name: 'admin', entity_type: 'work_calendar_day', entity_id: '2026-10-10' });
    expect(set.before).toEqual({ day: '2026-10-10', workday: true, note: '国庆节调休上班' });
    expect(set.after).toEqual({ day: '2026-10-10', workday: false, note: '本地安排放假' });
    await admin.delete('/api/work-calendar/2026-10-10');
    const [removed] = await auditRows('work_calendar.remove');
    expect(removed).toMatchObject({ entity_id: '2026-10-10', before: { day: '2026-10-10', workday: false, note: '本地安排放假' }, after: null });
    expect((await auditRows('work_calendar.remove')).length).toBe(2);
  });

  it.each([
    ['a malformed day', '/api/work-calendar/2026-2-3', { workday: true, note: '调休' }, '日期格式应为 YYYY-MM-DD'],
    ['a day the calendar lacks', '/api/work-calendar/2026-02-30', { workday: true, note: '调休' }, '日期不存在：2026-02-30'],
    ['no note', '/api/work-calendar/2026-12-05', { workday: true, note: ' ' }, '说明不能为空'],
    ['workday missing', '/api/work-calendar/2026-12-05', { note: '调休' }, '上班或放假：必填'],
    ['an unknown field', '/api/work-calendar/2026-12-05', { workday: true, note: '调休', holiday: 1 }, 'holiday'],
  ])('refuses %s in Chinese', async (_, url, body, message) => {
    const res = await admin.put(url, body);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain(message);
  });
});

describe('thresholds and ladder (versions)', () => {
  it('with nothing saved the defaults apply', async () => {
    const res = await unit.get('/api/supervision/settings');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ current: { version: null, thresholds: DEFAULT_LIGHT_THRESHOLDS, ladder: DEFAULT_LADDER }, history: [], canConfigure: false });
    expect(await settingsOn(env.deps.db, '2026-11-23')).toEqual({ version: null, thresholds: DEFAULT_LIGHT_THRESHOLDS, ladder: DEFAULT_LADDER });
  });

  it('a new version starts today by default; a scheduled one later; the old ones are kept', async () => {
    const first = await admin.post('/api/supervision/settings', settings({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, yellowGap: 5, redGap: 20 } }));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().current).toMatchObject({ effectiveFrom: '2026-11-23', thresholds: { yellowGap: 5, redGap: 20 }, createdBy: 'admin' });
    const ladder = [{ key: 'remind', label: '提醒', offset: -5, unit: 'workday' }, { key: 'urge', label: '催办', offset: 2, unit: 'day' }];
    const second = await admin.post('/api/supervision/settings', settings({ effectiveFrom: '2027-01-01', ladder }));
    expect(second.statusCode, second.body).toBe(201);
    const body = second.json();
    // Still the first in force today; the second is listed first (it starts later).
    expect(body.current.version).toBe(first.json().current.version);
    expect(body.history.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2027-01-01', '2026-11-23']);
    expect(await settingsOn(env.deps.db, '2026-12-31')).toMatchObject({ thresholds: { yellowGap: 5, redGap: 20 } });
    expect(await settingsOn(env.deps.db, '2027-01-01')).toMatchObject({ thresholds: DEFAULT_LIGHT_THRESHOLDS, ladder });
    expect(await settingsOn(env.deps.db, '2026-11-22')).toMatchObject({ version: null });
  });

  it('a save is audited with the settings before and after', async () => {
    const [row] = await auditRows('supervision.settings');
    expect(row).toMatchObject({ actor_name: 'admin', entity_type: 'supervision_setting' });
    // The second save (from 2027-01-01): before it, the first version was the one in force that day.
    expect(row.before).toMatchObject({ version: expect.any(Number), thresholds: { yellowGap: 5, redGap: 20 }, ladder: DEFAULT_LADDER });
    expect(row.after).toMatchObject({ effectiveFrom: '2027-01-01', ladder: [{ key: 'remind' }, { key: 'urge' }] });
    const rows = await auditRows('supervision.settings');
    expect(rows).toHaveLength(2);
    expect(rows[1].before).toMatchObject({ version: null, thresholds: DEFAULT_LIGHT_THRESHOLDS });
  });

  const step = (key: string, label: string, offset: number) => ({ key, label, offset, unit: 'workday' });
  it.each([
    ['yellow not below red', settings({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, yellowGap: 30 } }), '黄灯滞后百分点应小于红灯滞后百分点'],
    ['a gap over 100', settings({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, redGap: 101 } }), '红灯滞后百分点不能大于100'],
    ['a fractional threshold', settings({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, blueDays: 1.5 } }), '蓝灯提前天数应为整数'],
    ['a negative threshold', settings({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, idleRedDays: -1 } }), '未启动亮红灯天数不能小于0'],
    ['an empty ladder', settings({ ladder: [] }), '督办阶梯至少需要1个步骤'],
    ['nine steps', settings({ ladder: Array.from({ length: 9 }, (_, i) => step(`s_${'abcdefghi'[i]}`, '提醒', i)) }), '督办阶梯最多8个步骤'],
    ['a repeated key', settings({ ladder: [step('remind', '提醒', -3), step('remind', '催办', 1)] }), '步骤编号重复：remind'],
    ['a key with capitals', settings({ ladder: [step('Remind', '提醒', -3)] }), '步骤编号只能包含小写字母和下划线'],
    ['a label not in Chinese', settings({ ladder: [step('remind', 'remind', -3)] }), '步骤名称应为中文'],
    ['an empty label', settings({ ladder: [step('remind', '', -3)] }), '步骤名称不能为空'],
    ['offsets not increasing', settings({ ladder: [step('remind', '提醒', 1), step('urge', '催办', 1)] }), '各步骤的天数应逐步递增'],
    ['an offset beyond a year', settings({ ladder: [step('remind', '提醒', 366)] }), '相对截止日期的天数不能大于365'],
    ['an effective day in the past', settings({ effectiveFrom: '2026-11-22' }), '生效日期不能早于今天'],
    ['an effective day beyond a year', settings({ effectiveFrom: '2027-12-31' }), '生效日期不能晚于一年以后'],
  ])('refuses %s in Chinese', async (_, body, message) => {
    const res = await admin.post('/api/supervision/settings', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json())).toContain(message);
  });
});
