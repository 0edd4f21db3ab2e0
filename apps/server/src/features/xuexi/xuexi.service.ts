import { sql } from 'kysely';
import { localDate, matchMember, parsePeriod, parsePoints, type XuexiCandidate } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { requireXuexiImportAt, xuexiReadScope } from '../../access/xuexi-policy.ts';
import { inSubtree, orgPathInScope, pathInScope } from '../../access/scope.ts';
import { notFound, validation } from '../../http/errors.ts';
import { readRowsByHeader } from '../../http/xlsx.ts';
import type { XlsxLimits } from '../../lib/xlsx-guard.ts';
import { audit } from '../audit/index.ts';

/** A city's monthly export is one row per member: 60,000 rows at most, short cells. */
const LIMITS: XlsxLimits = { maxUncompressedBytes: 40 * 1024 * 1024, maxRows: 100_001 };

/** XX-1: the columns and the header variants seen in the files organisations receive. */
const COLUMNS = [
  ...['姓名', '党员姓名', '学员姓名', '用户名称'].map((header) => ({ header, key: 'name' as const })),
  ...['所在组织', '组织', '所在支部', '支部', '单位', '所在单位', '组织名称'].map((header) => ({ header, key: 'org' as const })),
  ...['手机号后四位', '手机后四位', '手机号', '手机号码'].map((header) => ({ header, key: 'phone4' as const })),
  ...['身份证后四位', '身份证号后四位', '身份证号'].map((header) => ({ header, key: 'id4' as const })),
  ...['周期', '统计周期', '月份', '统计月份', '时间'].map((header) => ({ header, key: 'period' as const })),
  ...['积分', '总积分', '本月积分', '学习积分', '获得积分', '月度积分'].map((header) => ({ header, key: 'points' as const })),
];

type Parsed = { row: number; name: string; org?: string; phone4?: string; id4?: string; period: string; points: number };

async function orgOf(deps: AppDeps, orgId: number) {
  const org = await deps.db.selectFrom('org').select(['id', 'name', 'path', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw notFound('组织');
  return org;
}

/** XX-1…3: every row checked; one bad row refuses the file, with every bad row named. */
function parseRows(rows: ({ row: number } & Partial<Record<(typeof COLUMNS)[number]['key'], string>>)[], keys: Set<string>, fallback: string | undefined): Parsed[] {
  if (!keys.has('name')) throw validation('表格缺少“姓名”列');
  if (!keys.has('points')) throw validation('表格缺少“积分”列（可写作“积分”“总积分”“本月积分”）');
  if (!rows.length) throw validation('表格中没有数据行');
  const errors: { row: number; column: string; message: string }[] = [];
  const out: Parsed[] = [];
  for (const r of rows) {
    const name = (r.name ?? '').trim();
    const period = r.period ? parsePeriod(r.period) : (fallback ?? null);
    const points = parsePoints(r.points ?? '');
    if (!name) errors.push({ row: r.row, column: '姓名', message: '姓名为空' });
    if (!period) errors.push({ row: r.row, column: '周期', message: r.period ? `统计周期“${r.period}”无法识别（应为 2026-11 或 2026年11月）` : '缺少统计周期（表中无“周期”列时请在导入时选择月份）' });
    if (points === null) errors.push({ row: r.row, column: '积分', message: `积分“${r.points ?? ''}”应为0–100000的整数` });
    if (name && period && points !== null) out.push({ row: r.row, name, org: r.org, phone4: r.phone4, id4: r.id4, period, points });
  }
  if (errors.length) throw validation(`表格有${errors.length}处错误（第${[...new Set(errors.map((e) => e.row))].slice(0, 5).join('、')}行${errors.length > 5 ? '等' : ''}），未导入任何数据`, errors);
  return out;
}

/** The members of the subtree bearing the rows' names, with what disambiguates them (masked, last four only). */
async function candidates(deps: AppDeps, path: string, names: string[]): Promise<XuexiCandidate[]> {
  const rows = await deps.db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name', 'o.name as org_name', 'm.phone_masked', 'm.id_number_masked'])
    .where((eb) => inSubtree(eb.ref('o.path'), path))
    .where('m.status', 'in', ['normal', 'suspended'])
    .where(sql<boolean>`replace(m.name, ' ', '') = any(${names.map((n) => n.replace(/\s+/g, ''))}::text[])`)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, orgName: r.org_name, phoneLast4: r.phone_masked ? r.phone_masked.slice(-4) : null, idLast4: r.id_number_masked.slice(-4).toUpperCase() }));
}

