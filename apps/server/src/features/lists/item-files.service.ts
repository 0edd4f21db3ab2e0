import { itemMachine, type ItemStatus, type ListItemFile } from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { canWriteItem } from '../../access/list-policy.ts';
import { scopeFor } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { checkedUpload } from '../../http/upload.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import { accountNames, findItem, lockItem, type ItemRecord } from './lists.repository.ts';

/** 佐证材料 of an item (销号 evidence as files): the same kinds, size and storage as activity attachments. */
export const MAX_FILES_PER_ITEM = 30;

export type ReceivedFile = { fileName: string; data: Buffer };

type FileRow = { id: number; file_name: string; content_type: string; size: number; created_at: Date; closing_id: number | null; uploaded_by: number | null };

/** Files stay with a pending or approved closing; a returned closing's files may be taken again. */
export async function itemFiles(db: Kysely<DB>, itemId: number): Promise<ListItemFile[]> {
  const rows = await db
    .selectFrom('list_item_file')
    .leftJoin('list_item_closing as c', 'c.id', 'list_item_file.closing_id')
    .select(['list_item_file.id', 'file_name', 'content_type', 'size', 'created_at', 'closing_id', 'uploaded_by', 'c.status as closing_status'])
    .where('list_item_file.item_id', '=', itemId)
    .orderBy('list_item_file.id', 'desc')
    .execute();
  const names = await accountNames(db, rows.map((r) => r.uploaded_by));
  return rows.map((r) => ({ ...toDto(r), uploadedBy: r.uploaded_by === null ? null : (names.get(r.uploaded_by) ?? `账户#${r.uploaded_by}`), attached: r.closing_status === 'submitted' || r.closing_status === 'approved' }));
}

const toDto = (r: FileRow) => ({ id: r.id, fileName: r.file_name, contentType: r.content_type, size: r.size, uploadedAt: r.created_at, uploadedBy: null as string | null, closingId: r.closing_id, attached: false });

/** The item, readable by the caller (404 otherwise), kept by the caller's organisation (403 otherwise), in progress (409 otherwise). */
function keptInProgress(ctx: RequestContext, item: ItemRecord | undefined): ItemRecord {
  if (!item) throw notFound('清单事项');
  if (!canWriteItem(ctx.actor, item.org_path)) throw forbidden('只有牵头（主办）单位可以上传或删除佐证材料');
  if (!itemMachine.allows('close', item.status as ItemStatus)) throw conflict(`清单事项当前为“${itemMachine.stateLabel(item.status as ItemStatus)}”，不能上传或删除佐证材料`);
  return item;
}

const countFiles = async (db: Kysely<DB>, itemId: number) =>
  Number((await db.selectFrom('list_item_file').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow()).n);

/**
 * Stores the file, then records it and the audit entry in one transaction that holds the item row
 * (state and the 30-file limit checked against concurrent changes); on failure the stored file is
 * removed again.
 */
export async function addItemFile(deps: AppDeps, ctx: RequestContext, itemId: number, receive: () => Promise<ReceivedFile>): Promise<ListItemFile> {
  requirePermission(ctx.actor, 'supervision.write');
  const scope = scopeFor(ctx.actor, 'supervision.read');
  keptInProgress(ctx, await findItem(deps.db, scope, itemId));
  const tooMany = `每项事项最多上传${MAX_FILES_PER_ITEM}个佐证材料`;
  if ((await countFiles(deps.db, itemId)) >= MAX_FILES_PER_ITEM) throw validation(tooMany);
  const file = await receive();
  const { fileName, contentType } = checkedUpload(file);
  const key = newFileKey('list-item');
  await deps.files.put(key, file.data, contentType);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      keptInProgress(ctx, await lockItem(trx, scope, itemId));
      if ((await countFiles(trx, itemId)) >= MAX_FILES_PER_ITEM) throw validation(tooMany);
      const row = await trx
        .insertInto('list_item_file')
        .values({ item_id: itemId, file_name: fileName, content_type: contentType, size: file.data.length, storage_key: key, uploaded_by: ctx.actor.userId, created_at: ctx.now })
        .returningAll()
        .executeTakeFirstOrThrow();
      const dto = toDto(row);
      await audit(trx, ctx, { action: 'list_item.file_add', entityType: 'list_item', entityId: itemId, after: { id: dto.id, fileName: dto.fileName, contentType: dto.contentType, size: dto.size } });
      const names = await accountNames(trx, [ctx.actor.userId]);
      return { ...dto, uploadedBy: names.get(ctx.actor.userId) ?? null };
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

/** The file, for anyone who may read the item (404 outside the scope, also for a file of another item). */
export async function getItemFile(deps: AppDeps, ctx: RequestContext, itemId: number, fileId: number) {
  requirePermission(ctx.actor, 'supervision.read');
  const item = await findItem(deps.db, scopeFor(ctx.actor, 'supervision.read'), itemId);
  if (!item) throw notFound('清单事项');
  const row = await deps.db.selectFrom('list_item_file').selectAll().where('id', '=', fileId).where('item_id', '=', itemId).executeTakeFirst();
  if (!row) throw notFound('佐证材料');
  const data = await deps.files.get(row.storage_key);
  if (!data) throw notFound('佐证材料文件');
  return { fileName: row.file_name, contentType: row.content_type, data };
}

/**
 * Removes a file not yet part of any closing request (audited), then its bytes. A file that went
 * with a request — pending, approved or returned — is part of that request's record and stays.
 */
export async function deleteItemFile(deps: AppDeps, ctx: RequestContext, itemId: number, fileId: number) {
  requirePermission(ctx.actor, 'supervision.write');
  const scope = scopeFor(ctx.actor, 'supervision.read');
  const row = await deps.db.transaction().execute(async (trx) => {
    keptInProgress(ctx, await lockItem(trx, scope, itemId));
    const f = await trx.selectFrom('list_item_file').selectAll().where('id', '=', fileId).where('item_id', '=', itemId).executeTakeFirst();
    if (!f) throw notFound('佐证材料');
    if (f.closing_id !== null) throw conflict(`「${f.file_name}」已随销号申请报送，是申请记录的一部分，不能删除`);
    await trx.deleteFrom('list_item_file').where('id', '=', f.id).where('closing_id', 'is', null).execute();
    await audit(trx, ctx, { action: 'list_item.file_delete', entityType: 'list_item', entityId: itemId, before: { id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size } });
    return f;
  });
  await deps.files.delete(row.storage_key).catch(() => undefined);
}
