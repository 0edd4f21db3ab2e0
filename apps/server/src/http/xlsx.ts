import type { FastifyReply, FastifyRequest } from 'fastify';
import { validation } from './errors.ts';
import { receiveOneFile } from './upload.ts';

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
  const file = await receiveOneFile(req, { maxBytes: MAX_UPLOAD_BYTES });
  if (!/\.xlsx$/i.test(file.fileName)) throw validation('仅支持 .xlsx 格式的 Excel 文件');
  if (file.truncated) throw validation(`文件过大（上限${MAX_UPLOAD_BYTES / 1024 / 1024}MB）`);
  return file.data;
}
