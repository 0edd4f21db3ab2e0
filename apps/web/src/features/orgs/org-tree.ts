import type { Org } from '../../api/types.ts';

export type OrgTreeNode = { org: Org; children: OrgTreeNode[] };

/** The server sends a flat list of what the caller may see; roots are nodes whose parent is not in it. */
export function buildOrgTree(orgs: Org[]): OrgTreeNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { org: o, children: [] as OrgTreeNode[] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId !== null ? nodes.get(node.org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Ids of the nodes matching `keyword` and all their ancestors (for a filtered, expanded tree). */
export function matchingWithAncestors(orgs: Org[], keyword: string): { visible: Set<number>; matches: Set<number> } {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const matches = new Set(orgs.filter((o) => o.name.includes(keyword)).map((o) => o.id));
  const visible = new Set<number>();
  for (const id of matches) {
    let cur = byId.get(id);
    while (cur && !visible.has(cur.id)) {
      visible.add(cur.id);
      cur = cur.parentId !== null ? byId.get(cur.parentId) : undefined;
    }
  }
  return { visible, matches };
}

/** Ids of `id` and everything below it, by materialised path. */
export function subtreeIds(orgs: Org[], id: number): Set<number> {
  const root = orgs.find((o) => o.id === id);
  return new Set(root ? orgs.filter((o) => o.path.startsWith(root.path)).map((o) => o.id) : [id]);
}

/** Ids of the ancestors of `id` that are in the list, nearest first. */
export function ancestorIds(orgs: Org[], id: number): number[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out: number[] = [];
  let cur = byId.get(id);
  while (cur && cur.parentId !== null && byId.has(cur.parentId)) {
    out.push(cur.parentId);
    cur = byId.get(cur.parentId);
  }
  return out;
}
