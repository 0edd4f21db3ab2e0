import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { pointsReadScope, pointsWriteScope } from '../../access/points-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { checkedUpload } from '../../http/upload.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import { entries, entryDto, mayAttach } from './point-entries.service.ts';

// 佐证材料 of a branch's addition or deduction as files (PT-10): the same kinds and size as activity
// attachments; added and removed by the branch while the entry waits for review; read by whoever
// reads the entry, the reviewer above included. Once decided they are part of the record.

export const MAX_FILES_PER_ENTRY = 10;

/** The entry locked (readable by the caller, 404 otherwise), which the caller may still attach to (403 / 409 otherwise). */
async function attachable(trx: Kysely<DB>, ctx: RequestContext, entryId: number) {
  pointsWriteScope(ctx.actor);
  const row = await entries(trx, pointsReadScope(ctx.actor)).where('e.id', '=', entryId).forUpdate('e').executeTakeFirst();
  if (!row) throw notFound('积分登记');
  if (row.status !== 'submitted') throw conflict('积分登记已审核，佐证材料不能再增删');
  if (!mayAttach(ctx, row)) throw forbidden('只有登记该事项的党组织可以上传或删除佐证材料');
  return row;
}

/** Stores the file, then records it with its audit entry under the entry's row lock (state and the limit checked); on failure the bytes go again. */
export async function addEntryFile(deps: AppDeps, ctx: RequestContext, entryId: number, receive: () => Promise<{ fileName: string; data: Buffer }>) {
  await deps.db.transaction().execute((trx) => attachable(trx, ctx, entryId));
  const file = await receive();
  const { fileName, contentType } = checkedUpload(file);
  const key = newFileKey('point-entry');
  await deps.files.put(key, file.data, contentType);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await attachable(trx, ctx, entryId);
      const n = await trx.selectFrom('point_entry_file').select((eb) => eb.fn.countAll<number>().as('n')).where('entry_id', '=', entryId).executeTakeFirstOrThrow();
      if (Number(n.n) >= MAX_FILES_PER_ENTRY) throw validation(`每项积分登记最多上传${MAX_FILES_PER_ENTRY}个佐证材料`);
      const f = await trx
        .insertInto('point_entry_file')
        .values({ entry_id: entryId, file_name: fileName, content_type: contentType, size: file.data.length, storage_key: key, uploaded_by: ctx.actor.userId, created_at: ctx.now })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'point_entry.file_add', entityType: 'point_entry', entityId: entryId, after: { id: f.id, fileName, contentType, size: file.data.length } });
      return entryDto(trx, ctx, row);
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

/** The file, for anyone who reads the entry (404 outside the scope, also for another entry's file). */
export async function getEntryFile(deps: AppDeps, ctx: RequestContext, entryId: number, fileId: number) {
  const row = await entries(deps.db, pointsReadScope(ctx.actor)).where('e.id', '=', entryId).executeTakeFirst();
  if (!row) throw notFound('积分登记');
  const f = await deps.db.selectFrom('point_entry_file').selectAll().where('id', '=', fileId).where('entry_id', '=', entryId).executeTakeFirst();
  if (!f) throw notFound('佐证材料');
  const data = await deps.files.get(f.storage_key);
  if (!data) throw notFound('佐证材料文件');
  return { fileName: f.file_name, contentType: f.content_type, data };
}

export async function deleteEntryFile(deps: AppDeps, ctx: RequestContext, entryId: number, fileId: number) {
  const { key, dto } = await deps.db.transaction().execute(async (trx) => {
    const row = await attachable(trx, ctx, entryId);
    const f = await trx.deleteFrom('point_entry_file').where('id', '=', fileId).where('entry_id', '=', entryId).returningAll().executeTakeFirst();
    if (!f) throw notFound('佐证材料');
    await audit(trx, ctx, { action: 'point_entry.file_delete', entityType: 'point_entry', entityId: entryId, before: { id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size } });
    return { key: f.storage_key, dto: await entryDto(trx, ctx, row) };
  });
  await deps.files.delete(key).catch(() => undefined);
  return dto;
}