/**
 * XX-4, XX-5: matches each row to a member of the chosen organisation's subtree; a dry run answers
 * what would happen; otherwise the matched rows are stored (replacing those members' months) and
 * the unmatched kept with the import, in one transaction.
 */
export async function importXuexi(deps: AppDeps, ctx: RequestContext, q: { orgId: number; period?: string; dryRun: boolean }, file: { fileName: string; data: Buffer }) {
  const org = await orgOf(deps, q.orgId);
  requireXuexiImportAt(ctx.actor, org.path);
  const { keys, rows } = await readRowsByHeader(file.data, LIMITS, COLUMNS);
  const parsed = parseRows(rows, keys, q.period);
  const people = await candidates(deps, org.path, [...new Set(parsed.map((p) => p.name))]);
  const byName = new Map<string, XuexiCandidate[]>();
  for (const p of people) byName.set(p.name.replace(/\s+/g, ''), [...(byName.get(p.name.replace(/\s+/g, '')) ?? []), p]);
  const matched: { memberId: number; period: string; points: number; row: number }[] = [];
  const unmatched: { row: number; name: string; reason: string }[] = [];
  const seen = new Map<string, number>();
  for (const p of parsed) {
    const m = matchMember(p, byName.get(p.name.replace(/\s+/g, '')) ?? []);
    if ('reason' in m) {
      unmatched.push({ row: p.row, name: p.name, reason: m.reason });
      continue;
    }
    const key = `${m.memberId}:${p.period}`;
    if (seen.has(key)) throw validation(`第${p.row}行与第${seen.get(key)}行是同一党员同一周期，请合并后再导入`, [{ row: p.row, column: '姓名', message: `与第${seen.get(key)}行重复` }]);
    seen.set(key, p.row);
    matched.push({ memberId: m.memberId, period: p.period, points: p.points, row: p.row });
  }
  const periods = [...new Set(parsed.map((p) => p.period))].sort();
  const result = { dryRun: q.dryRun, importId: null as number | null, rows: parsed.length, matched: matched.length, periods, unmatched };
  if (q.dryRun) return result;
  if (!matched.length) throw validation('没有能匹配到党员的行，未导入任何数据');
  result.importId = await deps.db.transaction().execute(async (trx) => {
    const imp = await trx
      .insertInto('xuexi_import')
      .values({ org_id: org.id, file_name: file.fileName, periods, rows: parsed.length, matched: matched.length, unmatched: JSON.stringify(unmatched), imported_by: ctx.actor.userId, imported_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < matched.length; i += 1000) {
      await trx
        .insertInto('xuexi_score')
        .values(matched.slice(i, i + 1000).map((m) => ({ member_id: m.memberId, period: m.period, points: m.points, import_id: imp.id })))
        .onConflict((oc) => oc.columns(['member_id', 'period']).doUpdateSet((eb) => ({ points: eb.ref('excluded.points'), import_id: eb.ref('excluded.import_id') })))
        .execute();
    }
    await audit(trx, ctx, { action: 'xuexi.import', entityType: 'xuexi_import', entityId: imp.id, after: { orgId: org.id, fileName: file.fileName, periods, rows: parsed.length, matched: matched.length, unmatched: unmatched.length } });
    return imp.id;
  });
  return result;
}

export async function listImports(deps: AppDeps, ctx: RequestContext) {
  const scope = xuexiReadScope(ctx.actor);
  const rows = await deps.db
    .selectFrom('xuexi_import as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .innerJoin('app_user as u', 'u.id', 'i.imported_by')
    .select(['i.id', 'i.org_id', 'o.name as org_name', 'i.file_name', 'i.periods', 'i.rows', 'i.matched', 'i.unmatched', 'i.imported_at', sql<string>`coalesce(u.display_name, u.username)`.as('by')])
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .orderBy('i.imported_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(50)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, orgId: r.org_id, orgName: r.org_name, fileName: r.file_name, periods: r.periods, rows: r.rows, matched: r.matched, unmatched: r.unmatched, importedBy: r.by, importedAt: r.imported_at })) };
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const statsOf = (r: { id: number; name: string; members: number | string; participants: number | string; points: number | string }) => {
  const members = Number(r.members);
  const participants = Number(r.participants);
  const points = Number(r.points);
  return { orgId: r.id, orgName: r.name, members, participants, rate: members ? r1((participants / members) * 100) : 0, average: members ? r1(points / members) : 0, averageOfParticipants: participants ? r1(points / participants) : 0 };
};

/**
 * XX-6: participation (members with points > 0 in the month ÷ members in good standing) and the
 * averages, for an organisation and each organisation right below it, counted in the database.
 */
export async function stats(deps: AppDeps, ctx: RequestContext, q: { orgId?: number; period: string }) {
  const scope = xuexiReadScope(ctx.actor);
  const id = q.orgId ?? ctx.actor.grants.filter((g) => pathInScope(scope, g.orgPath)).sort((a, b) => a.orgPath.length - b.orgPath.length)[0]?.orgId;
  if (!id) throw notFound('组织');
  const org = await orgOf(deps, id);
  if (!pathInScope(scope, org.path)) throw notFound('组织');
  const tally = (groups: 'self' | 'children') =>
    deps.db
      .selectFrom('org as c')
      .innerJoin('org as o', (j) => j.on(sql<boolean>`o.path like c.path || '%'`))
      .innerJoin('member as m', (j) => j.onRef('m.org_id', '=', 'o.id').on('m.status', '=', 'normal'))
      .leftJoin('xuexi_score as s', (j) => j.onRef('s.member_id', '=', 'm.id').on('s.period', '=', q.period))
      .select(['c.id', 'c.name', sql<number>`count(m.id)::int`.as('members'), sql<number>`count(s.member_id) filter (where s.points > 0)::int`.as('participants'), sql<number>`coalesce(sum(s.points), 0)::bigint`.as('points')])
      .$if(groups === 'self', (qb) => qb.where('c.id', '=', org.id))
      .$if(groups === 'children', (qb) => qb.where('c.parent_id', '=', org.id).where('c.dissolved_on', 'is', null))
      .groupBy(['c.id', 'c.name', 'c.path'])
      .orderBy('c.path')
      .execute();
  const [self, children, periods, last] = await Promise.all([
    tally('self'),
    tally('children'),
    deps.db.selectFrom('xuexi_score as s').innerJoin('member as m', 'm.id', 's.member_id').innerJoin('org as o', 'o.id', 'm.org_id').select('s.period').distinct().where((eb) => inSubtree(eb.ref('o.path'), org.path)).orderBy('s.period', 'desc').limit(24).execute(),
    deps.db.selectFrom('xuexi_import as i').innerJoin('org as o', 'o.id', 'i.org_id').select(sql<Date>`max(i.imported_at)`.as('at')).where((eb) => inSubtree(eb.ref('o.path'), org.path)).executeTakeFirst(),
  ]);
  return {
    period: q.period,
    periods: periods.map((p) => p.period),
    total: statsOf(self[0] ?? { id: org.id, name: org.name, members: 0, participants: 0, points: 0 }),
    children: children.map(statsOf),
    lastImportOn: last?.at ? localDate(new Date(last.at)) : null,
  };
}
