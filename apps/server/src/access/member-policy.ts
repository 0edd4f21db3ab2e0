import type { Actor } from './actor.ts';
import { pathInScope, scopeFor } from './scope.ts';

/** Who may change a member's record, and who may see the whole ID number, phone and address. */

export function canWriteMember(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'member.write'), orgPath);
}

/** member.sensitive over the member's organisation, or the member's own record. */
export function canSeeSensitive(actor: Actor, member: { id: number; org_path: string }): boolean {
  return pathInScope(scopeFor(actor, 'member.sensitive'), member.org_path) || actor.memberId === member.id;
}

export function memberAbilities(actor: Actor, member: { id: number; org_path: string }) {
  return { edit: canWriteMember(actor, member.org_path), viewSensitive: canSeeSensitive(actor, member) };
}
