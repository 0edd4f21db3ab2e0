import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict } from '../../http/errors.ts';

/** Topics with their organisation, within a scope (the topic's organisation lies in it). */
export function topics(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('study_topic as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('t')
    .select(['o.name as org_name', 'o.path as org_path']);
}
export type TopicRow = Awaited<ReturnType<ReturnType<typeof topics>['executeTakeFirstOrThrow']>>;

/** Per topic: how many materials and their 学时 together. */
export async function materialTotals(db: Kysely<DB>, topicIds: number[]) {
  const out = new Map<number, { count: number; hours: number }>();
  if (!topicIds.length) return out;
  const rows = await db
    .selectFrom('study_material')
    .where('topic_id', 'in', topicIds)
    .select(['topic_id', sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(credit_hours), 0)::text`.as('hours')])
    .groupBy('topic_id')
    .execute();
  for (const r of rows) out.set(r.topic_id, { count: Number(r.n), hours: Number(r.hours) });
  return out;
}

export function materials(db: Kysely<DB>) {
  return db.selectFrom('study_material').selectAll();
}
export type MaterialRow = Awaited<ReturnType<ReturnType<typeof materials>['executeTakeFirstOrThrow']>>;

/** `update study_topic … where id = ? and status = <expected>`: a transition's write, 409 when the row moved on. */
export async function guardedTopicUpdate(trx: Kysely<DB>, id: number, expected: string, set: Record<string, unknown>, message: string) {
  const updated = await trx
    .updateTable('study_topic')
    .set(set as never)
    .where('id', '=', id)
    .where('status', '=', expected)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conflict(message);
}
