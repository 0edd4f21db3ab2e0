import { sql, type Kysely } from 'kysely';
import type { AuditListQuery } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { auditHash, GENESIS_HASH, type NewAuditContent } from './audit-chain.ts';

// One lock key serialises appends so the chain never forks under concurrent transactions.
const AUDIT_CHAIN_LOCK = 730_001;

export async function appendAudit(trx: Kysely<DB>, content: NewAuditContent): Promise<void> {
  await appendAuditBatch(trx, [content]);
}

/** Appends records in order, chaining each to the one before; must run inside a transaction. */
export async function appendAuditBatch(trx: Kysely<DB>, contents: NewAuditContent[]): Promise<void> {
  if (!contents.length) return;
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = contents.map((content) => {
    const hash = auditHash(prevHash, content);
    const row = {
      at: content.at,
      actor_user_id: content.actorUserId,
      actor_name: content.actorName,
      ip: content.ip,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      before: content.before == null ? null : JSON.stringify(content.before),
      after: content.after == null ? null : JSON.stringify(content.after),
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // Inserted in chain order: ids follow the order of the rows.
  for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('audit_log').values(rows.slice(i, i + 1000)).execute();
}

function filtered(db: Kysely<DB>, q: AuditListQuery) {
  let query = db.selectFrom('audit_log');
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.from) query = query.where('at', '>=', new Date(`${q.from}T00:00:00+08:00`));
  if (q.to) query = query.where('at', '<', sql<Date>`${`${q.to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
  return query;
}

export async function listAudit(db: Kysely<DB>, q: AuditListQuery, limit = q.pageSize, offset = (q.page - 1) * q.pageSize) {
  const [rows, total] = await Promise.all([
    filtered(db, q).selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    filtered(db, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** Walks the chain in id order, in batches, and reports the first break. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<{ ok: boolean; checked: number; brokenAt?: string; reason?: string }> {
  let prev = GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(5000).execute();
    if (!rows.length) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, brokenAt: String(r.id), reason: '前序哈希不匹配（记录被删除或插入）' };
      const expected = auditHash(prev, {
        at: new Date(r.at),
        actorUserId: r.actor_user_id,
        actorName: r.actor_name,
        ip: r.ip,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: String(r.id), reason: '记录内容与哈希不符（记录被篡改）' };
      prev = r.hash;
      lastId = String(r.id);
      checked++;
    }
  }
}
