import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { activityMachine } from '@xianfeng/shared';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { checkedUpload, MAX_UPLOAD_BYTES, storedFileName, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import { activityFor, editableActivity } from './activities.service.ts';
import * as repo from './attachments.repository.ts';

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;
export const MAX_ATTACHMENTS_PER_ACTIVITY = 30;
/** Every content type a download may answer with. */
export const ATTACHMENT_CONTENT_TYPES = UPLOAD_CONTENT_TYPES;
export { storedFileName };

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
  const { fileName, contentType } = checkedUpload(file);

  const key = newFileKey('activity');
  await deps.files.put(key, file.data, contentType);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const locked = await repo.lockActivity(trx, activityId);
      if (!locked) throw notFound('活动');
      if (!activityMachine.allows('edit', locked.status)) throw conflict(activityMachine.refusal('edit', locked.status));
      if (await tooMany(trx)) throw validation(`每项活动最多上传${MAX_ATTACHMENTS_PER_ACTIVITY}个附件`);
      const row = await repo.insertAttachment(trx, { activityId, fileName, contentType, size: file.data.length, storageKey: key, uploadedBy: ctx.actor.userId, at: ctx.now });
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
