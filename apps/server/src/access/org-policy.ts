import type { Actor } from './actor.ts';
import { pathInScope, scopeFor } from './scope.ts';

/** Who may change an organisation and its place in the tree. */

export function canWriteOrg(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'org.write'), orgPath);
}

/** An admin never moves, merges or dissolves the organisation its own grant sits on: that would change its own reach. */
export function isOwnGrantRoot(actor: Actor, orgPath: string): boolean {
  return actor.grants.some((g) => g.orgPath === orgPath);
}

export function orgAbilities(actor: Actor, org: { path: string; parent_id: number | null; dissolved_on: string | null }) {
  const writable = canWriteOrg(actor, org.path) && !org.dissolved_on;
  const restructurable = writable && !isOwnGrantRoot(actor, org.path) && org.parent_id !== null;
  return { edit: writable, createChild: writable, move: restructurable, dissolve: restructurable };
}

/**
 * Who sees the people of an organisation (its committee, contact person and phone): those who
 * read its members. The security admin reads the tree to grant roles — names and counts only.
 */
export function seesOrgPeople(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'member.read'), orgPath);
}

/** An organisation row as a reader without the people sees it. */
export function withoutPeople<T extends { contact: string | null; contact_phone: string | null }>(o: T): T {
  return { ...o, contact: null, contact_phone: null };
}
