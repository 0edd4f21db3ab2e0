/**
 * What the server takes as a document (http/upload.ts: jpg/jpeg/png/pdf/docx/xlsx, at most 20 MB a
 * file), checked in the browser first so a wrong file is refused at once with the same words.
 */
export const DOCUMENT_ACCEPT = '.jpg,.jpeg,.png,.pdf,.docx,.xlsx';
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
const ALLOWED = /\.(jpe?g|png|pdf|docx|xlsx)$/i;

/** The message for a file the server would refuse, or null when it may go. */
export function documentRefusal(file: { name: string; size: number }): string | null {
  if (!ALLOWED.test(file.name)) return `“${file.name}”格式不支持，请上传 jpg、png、pdf、docx 或 xlsx 文件`;
  if (file.size > DOCUMENT_MAX_BYTES) return `“${file.name}”超过20 MB，请压缩后上传`;
  return null;
}
