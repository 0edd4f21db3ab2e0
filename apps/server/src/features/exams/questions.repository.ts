import { sql, type Kysely } from 'kysely';
import type { QuestionListQuery } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

/**
 * Questions the scope may read (EX-1): its subtrees' banks and the committee's (the root, depth 0),
 * archived ones left out.
 */
export function questions(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('exam_question as q')
    .innerJoin('org as o', 'o.id', 'q.org_id')
    .where('q.archived_at', 'is', null)
    .where((eb) => eb.or([orgPathInScope(scope, eb.ref('o.path')), eb('o.depth', '=', 0)]))
    .selectAll('q')
    .select(['o.name as org_name', 'o.path as org_path']);
}
export type QuestionRow = Awaited<ReturnType<ReturnType<typeof questions>['executeTakeFirstOrThrow']>>;

/** The list's filters, applied in the database. */
export function filtered(db: Kysely<DB>, scope: Scope, f: Omit<QuestionListQuery, 'page' | 'pageSize'>) {
  let q = questions(db, scope);
  if (f.type) q = q.where('q.type', '=', f.type);
  if (f.difficulty) q = q.where('q.difficulty', '=', f.difficulty);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(q.tags)`);
  if (f.orgId) q = q.where('q.org_id', '=', f.orgId);
  if (f.q) q = q.where('q.stem', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q;
}
