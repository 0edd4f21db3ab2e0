import { errorBody, z } from './zod.ts';
import { int } from './responses.ts';

/** Answers of the Excel imports (members, organisations): all rows are checked, a file with errors imports nothing. */

/** One error of an imported sheet: row number, column title, Chinese message. */
export const importErrorDto = z.object({ row: int, column: z.string(), message: z.string() });

/** 200: every row was written. */
export const importOkDto = z.object({ ok: z.literal(true), created: int, updated: int, total: int });
/** The rows' errors when nothing was written. */
export const importFailedDto = z.object({ ok: z.literal(false), errors: z.array(importErrorDto), total: int });
export const importResultDto = z.discriminatedUnion('ok', [importOkDto, importFailedDto]);

/**
 * 400 of an import: the error body, and when the sheet was read, the rows' errors
 * (`ok: false, errors, total`). A request refused before reading (not .xlsx, no file) has only code and message.
 */
export const importErrorBody = errorBody.extend({
  ok: z.literal(false).optional(),
  errors: z.array(importErrorDto).optional(),
  total: int.optional(),
});
