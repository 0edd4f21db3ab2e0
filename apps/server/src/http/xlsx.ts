import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validation } from './errors.ts';
import { receiveOneFile } from './upload.ts';
import { checkDeclaredSize, XlsxRefused, type XlsxLimits } from '../lib/xlsx-guard.ts';
import { runWorker, WorkersBusy } from '../lib/run-worker.ts';
import { cellText } from '../lib/excel-cells.ts';

/** The largest Excel file accepted (before any look inside it). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Excel in and out over HTTP: the one place for the upload checks and the download headers. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(reply: FastifyReply, filename: string, buffer: Buffer) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(buffer);
}

/** The single .xlsx file of a multipart upload, or a Chinese 400. */
export async function uploadedXlsx(req: FastifyRequest): Promise<Buffer> {
  return (await uploadedXlsxFile(req)).data;
}

/** The same, with the name the file had on the user's computer (kept to name an import). */
export async function uploadedXlsxFile(req: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  const file = await receiveOneFile(req, { maxBytes: MAX_UPLOAD_BYTES });
  if (!/\.xlsx$/i.test(file.fileName)) throw validation('仅支持 .xlsx 格式的 Excel 文件');
  if (file.truncated) throw validation(`文件过大（上限${MAX_UPLOAD_BYTES / 1024 / 1024}MB）`);
  return { fileName: file.fileName.slice(0, 200), data: file.data };
}

/** One sheet as rows of cells (text, numbers, dates), as read-excel-file gives them. */
export type SheetRows = (string | number | boolean | Date | null)[][];

/** The limits of each Excel import (docs/SECURITY.md): refused before parsing when exceeded. */
export const ROSTER_LIMITS: XlsxLimits = { maxUncompressedBytes: 120 * 1024 * 1024, maxRows: 100_001 };
export const ORG_TREE_LIMITS: XlsxLimits = { maxUncompressedBytes: 30 * 1024 * 1024, maxRows: 20_001 };
/** 补录: a file is a few thousand meetings (HISTORY_MAX_ROWS, checked after reading); minutes make cells long. */
export const HISTORY_LIMITS: XlsxLimits = { maxUncompressedBytes: 60 * 1024 * 1024, maxRows: 20_001 };

/**
 * The first sheet of an uploaded .xlsx, read within limits: the declared sizes are checked here
 * at once; the real sizes and the parsing happen in a worker thread with a capped heap, so
 * neither a bomb nor a large honest file holds the server's event loop.
 */
export async function readFirstSheet(buffer: Buffer, limits: XlsxLimits): Promise<SheetRows> {
  try {
    await checkDeclaredSize(buffer, limits);
  } catch (e) {
    if (e instanceof XlsxRefused) throw validation(e.message);
    throw e;
  }
  const copy = new Uint8Array(buffer);
  let answer: { ok: true; rows: SheetRows } | { ok: false; message: string };
  try {
    answer = await runWorker('read-sheet', { buffer: copy, limits }, { maxHeapMb: 1536, transfer: [copy.buffer] });
  } catch (e) {
    if (e instanceof WorkersBusy) throw new AppError('RATE_LIMITED', '正在处理的文件较多，请稍后再试', 429);
    throw validation('文件过大或结构异常，无法读取，请检查文件后重试');
  }
  if (!answer.ok) throw validation(answer.message);
  return answer.rows;
}

/**
 * The first sheet's rows as text keyed by column: headers are matched to `columns` by their title
 * (a trailing * of a required column does not matter), unknown columns are ignored, blank rows are
 * left out, each row keeps its sheet row number. `keys` are the columns the header row holds.
 */
export async function readRowsByHeader<K extends string>(buffer: Buffer, limits: XlsxLimits, columns: readonly { header: string; key: K }[]) {
  const sheet = await readFirstSheet(buffer, limits);
  const title = (text: string) => text.replace(/\*$/, '');
  const index = new Map<number, K>();
  (sheet[0] ?? []).forEach((v, i) => {
    const col = columns.find((c) => title(c.header) === title(cellText(v)));
    if (col) index.set(i, col.key);
  });
  const rows: ({ row: number } & Partial<Record<K, string>>)[] = [];
  sheet.slice(1).forEach((values, i) => {
    const row = { row: i + 2 } as { row: number } & Partial<Record<K, string>>;
    for (const [col, key] of index) row[key] = cellText(values[col]) as never;
    if (columns.some((c) => row[c.key])) rows.push(row);
  });
  return { keys: new Set(index.values()), rows };
}
