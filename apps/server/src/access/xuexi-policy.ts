import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { pathInScope, scopeFor, type Scope } from './scope.ts';
import { forbidden } from '../http/errors.ts';

/**
 * 学习强国 (docs/SECURITY.md §1.7): an organisation's admins import the points of their subtree's
 * members (study.manage: rows are matched only within the organisation chosen, inside the
 * importer's reach) and read participation of their subtree (study.read).
 */
export function xuexiReadScope(actor: Actor): Scope {
  requirePermission(actor, 'study.read', '没有查看学习强国统计的权限');
  return scopeFor(actor, 'study.read');
}

export function requireXuexiImportAt(actor: Actor, orgPath: string): void {
  requirePermission(actor, 'study.manage', '没有导入学习强国积分的权限');
  if (!pathInScope(scopeFor(actor, 'study.manage'), orgPath)) throw forbidden('只能为本组织及下级组织导入');
}
