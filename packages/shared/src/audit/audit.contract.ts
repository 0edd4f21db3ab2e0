import { isoDate, pageQuery, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

export const auditListQuery = z
  .object({
    actor: text(64).optional(),
    action: text(64).optional(),
    entityType: text(32).optional(),
    entityId: text(64).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    ...pageQuery,
  })
  .strict();
export type AuditListQuery = z.infer<typeof auditListQuery>;

// Responses (see common/responses.ts).

export const auditEntryDto = z.object({
  /** A bigint, as text. */
  id: z.string(),
  at: timestamp,
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  /** The record before and after (personal data masked), as the service wrote it. */
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export const auditPage = pageOf(auditEntryDto);

/** GET /api/audit/verify: the chain checked in id order; the first break, if any. */
export const auditVerifyDto = z.object({ ok: z.boolean(), checked: int, brokenAt: z.string().optional(), reason: z.string().optional() });
