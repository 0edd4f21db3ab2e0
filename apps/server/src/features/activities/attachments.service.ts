import { unzipSync } from 'fflate';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { activityMachine } from '@xianfeng/shared';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { cleanFileName } from '../../http/upload.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import { activityFor, editableActivity } from './activities.service.ts';
import * as repo from './attachments.repository.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_ACTIVITY = 30;

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

/** What may be attached: the extension names the kind, and the content must start as that kind does. */
const KINDS: Record<string, { contentType: string; inline: boolean; matches: (data: Buffer) => boolean }> = {
  jpg: { contentType: 'image/jpeg', inline: true, matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: 'image/jpeg', inline: true, matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  png: { contentType: 'image/png', inline: true, matches: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  pdf: { contentType: 'application/pdf', inline: false, matches: (d) => d.subarray(0, 5).toString('latin1') === '%PDF-' },
  docx: { contentType: DOCX_TYPE, inline: false, matches: isOffice('word/document.xml') },
  xlsx: { contentType: XLSX_TYPE, inline: false, matches: isOffice('xl/workbook.xml') },
};
const ALLOWED = '仅支持 jpg、jpeg、png、pdf、docx、xlsx 格式的文件';
/** Every content type a download may answer with. */
export const ATTACHMENT_CONTENT_TYPES = [...new Set(Object.values(KINDS).map((k) => k.contentType))];

/** The name as shown and downloaded: no folders, no control characters, bounded. */
export function storedFileName(raw: string): string {
  const name = cleanFileName(raw.split(/[\\/]/).pop() ?? '').normalize('NFC');
  if (!name || /^\.[^.]*$/.test(name)) throw validation('文件名无效');
  if (name.length > 200) throw validation('文件名过长（不超过200个字符）');
  return name;
}

function kindOf(fileName: string) {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1].toLowerCase();
  const kind = ext ? KINDS[ext] : undefined;
  if (!kind) throw validation(ALLOWED);
  return kind;
}

/** What the HTTP layer hands over: the file, read only once the caller may attach to the activity. */
export type ReceivedFile = { fileName: string; data: Buffer };

const toDto = (f: { id: number; file_name: string; content_type: string; size: number; created_at: Date }) => ({
  id: f.id,
  fileName: f.file_name,
  contentType: f.content_type,
  size: f.size,
  createdAt: f.created_at,
});

/**
 * Stores the file, then records it and the audit entry in one transaction that holds the activity
 * row (so the state and the 30-file limit are checked against concurrent changes). When the
 * transaction fails the stored file is removed again.
 */
export async function addAttachment(deps: AppDeps, ctx: RequestContext, activityId: number, receive: () => Promise<ReceivedFile>) {
  await editableActivity(deps.db, ctx, activityId);
  const tooMany = async (db: AppDeps['db']) => (await repo.countAttachments(db, activityId)) >= MAX_ATTACHMENTS_PER_ACTIVITY;
  if (await tooMany(deps.db)) throw validation(`每项活动最多上传${MAX_ATTACHMENTS_PER_ACTIVITY}个附件`);
  const file = await receive();
  const fileName = storedFileName(file.fileName);
  const kind = kindOf(fileName);
  if (!file.data.length) throw validation('文件为空');
  if (!kind.matches(file.data)) throw validation(`文件内容与扩展名不符，${ALLOWED}`);

  const key = newFileKey('activity');
  await deps.files.put(key, file.data, kind.contentType);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const locked = await repo.lockActivity(trx, activityId);
      if (!locked) throw notFound('活动');
      if (!activityMachine.allows('edit', locked.status)) throw conflict(activityMachine.refusal('edit', locked.status));
      if (await tooMany(trx)) throw validation(`每项活动最多上传${MAX_ATTACHMENTS_PER_ACTIVITY}个附件`);
      const row = await repo.insertAttachment(trx, { activityId, fileName, contentType: kind.contentType, size: file.data.length, storageKey: key, uploadedBy: ctx.actor.userId, at: ctx.now });
      const dto = toDto(row);
      await audit(trx, ctx, { action: 'activity.attachment_add', entityType: 'activity', entityId: activityId, after: dto });
      return dto;
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

/** The file of an attachment, for anyone who may read the activity (404 outside the scope). */
export async function getAttachment(deps: AppDeps, ctx: RequestContext, activityId: number, fileId: number) {
  await activityFor(deps.db, ctx, activityId);
  const row = await repo.findAttachment(deps.db, activityId, fileId);
  if (!row) throw notFound('附件');
  const data = await deps.files.get(row.storage_key);
  if (!data) throw notFound('附件文件');
  return { fileName: row.file_name, contentType: row.content_type, inline: row.content_type.startsWith('image/'), data };
}

/**
 * Removes the record (audited) and then the file: a failed commit never loses the bytes of a kept
 * record, and a file that cannot be removed afterwards is only an orphan on disk, not an error.
 */
export async function deleteAttachment(deps: AppDeps, ctx: RequestContext, activityId: number, fileId: number) {
  await editableActivity(deps.db, ctx, activityId);
  const row = await repo.findAttachment(deps.db, activityId, fileId);
  if (!row) throw notFound('附件');
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockActivity(trx, activityId);
    if (!locked) throw notFound('活动');
    if (!activityMachine.allows('edit', locked.status)) throw conflict(activityMachine.refusal('edit', locked.status));
    await repo.deleteAttachment(trx, row.id);
    await audit(trx, ctx, { action: 'activity.attachment_delete', entityType: 'activity', entityId: activityId, before: toDto(row) });
  });
  await deps.files.delete(row.storage_key).catch(() => undefined);
}
