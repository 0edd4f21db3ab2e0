import type { Permission, Role } from '@xianfeng/shared';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { rolePermissions } from '@xianfeng/shared';
import type { Actor } from './actor.ts';

declare const scopeBrand: unique symbol;
/** Only this module makes scopes: an object literal shaped like one does not compile as a Scope. */
type Branded<T> = T & { readonly [scopeBrand]: true };

/**
 * Where a permission reaches: whole subtrees (by materialised path), strictly below them, the
 * caller's own member record, everything (system jobs only, named), or nothing. Every repository
 * read takes one, and only the functions of this module make them.
 */
export type Scope =
  | Branded<{ kind: 'subtrees'; paths: string[] }>
  /** Strictly below these organisations: their subtrees without the organisations themselves. */
  | Branded<{ kind: 'below'; paths: string[] }>
  | Branded<{ kind: 'self'; memberId: number }>
  | Branded<{ kind: 'system'; reason: string }>
  | Branded<{ kind: 'none' }>;

const make = <T extends { kind: string }>(s: T) => s as Branded<T>;
const NONE = make({ kind: 'none' as const });

/** Everything, for a background job or a lookup that is not an authorisation; the reason is named. */
export function systemScope(reason: string): Scope {
  return make({ kind: 'system' as const, reason });
}

/**
 * One organisation's subtree, as a fact rather than a right (e.g. "a committee member comes from
 * the organisation's own subtree", or a view narrowed to an organisation the caller may read).
 */
export function subtreeOf(...paths: string[]): Scope {
  return make({ kind: 'subtrees' as const, paths });
}

/** Drops paths already covered by a shorter one, so the SQL has as few prefixes as possible. */
function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}

const subtrees = (paths: string[]): Scope => (paths.length ? make({ kind: 'subtrees' as const, paths: minimalPaths(paths) }) : NONE);

export function scopeFor(actor: Actor, permission: Permission): Scope {
  const paths = actor.grants.filter((g) => rolePermissions[g.role].includes(permission)).map((g) => g.orgPath);
  if (paths.length) return subtrees(paths);
  if (permission === 'member.read' && actor.memberId && actor.grants.some((g) => rolePermissions[g.role].includes('member.self'))) {
    return make({ kind: 'self' as const, memberId: actor.memberId });
  }
  return NONE;
}

/** The subtrees where the actor holds this role itself (e.g. where a security admin may grant admin roles). */
export function scopeOfRole(actor: Actor, role: Role): Scope {
  return subtrees(actor.grants.filter((g) => g.role === role).map((g) => g.orgPath));
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
  return scope.kind === 'subtrees' ? make({ kind: 'below' as const, paths: scope.paths }) : scope;
}

/** A LIKE pattern matching every path under this one (LIKE's special characters escaped). */
export function likePrefix(path: string): string {
  return path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/**
 * The one SQL form of "this organisation path lies in the subtree of `path`" (itself included):
 * an indexed prefix match on the materialised path. No feature writes its own LIKE on paths.
 */
export function inSubtree(pathColumn: Expression<string>, path: string): Expression<SqlBool> {
  return sql<SqlBool>`${pathColumn} like ${likePrefix(path)}`;
}

/** SQL condition: the organisation path column lies in the scope. */
export function orgPathInScope(scope: Scope, pathColumn: Expression<string>): Expression<SqlBool> {
  switch (scope.kind) {
    case 'system':
      return sql<SqlBool>`true`;
    case 'subtrees':
      return sql<SqlBool>`(${sql.join(
        scope.paths.map((p) => inSubtree(pathColumn, p)),
        sql` or `,
      )})`;
    case 'below':
      return sql<SqlBool>`(${sql.join(
        scope.paths.map((p) => sql`(${inSubtree(pathColumn, p)} and ${pathColumn} <> ${p})`),
        sql` or `,
      )})`;
    default:
      return sql<SqlBool>`false`;
  }
}

/**
 * The same condition with the subtrees as one array parameter, so that a prepared statement's
 * text does not depend on how many subtrees the caller has (db/prepared-statements.ts).
 */
export function orgPathInScopeAny(scope: Scope, pathColumn: Expression<string>): Expression<SqlBool> {
  if (scope.kind === 'subtrees') return sql<SqlBool>`${pathColumn} like any(${scope.paths.map(likePrefix)}::text[])`;
  return orgPathInScope(scope, pathColumn);
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
