/**
 * Totals of member-list filters, kept for a few seconds. A whole-city list counts 60,000 rows;
 * paging through the same filter would count them again for every page. Every change to
 * members or to the tree clears the cache in this process; on several nodes another node's
 * change shows in the total within TTL_MS.
 */
const TTL_MS = 15_000;
const MAX_ENTRIES = 1000;
const entries = new Map<string, { value: number; expires: number }>();

export async function cachedCount(key: string, now: number, count: () => Promise<number>): Promise<number> {
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = await count();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { value, expires: now + TTL_MS });
  return value;
}

export function invalidateMemberCounts(): void {
  entries.clear();
}
