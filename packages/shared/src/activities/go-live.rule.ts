// Rule id GO-1 refers to docs/RULES.md.

/**
 * 启用日期 (go-live): the day from which the platform judges an organisation's work. The city has
 * one; an organisation may have its own (a unit that moves in later). Pure: the caller supplies
 * the organisation's path and the dates set.
 */
export type GoLiveSource = 'own' | 'ancestor' | 'city';
export type EffectiveGoLive = { on: string; source: GoLiveSource; orgId: number | null } | null;

/**
 * The go-live date that applies to an organisation: its own, else its nearest ancestor's, else
 * the city's; null when none is set (the platform is not live for it yet).
 * `path` is the materialised path of ids, '/1/4/9/'.
 */
export function effectiveGoLive(path: string, own: ReadonlyMap<number, string>, city: string | null): EffectiveGoLive {
  const ids = path.split('/').filter(Boolean).map(Number);
  for (let i = ids.length - 1; i >= 0; i--) {
    const on = own.get(ids[i]);
    if (on) return { on, source: i === ids.length - 1 ? 'own' : 'ancestor', orgId: ids[i] };
  }
  return city ? { on: city, source: 'city', orgId: null } : null;
}
