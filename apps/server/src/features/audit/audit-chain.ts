import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { AuditAction, AuditEntityType } from '@xianfeng/shared';

// Each audit row carries SM3(previous hash + canonical content). Changing, removing or inserting a
// row anywhere breaks every hash after it, which `npm run audit:verify` reports (DB-5 in docs/RULES.md).

export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = {
  at: Date;
  actorUserId: number | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

/** What a writer appends: only actions and object types that have a Chinese name (shared/audit-actions.ts). */
export type NewAuditContent = AuditContent & { action: AuditAction; entityType: AuditEntityType };

export function auditHash(prevHash: string, c: AuditContent): string {
  const canonical = stringify([
    c.at.toISOString(),
    c.actorUserId,
    c.actorName,
    c.ip,
    c.action,
    c.entityType,
    c.entityId,
    c.before ?? null,
    c.after ?? null,
  ]);
  return createHash('sm3').update(prevHash).update('\n').update(canonical!).digest('hex');
}
