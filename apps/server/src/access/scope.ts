import type { Permission, Role } from '@xianfeng/shared';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { rolePermissions } from '@xianfeng/shared';
import type { Actor } from './actor.ts';

/**
 * Where a permission reaches: whole subtrees (by materialised path), the caller's own member
 * record, everything (system jobs only), or nothing. Every repository read takes one.
 */
export type Scope =
  | { kind: 'subtrees'; paths: string[] }
  /** Strictly below these organisations: their subtrees without the organisations themselves. */
  | { kind: 'below'; paths: string[] }
  | { kind: 'self'; memberId: number }
  | { kind: 'system'; reason: string }
  | { kind: 'none' };

export function systemScope(reason: string): Scope {
  return { kind: 'system', reason };
}

/** Drops paths already covered by a shorter one, so the SQL has as few prefixes as possible. */
function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}

export function scopeFor(actor: Actor, permission: Permission): Scope {
  const paths = actor.grants.filter((g) => rolePermissions[g.role].includes(permission)).map((g) => g.orgPath);
  if (paths.length) return { kind: 'subtrees', paths: minimalPaths(paths) };
  if (permission === 'member.read' && actor.memberId && actor.grants.some((g) => rolePermissions[g.role].includes('member.self'))) {
    return { kind: 'self', memberId: actor.memberId };
  }
  return { kind: 'none' };
}

/** The subtrees where the actor holds this role itself (e.g. where a security admin may grant admin roles). */
export function scopeOfRole(actor: Actor, role: Role): Scope {
  const paths = actor.grants.filter((g) => g.role === role).map((g) => g.orgPath);
  return paths.length ? { kind: 'subtrees', paths: minimalPaths(paths) } : { kind: 'none' };
}

export function isNone(scope: Scope): boolean {
  return scope.kind === 'none';
}

/** True when an organisation path lies inside the scope (checked in memory, e.g. for a target org). */
export function pathInScope(scope: Scope, path: string): boolean {
  if (scope.kind === 'system') return true;
  if (scope.kind === 'below') return scope.paths.some((p) => path.startsWith(p) && path !== p);
  if (scope.kind !== 'subtrees') return false;
  return scope.paths.some((p) => path.startsWith(p));
}

/** The same reach without the roots themselves (e.g. an admin appoints admins only below its own level). */
export function strictlyBelow(scope: Scope): Scope {
  return scope.kind === 'subtrees' ? { kind: 'below', paths: scope.paths } : scope;
}

/** SQL condition: the organisation path column lies in the scope. */
export function orgPathInScope(scope: Scope, pathColumn: Expression<string>): Expression<SqlBool> {
  switch (scope.kind) {
    case 'system':
      return sql<SqlBool>`true`;
    case 'subtrees':
      return sql<SqlBool>`(${sql.join(
        scope.paths.map((p) => sql`${pathColumn} like ${likePrefix(p)}`),
        sql` or `,
      )})`;
    case 'below':
      return sql<SqlBool>`(${sql.join(
        scope.paths.map((p) => sql`(${pathColumn} like ${likePrefix(p)} and ${pathColumn} <> ${p})`),
        sql` or `,
      )})`;
    default:
      return sql<SqlBool>`false`;
  }
}

/** Member rows in scope: by their organisation's path, or the caller's own record for 'self'. */
export function memberInScope(
  scope: Scope,
  eb: ExpressionBuilder<any, any>,
  memberIdColumn: string,
  orgPathColumn: string,
): Expression<SqlBool> {
  if (scope.kind === 'self') return eb(eb.ref(memberIdColumn), '=', scope.memberId);
  return orgPathInScope(scope, eb.ref(orgPathColumn));
}

/** A LIKE pattern matching every path under this one (LIKE's special characters escaped). */
export function likePrefix(path: string): string {
  return path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
