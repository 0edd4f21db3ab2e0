import { sql, type Kysely } from 'kysely';
import { normalizeIdNumber } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { FieldCipher } from '../../lib/field-cipher.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

// 人员匹配: how every import names a person. A 公民身份号码 is matched exactly through its lookup
// hash (the roster import recognises registered members the same way, memberColumns); a name is
// matched only when it is unique among the people the row can mean, else the row asks for the ID
// number. The ID number itself is never stored or compared in clear.

export const looksLikeIdNumber = (token: string) => /^\d{17}[\dXx]$/.test(token.trim());

/** The lookup token of an ID number as typed (spaces and a lower-case x do not matter). */
export const idNumberKey = (cipher: FieldCipher, raw: string) => cipher.lookupHash(normalizeIdNumber(raw));

export type MatchablePerson = { id: number; name: string; orgPath: string; category: string; joinDate: string };

/** Members within a scope: by ID-number key, and by name (several when names repeat). */
export async function peopleIn(db: Kysely<DB>, scope: Scope) {
  const rows = await db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where(orgPathInScope(scope, sql.ref('o.path')))
    .select(['m.id', 'm.name', 'm.id_number_hmac', 'o.path', 'm.category', 'm.join_date'])
    .execute();
  const byKey = new Map<string, MatchablePerson>();
  const byName = new Map<string, MatchablePerson[]>();
  for (const r of rows) {
    const p = { id: r.id, name: r.name, orgPath: r.path, category: r.category, joinDate: r.join_date };
    byKey.set(r.id_number_hmac, p);
    byName.set(r.name, [...(byName.get(r.name) ?? []), p]);
  }
  return { byKey, byName };
}

export type People = Awaited<ReturnType<typeof peopleIn>>;

/**
 * One person named in a cell: an ID number anywhere in the scope, or a name unique among the
 * members of the organisation at `orgPath` (its subtree). Answers the person or a Chinese message.
 */
export function matchPerson(people: People, cipher: FieldCipher, token: string, orgPath: string): MatchablePerson | string {
  if (looksLikeIdNumber(token)) return people.byKey.get(idNumberKey(cipher, token)) ?? `未找到公民身份号码为 ${token.slice(0, 4)}…${token.slice(-4)} 的党员（或不在您的管理范围内）`;
  const here = (people.byName.get(token) ?? []).filter((p) => p.orgPath.startsWith(orgPath));
  if (here.length === 1) return here[0];
  if (here.length > 1) return `本组织有 ${here.length} 名党员叫“${token}”，请改填其公民身份号码`;
  return `本组织没有名为“${token}”的党员（可改填公民身份号码）`;
}
