import { isoDate, pageQuery, text, z } from '../common/zod.ts';

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
