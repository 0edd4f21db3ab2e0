import { describe, expect, it } from 'vitest';
import { effectiveGoLive } from './go-live.rule.ts';

describe('effectiveGoLive', () => {
  const own = new Map([
    [4, '2026-09-01'],
    [9, '2027-01-01'],
  ]);
  it.each([
    ['/1/4/9/', { on: '2027-01-01', source: 'own', orgId: 9 }],
    ['/1/4/10/', { on: '2026-09-01', source: 'ancestor', orgId: 4 }],
    ['/1/4/10/12/', { on: '2026-09-01', source: 'ancestor', orgId: 4 }],
    ['/1/5/', { on: '2026-07-01', source: 'city', orgId: null }],
  ] as const)('%s → %o', (path, expected) => {
    expect(effectiveGoLive(path, own, '2026-07-01')).toEqual(expected);
  });
  it('nothing set: not live', () => {
    expect(effectiveGoLive('/1/5/', own, null)).toBeNull();
    expect(effectiveGoLive('/1/4/', own, null)).toEqual({ on: '2026-09-01', source: 'own', orgId: 4 });
  });
});
