// The audit log's public module: what other features may use (the rest is internal).
export { audit, type AuditEntry } from './audit.service.ts';
export { appendAuditBatch } from './audit.repository.ts';
export type { AuditContent, NewAuditContent } from './audit-chain.ts';
