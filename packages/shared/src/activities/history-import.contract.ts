import { z } from '../common/zod.ts';
import { int, timestamp } from '../common/responses.ts';
import { importErrorDto } from '../common/import.contract.ts';

// 补录 (history import): past activities from Excel, all-or-nothing; a meeting already in the
// system (same organisation, day and topic) is skipped, so the same file can be imported again.

/** A row not written because the meeting is already recorded. */
export const historySkippedDto = z.object({ row: int, message: z.string() });

/** 200: the file was written (created may be 0 when every row was already there). */
export const historyImportOkDto = z.object({
  ok: z.literal(true),
  importId: int.nullable(),
  created: int,
  skipped: z.array(historySkippedDto),
  total: int,
});
export const historyImportFailedDto = z.object({ ok: z.literal(false), errors: z.array(importErrorDto), total: int });

/** One imported file as reviewers and importers see it (counts within the caller's scope). */
export const historyBatchDto = z.object({
  id: int,
  fileName: z.string(),
  importedAt: timestamp,
  importedBy: z.string(),
  records: int,
  submitted: int,
  approved: int,
  returned: int,
  orgNames: z.array(z.string()),
  /** The caller may approve every record still waiting (level above, and not the importer: NK-1). */
  canApprove: z.boolean(),
});
export const historyBatchListDto = z.array(historyBatchDto);

export const historyApproveInput = z.object({ comment: z.string().trim().max(500).optional() }).strict();
export const historyApproveDto = z.object({ approved: int, batch: historyBatchDto });
