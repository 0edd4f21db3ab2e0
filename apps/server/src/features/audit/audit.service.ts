import type { Kysely } from 'kysely';
import type { AuditAction, AuditEntityType } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../access/actor.ts';
import { appendAudit } from './audit.repository.ts';

export type AuditEntry = {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
};

/** Writes one audit record for the caller inside the caller's transaction. */
export async function audit(trx: Kysely<DB>, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await appendAudit(trx, {
    at: ctx.now,
    actorUserId: ctx.actor?.userId ?? null,
    actorName: ctx.actor ? ctx.actor.username : `system:${'system' in ctx ? ctx.system : ''}`,
    ip: ctx.ip,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
