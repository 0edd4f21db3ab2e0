import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../db/change-feed.ts';
import type { DB } from '../../db/schema.ts';

/**
 * Every organisation's id and materialised path, in memory (a city has a few thousand; a province
 * tens of thousands — a few MB). Lists that name an organisation check it against the caller's
 * scope here instead of costing a query, and a small subtree becomes a list of ids, which lets
 * PostgreSQL reuse one plan for every branch (see members.repository.ts).
 *
 * Emptied by every creation, rename, move or deletion in any process (db/change-feed.ts) and read
 * again on the next use; read again after MAX_AGE_MS anyway. While the feed is not live nothing is
 * kept: each call asks the database. The member list still checks the caller's scope in SQL, so a
 * stale tree can only make a page shorter, never show a member outside the scope.
 */
const MAX_AGE_MS = 60_000;
type Snapshot = { pathById: Map<number, string>; byPath: { path: string; id: number }[]; roots: string[]; loadedAt: number };

export type OrgTreeCache = ReturnType<typeof createOrgTreeCache>;

export function createOrgTreeCache(changes: ChangeFeed) {
  let snapshot: Snapshot | null = null;
  let generation = 0;
  changes.subscribe((topic) => {
    if (topic !== 'org') return;
    generation++;
    snapshot = null;
  });

  async function tree(db: Kysely<DB>): Promise<Snapshot | null> {
    if (!changes.live) return null;
    if (snapshot && Date.now() - snapshot.loadedAt <= MAX_AGE_MS) return snapshot;
    const loadedIn = generation;
    const rows = await db.selectFrom('org').select(['id', 'path']).execute();
    const byPath = rows.map((r) => ({ path: r.path, id: r.id })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // A root's path is '/<id>/'.
    const roots = byPath.filter((o) => o.path.indexOf('/', 1) === o.path.length - 1).map((o) => o.path);
    const loaded = { pathById: new Map(rows.map((r) => [r.id, r.path])), byPath, roots, loadedAt: Date.now() };
    if (changes.live && loadedIn === generation) snapshot = loaded;
    return loaded;
  }

  /** Index of the first path ≥ prefix in the sorted list. */
  function lowerBound(list: Snapshot['byPath'], prefix: string) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].path < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    async pathOf(db: Kysely<DB>, orgId: number): Promise<string | undefined> {
      const t = await tree(db);
      if (t) return t.pathById.get(orgId);
      return (await db.selectFrom('org').select('path').where('id', '=', orgId).executeTakeFirst())?.path;
    },

    async rootPaths(db: Kysely<DB>): Promise<string[]> {
      const t = await tree(db);
      if (t) return t.roots;
      return (await db.selectFrom('org').select('path').where('parent_id', 'is', null).execute()).map((r) => r.path);
    },

    /**
     * The ids of the organisations under every one of `within` (each a set of path prefixes, any
     * of which admits), or null when there are more than `max` or the tree is not in memory.
     */
    async idsUnder(db: Kysely<DB>, within: string[][], max: number): Promise<number[] | null> {
      const t = await tree(db);
      if (!t) return null;
      // Walk the narrowest prefix's range; check the others on each path found.
      const [first, ...rest] = [...within].sort((a, b) => Math.max(...b.map((p) => p.length)) - Math.max(...a.map((p) => p.length)));
      const ids: number[] = [];
      for (const prefix of first) {
        for (let i = lowerBound(t.byPath, prefix); i < t.byPath.length && t.byPath[i].path.startsWith(prefix); i++) {
          const { path, id } = t.byPath[i];
          if (!rest.every((prefixes) => prefixes.some((p) => path.startsWith(p)))) continue;
          ids.push(id);
          if (ids.length > max) return null;
        }
      }
      return ids;
    },
  };
}
