import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_LIGHT_THRESHOLDS } from '@xianfeng/shared';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let admin: TestClient;
let leakyAdmin: LeakyClient;

beforeAll(async () => {
  [admin, leakyAdmin] = await t.pair('admin');
});

describe('督查设置 answers are filtered by their response schemas', () => {
  it('the calendar and the settings carry no key outside the schema', async () => {
    await leakyAdmin.post('/api/supervision/settings', { thresholds: DEFAULT_LIGHT_THRESHOLDS, ladder: DEFAULT_LADDER });
    await expectFilteredGets(admin, leakyAdmin, ['/api/work-calendar?year=2026', '/api/supervision/settings']);
    const cal = (await leakyAdmin.get('/api/work-calendar?year=2026')).json();
    expect(Object.keys(cal.days[0]).sort()).toEqual(['day', 'note', 'updatedAt', 'updatedBy', 'workday']);
  });

  it('writes answer filtered', async () => {
    const saved = await leakyAdmin.post('/api/supervision/settings', { effectiveFrom: '2027-01-01', thresholds: DEFAULT_LIGHT_THRESHOLDS, ladder: DEFAULT_LADDER });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.body).not.toContain(LEAKED_KEY);
    const day = await leakyAdmin.put('/api/work-calendar/2027-01-01', { workday: false, note: '元旦' });
    expect(day.statusCode, day.body).toBe(200);
    expect(day.body).not.toContain(LEAKED_KEY);
  });
});
