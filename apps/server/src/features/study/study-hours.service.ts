import { sql } from 'kysely';
import { countStudyHours, isCadre, localDate, targetOf, targetsFor, type StudyHoursQuery } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { studyReadScope, studySelf } from '../../access/study-policy.ts';
import { inSubtree, pathInScope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import { loadStudySettings } from './study-settings.ts';
import { linesOf, unionOfLines } from './study-hours.sources.ts';

const rate = (members: number, onTrack: number) => (members ? Math.round((onTrack / members) * 1000) / 10 : null);

/**
 * GET /api/study-hours (SH-9 … SH-12): an organisation's members' 学时 for the year against their
 * targets, all in SQL — members of the subtree (status 正常), whether each is 书记/班子成员 (party post or
 * a committee seat during the year; the same rule as `isCadre`), the union of the sources summed per
 * member; the summary and the direct children's rates in one grouped query, the page of members
 * (filtered by on track / behind and name) in another.
 */
export async function studyHours(deps: AppDeps, ctx: RequestContext, q: StudyHoursQuery) {
  const scope = studyReadScope(ctx.actor);
  const org = await deps.db.selectFrom('org').select(['id', 'name', 'path', 'depth']).where('id', '=', q.orgId).executeTakeFirst();
  if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
  const settings = await loadStudySettings(deps.db);
  const targets = targetsFor(settings, q.year);
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const members = sql`
    select m.id, m.name, o.name as org_name, split_part(o.path, '/', ${org.depth + 3}) as child,
      (coalesce(m.party_post, '') ~ '书记|委员' or exists (
        select 1 from org_committee_member c where c.member_id = m.id and c.started_on <= ${to}::date and (c.ended_on is null or c.ended_on >= ${from}::date))) as cadre
    from member m join org o on o.id = m.org_id
    where ${inSubtree(sql.ref('o.path'), org.path)} and m.status = 'normal'`;
  const lines = unionOfLines({ memberIds: sql`select id from mem`, from, to, settings });
  const base = sql`
    with mem as (${members}),
    hrs as (select member_id, sum(hours) as h from (${lines}) l group by member_id),
    rows as (
      select mem.*, round(coalesce(hrs.h, 0)::numeric, 1)::float8 as hours,
        case when mem.cadre then ${targets.cadre}::float8 else ${targets.member}::float8 end as target
      from mem left join hrs on hrs.member_id = mem.id)`;
  const grouped = await sql<{ child: string; members: number; on_track: number }>`
    ${base} select child, count(*)::int as members, count(*) filter (where hours >= target)::int as on_track from rows group by child`.execute(deps.db);
  const childOrgs = await deps.db.selectFrom('org').select(['id', 'name', 'path']).where('parent_id', '=', org.id).orderBy('path').execute();
  const byChild = new Map(grouped.rows.map((r) => [r.child, r]));
  const totalMembers = grouped.rows.reduce((s, r) => s + r.members, 0);
  const totalOnTrack = grouped.rows.reduce((s, r) => s + r.on_track, 0);
  const where = [sql`true`];
  if (q.standing === 'on_track') where.push(sql`hours >= target`);
  if (q.standing === 'behind') where.push(sql`hours < target`);
  if (q.name) where.push(sql`name like ${`%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const page = await sql<{ id: number; name: string; org_name: string; cadre: boolean; hours: number; target: number; n: number }>`
    ${base} select id, name, org_name, cadre, hours, target, count(*) over ()::int as n from rows
    where ${sql.join(where, sql` and `)}
    order by hours - target, id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(deps.db);
  return {
    orgId: org.id,
    orgName: org.name,
    year: q.year,
    targets,
    summary: { members: totalMembers, onTrack: totalOnTrack, rate: rate(totalMembers, totalOnTrack) },
    children: childOrgs.map((c) => {
      const g = byChild.get(String(c.id));
      return { orgId: c.id, orgName: c.name, members: g?.members ?? 0, onTrack: g?.on_track ?? 0, rate: rate(g?.members ?? 0, g?.on_track ?? 0) };
    }),
    items: page.rows.map((r) => ({ memberId: r.id, name: r.name, orgName: r.org_name, cadre: r.cadre, hours: Number(r.hours), target: Number(r.target), onTrack: Number(r.hours) >= Number(r.target) })),
    total: page.rows[0]?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One member's 学时 with each line's source (SH-12): for readers of the member's organisation, or the member. */
export async function memberStudyHours(deps: AppDeps, ctx: RequestContext, memberId: number, year: number) {
  const m = await deps.db.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select(['m.id', 'm.name', 'm.party_post', 'o.path']).where('m.id', '=', memberId).executeTakeFirst();
  if (ctx.actor.memberId !== memberId) {
    const scope = studyReadScope(ctx.actor);
    if (!m || !pathInScope(scope, m.path)) throw notFound('党员');
  }
  if (!m) throw notFound('党员');
  const settings = await loadStudySettings(deps.db);
  const seat = await deps.db
    .selectFrom('org_committee_member')
    .select('id')
    .where('member_id', '=', memberId)
    .where('started_on', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', `${year}-01-01`)]))
    .executeTakeFirst();
  const cadre = isCadre(m.party_post, !!seat);
  const lines = await linesOf(deps.db, memberId, year, settings);
  const hours = countStudyHours(lines, year);
  const target = targetOf(cadre, targetsFor(settings, year));
  return {
    memberId,
    name: m.name,
    year,
    cadre,
    hours,
    target,
    onTrack: hours >= target,
    lines: lines.map((l) => ({ day: l.day, hours: l.hours, source: l.source, refId: l.ref_id, title: l.title })),
  };
}

/** The member's own 学时 this year (the phone). */
export async function myStudyHours(deps: AppDeps, ctx: RequestContext, year?: number) {
  const memberId = studySelf(ctx.actor);
  return memberStudyHours(deps, ctx, memberId, year ?? Number(localDate(ctx.now).slice(0, 4)));
}
