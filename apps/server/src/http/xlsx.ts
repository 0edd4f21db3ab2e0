import type { FastifyReply, FastifyRequest } from 'fastify';
import { validation } from './errors.ts';

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
  if (!req.isMultipart()) throw validation('请以 multipart/form-data 上传 .xlsx 文件');
  const file = await req.file();
  if (!file) throw validation('未收到文件');
  if (!/\.xlsx$/i.test(file.filename)) throw validation('仅支持 .xlsx 格式的 Excel 文件');
  const buffer = await file.toBuffer();
  if (file.file.truncated) throw validation('文件过大（上限50MB）');
  return buffer;
}
