/**
 * Totals of member-list filters, kept for a few seconds. A whole-city list counts 60,000 rows;
 * paging through the same filter would count them again for every page. Every change to
 * members or to the tree clears the cache in this process; on several nodes another node's
 * change shows in the total within TTL_MS.
 */
const TTL_MS = 15_000;
const MAX_ENTRIES = 1000;
const entries = new Map<string, { value: Promise<number>; expires: number }>();

/** Concurrent requests for the same filter share one count (50 users opening the list at once). */
export async function cachedCount(key: string, now: number, count: () => Promise<number>): Promise<number> {
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = count();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  const entry = { value, expires: now + TTL_MS };
  entries.set(key, entry);
  // A failed count is not remembered.
  value.catch(() => entries.get(key) === entry && entries.delete(key));
  return value;
}

export function invalidateMemberCounts(): void {
  entries.clear();
}
