import type { ChangeFeed } from '../../db/change-feed.ts';
import type { Actor } from '../../access/actor.ts';

export type CachedSession = { actor: Actor; csrfToken: string; lastSeenAt: Date };

/**
 * Sessions with their account and grants, kept in memory so that a request costs one query
 * (its own) instead of two. Every request of the member list, the tree and the rest resolves its
 * session first; at 50 concurrent users that lookup was a third of the database's work.
 *
 * Correctness rests on the change feed: any ended session, changed account or grant, renamed or
 * moved organisation empties the cache in every process (see db/change-feed.ts). Entries also
 * expire after MAX_AGE_MS as a second line, and nothing is served while the feed is not live.
 *
 * A load that started before a change and finishes after it is not stored (the generation
 * check), so a reload racing a revocation cannot put the old grants back.
 */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

export type SessionCache = ReturnType<typeof createSessionCache>;

export function createSessionCache(changes: ChangeFeed) {
  const entries = new Map<string, CachedSession & { loadedAt: number }>();
  let generation = 0;
  changes.subscribe(() => {
    generation++;
    entries.clear();
  });
  return {
    get(idHash: string, nowMs: number): CachedSession | undefined {
      if (!changes.live) return undefined;
      const hit = entries.get(idHash);
      if (!hit) return undefined;
      if (nowMs - hit.loadedAt > MAX_AGE_MS || nowMs < hit.loadedAt) {
        entries.delete(idHash);
        return undefined;
      }
      return hit;
    },
    /** The generation to hand back to store(): taken before the database read. */
    generation: () => generation,
    store(idHash: string, session: CachedSession, nowMs: number, loadedInGeneration: number) {
      if (!changes.live || loadedInGeneration !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(idHash, { ...session, loadedAt: nowMs });
    },
    /** After this process touched the session in the database (which publishes no change). */
    touched(idHash: string, at: Date) {
      const hit = entries.get(idHash);
      if (hit) hit.lastSeenAt = at;
    },
    forget(idHash: string) {
      entries.delete(idHash);
    },
  };
}
