import type { AuditListQuery } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { requirePermission } from '../../access/actor.ts';
import { listAudit, verifyAuditChain } from './audit.repository.ts';
import { auditWorkbook } from './audit-export.ts';
import { audit } from './audit.service.ts';

// Reading the log: the audit admin only (三员分立, DB-4 in docs/RULES.md) — not the system admin,
// not the committee. Exports are themselves audited.

const ONLY_AUDITOR = '仅审计管理员可查看审计日志';

function toDto(r: Awaited<ReturnType<typeof listAudit>>['rows'][number]) {
  return { id: String(r.id), at: r.at, actorName: r.actor_name, ip: r.ip, action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, hash: r.hash };
}

export async function searchAuditLog(deps: AppDeps, ctx: RequestContext, q: AuditListQuery) {
  requirePermission(ctx.actor, 'audit.read', ONLY_AUDITOR);
  const { rows, total } = await listAudit(deps.db, q);
  return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
}

export async function verifyAuditLog(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'audit.read', ONLY_AUDITOR);
  return verifyAuditChain(deps.db);
}

export async function exportAuditLog(deps: AppDeps, ctx: RequestContext, q: AuditListQuery) {
  requirePermission(ctx.actor, 'audit.read', ONLY_AUDITOR);
  const { rows } = await listAudit(deps.db, q, 100_000, 0);
  const buffer = await auditWorkbook(rows.map(toDto));
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'audit.export', entityType: 'audit_log', after: { filter: q, rows: rows.length } }));
  return buffer;
}
