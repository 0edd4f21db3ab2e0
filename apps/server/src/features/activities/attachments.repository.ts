import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Attachments of one activity; callers have already checked the activity is in their scope. */
export async function listAttachments(db: Kysely<DB>, activityId: number) {
  return db
    .selectFrom('activity_attachment')
    .where('activity_id', '=', activityId)
    .select(['id', 'file_name', 'content_type', 'size', 'storage_key', 'created_at'])
    .orderBy('id')
    .execute();
}

export async function findAttachment(db: Kysely<DB>, activityId: number, id: number) {
  return db
    .selectFrom('activity_attachment')
    .where('activity_id', '=', activityId)
    .where('id', '=', id)
    .select(['id', 'activity_id', 'file_name', 'content_type', 'size', 'storage_key', 'created_at'])
    .executeTakeFirst();
}

export async function countAttachments(db: Kysely<DB>, activityId: number): Promise<number> {
  const r = await db.selectFrom('activity_attachment').where('activity_id', '=', activityId).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type NewAttachment = { activityId: number; fileName: string; contentType: string; size: number; storageKey: string; uploadedBy: number; at: Date };

export async function insertAttachment(db: Kysely<DB>, f: NewAttachment) {
  return db
    .insertInto('activity_attachment')
    .values({ activity_id: f.activityId, file_name: f.fileName, content_type: f.contentType, size: f.size, storage_key: f.storageKey, uploaded_by: f.uploadedBy, created_at: f.at })
    .returning(['id', 'file_name', 'content_type', 'size', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteAttachment(db: Kysely<DB>, id: number) {
  await db.deleteFrom('activity_attachment').where('id', '=', id).execute();
}

/** Locks the activity row for the rest of the transaction and reads its status (uploads queue behind each other). */
export async function lockActivity(db: Kysely<DB>, activityId: number) {
  return db.selectFrom('activity').where('id', '=', activityId).select('status').forUpdate().executeTakeFirst();
}
