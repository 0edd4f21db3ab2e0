import { rolePermissions, type Permission, type Role } from '@xianfeng/shared';
import { forbidden } from '../http/errors.ts';

export type Grant = { orgId: number; orgPath: string; orgName: string; role: Role };

/** Who is calling: loaded once per request by the auth plugin. */
export type Actor = {
  userId: number;
  username: string;
  displayName: string | null;
  memberId: number | null;
  mustChangePassword: boolean;
  grants: Grant[];
};

/** What a call needs besides its input: who, from where, and the time (rules take time as input). */
export type RequestContext = { actor: Actor; ip: string; now: Date };

/** Background jobs and the seeder act as the system, named explicitly. */
export type SystemContext = { actor: null; ip: string; now: Date; system: string };
export type Ctx = RequestContext | SystemContext;

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => rolePermissions[g.role].includes(permission));
}

/** The permission check services call first (403 in Chinese); the scope of the right comes from scope.ts. */
export function requirePermission(actor: Actor, permission: Permission, message = '没有权限执行此操作'): void {
  if (!hasPermission(actor, permission)) throw forbidden(message);
}

export function permissionsOf(actor: Actor): Permission[] {
  return [...new Set(actor.grants.flatMap((g) => rolePermissions[g.role]))];
}
