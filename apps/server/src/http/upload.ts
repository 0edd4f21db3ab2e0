import type { FastifyRequest } from 'fastify';
import { validation } from './errors.ts';

// Bidirectional-text controls (LRE … RLO, LRI … PDI, LRM, RLM, ALM): in a file name they make
// 「报告‮xslx.exe」 read as 「报告exe.xlsx」. Control characters have no place in a name either.
const BIDI_AND_CONTROLS = /[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file name as it may be stored and shown: without direction overrides or control characters. */
export function cleanFileName(name: string): string {
  const cleaned = name.replace(BIDI_AND_CONTROLS, '').trim();
  return cleaned || '未命名文件';
}

export type ReceivedUpload = { fileName: string; data: Buffer; truncated: boolean };

/**
 * The one file of a multipart upload, read into memory up to `maxBytes`. A body that is not
 * well-formed multipart (cut off, wrong boundary) is the caller's mistake: a Chinese 400, not a 500.
 */
export async function receiveOneFile(req: FastifyRequest, opts: { maxBytes: number; field?: string }): Promise<ReceivedUpload> {
  if (!req.isMultipart()) throw validation(`请以 multipart/form-data 上传文件${opts.field ? `（字段 ${opts.field}）` : ''}`);
  try {
    const file = await req.file({ limits: { fileSize: opts.maxBytes, files: 1 }, throwFileSizeLimit: false });
    if (!file) throw validation('未收到文件');
    if (opts.field && file.fieldname !== opts.field) throw validation(`请以字段 ${opts.field} 上传文件`);
    const data = await file.toBuffer();
    return { fileName: cleanFileName(file.filename), data, truncated: file.file.truncated };
  } catch (e) {
    if (e instanceof Error && 'status' in e) throw e; // our own validation errors
    if (e instanceof Error && /multipart|boundary|Unexpected end/i.test(e.message)) throw validation('上传的数据不完整或格式有误，请重新上传');
    throw e;
  }
}
