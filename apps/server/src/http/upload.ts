import type { FastifyReply, FastifyRequest } from 'fastify';
import { unzipSync } from 'fflate';
import { contentDisposition } from './content-disposition.ts';
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

/** The one document of an upload (field "file"), at most `maxBytes`, or a Chinese 400 naming the limit. */
export async function receiveDocument(req: FastifyRequest, maxBytes = MAX_UPLOAD_BYTES): Promise<{ fileName: string; data: Buffer }> {
  const file = await receiveOneFile(req, { maxBytes, field: 'file' });
  if (file.truncated) throw validation(`文件过大（单个文件不超过${maxBytes / 1024 / 1024}MB）`);
  return { fileName: file.fileName, data: file.data };
}

// ── What may be uploaded as a document (activity attachments, 销号 evidence) ─────────────────

/** At most 20 MB a file. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const startsWith = (data: Buffer, magic: number[]) => magic.every((b, i) => data[i] === b);

/** Entry names of a zip file (read from its directory, nothing inflated), or null when it is not one. */
function zipEntries(data: Buffer): Set<string> | null {
  if (!startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return null;
  const names = new Set<string>();
  try {
    unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.length), { filter: (f) => (names.add(f.name), false) });
  } catch {
    return null;
  }
  return names;
}

const isOffice = (main: string) => (data: Buffer) => {
  const names = zipEntries(data);
  return !!names && names.has('[Content_Types].xml') && names.has(main);
};

/** What may be uploaded: the extension names the kind, and the content must start as that kind does. */
const KINDS: Record<string, { contentType: string; matches: (data: Buffer) => boolean }> = {
  jpg: { contentType: 'image/jpeg', matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: 'image/jpeg', matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  png: { contentType: 'image/png', matches: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  pdf: { contentType: 'application/pdf', matches: (d) => d.subarray(0, 5).toString('latin1') === '%PDF-' },
  docx: { contentType: DOCX_TYPE, matches: isOffice('word/document.xml') },
  xlsx: { contentType: XLSX_TYPE, matches: isOffice('xl/workbook.xml') },
};
const ALLOWED = '仅支持 jpg、jpeg、png、pdf、docx、xlsx 格式的文件';
/** Every content type a download of an uploaded document may answer with. */
export const UPLOAD_CONTENT_TYPES = [...new Set(Object.values(KINDS).map((k) => k.contentType))];

/** The name as shown and downloaded: no folders, no control characters, bounded. */
export function storedFileName(raw: string): string {
  const name = cleanFileName(raw.split(/[\\/]/).pop() ?? '').normalize('NFC');
  if (!name || /^\.[^.]*$/.test(name)) throw validation('文件名无效');
  if (name.length > 200) throw validation('文件名过长（不超过200个字符）');
  return name;
}

/** The stored name and content type of an uploaded document, its kind checked by its content (Chinese 400 otherwise). */
export function checkedUpload(file: { fileName: string; data: Buffer }): { fileName: string; contentType: string } {
  const fileName = storedFileName(file.fileName);
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1].toLowerCase();
  const kind = ext ? KINDS[ext] : undefined;
  if (!kind) throw validation(ALLOWED);
  if (!file.data.length) throw validation('文件为空');
  if (!kind.matches(file.data)) throw validation(`文件内容与扩展名不符，${ALLOWED}`);
  return { fileName, contentType: kind.contentType };
}

/** A stored document sent back: images shown inline, the rest downloaded; never sniffed, never run, never cached. */
export function sendStoredFile(reply: FastifyReply, f: { fileName: string; contentType: string; data: Buffer }) {
  return reply
    .header('content-type', f.contentType)
    .header('content-disposition', contentDisposition(f.contentType.startsWith('image/') ? 'inline' : 'attachment', f.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(f.data);
}
