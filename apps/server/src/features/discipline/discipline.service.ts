import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import {
  DISCIPLINE_KIND_RULES,
  defaultEffectiveUntil,
  disciplineMachine,
  localDate,
  memberStatuses,
  type DisciplineInput,
  type DisciplineKind,
  type DisciplineListQuery,
  type DisciplineRevokeInput,
  type DisciplineUpdateInput,
  type disciplineDto,
  type z,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canWriteDiscipline, disciplineReadScope, disciplineWriteScope } from '../../access/discipline-policy.ts';
import { inSubtree, orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { guardedStatus } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import { invalidateMemberCounts, lockMember, recordStatusChange } from '../members/index.ts';

type Dto = z.output<typeof disciplineDto>;

/** The register's rows with the member's name and the organisation (at the time of the decision), within a scope. */
function records(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('discipline_record as d')
    .innerJoin('member as m', 'm.id', 'd.member_id')
    .innerJoin('org as o', 'o.id', 'd.org_id')
    // The unit (the organisation right below the root) names the record: many units have a 综合处党支部.
    .leftJoin('org as u', (j) => j.on(sql`u.id`, '=', sql`nullif(split_part(o.path, '/', 3), '')::int`).on('u.id', '<>', sql.ref('o.id')))
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('d')
    .select(['m.name as member_name', 'o.name as org_name', 'o.path as org_path', 'u.name as unit_name']);
}
type Row = Awaited<ReturnType<ReturnType<typeof records>['executeTakeFirstOrThrow']>>;

function toDto(r: Row, today: string): Dto {
  const kind = r.kind as DisciplineKind;
  const rule = DISCIPLINE_KIND_RULES[kind];
  const status = r.status as Dto['status'];
  const inEffect = status === 'effective' && rule.category !== 'talk' && r.effective_from <= today && (r.effective_until === null || today <= r.effective_until);
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    orgId: r.org_id,
    orgName: r.org_name,
    unitName: r.unit_name,
    kind,
    category: rule.category,
    severity: r.referred_to_judiciary && rule.severity ? 'judicial' : rule.severity,
    decidedOn: r.decided_on,
    effectiveFrom: r.effective_from,
    effectiveUntil: r.effective_until,
    inEffect,
    decidedBy: r.decided_by,
    documentNo: r.document_no,
    caseNo: r.case_no,
    referredToJudiciary: r.referred_to_judiciary,
    summary: r.summary,
    status,
    revokedOn: r.revoked_on,
    revokedReason: r.revoked_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The register, paged and filtered in the database. Every read is itself audited (who looked at
 * which page of whose records): the register is the most sensitive data the system holds.
 */
export async function listDiscipline(deps: AppDeps, ctx: RequestContext, q: DisciplineListQuery) {
  const scope = disciplineReadScope(ctx.actor);
  const today = localDate(ctx.now);
  let query = records(deps.db, scope);
  if (q.orgId) {
    const org = await findOrg(deps.db, scope, q.orgId);
    if (!org) throw notFound('组织');
    query = query.where((eb) => inSubtree(eb.ref('o.path'), org.path));
  }
  if (q.memberId) query = query.where('d.member_id', '=', q.memberId);
  if (q.category) query = query.where('d.category', '=', q.category);
  if (q.status) query = query.where('d.status', '=', q.status);
  if (q.year) query = query.where('d.decided_on', '>=', `${q.year}-01-01`).where('d.decided_on', '<=', `${q.year}-12-31`);
  if (q.inEffect === 'true') query = query.where((eb) => inEffectSql(eb, today));
  if (q.inEffect === 'false') query = query.where((eb) => eb.not(inEffectSql(eb, today)));
  const [{ total }, rows] = await Promise.all([
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query.orderBy('d.decided_on', 'desc').orderBy('d.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  await deps.db.transaction().execute((trx) =>
    audit(trx, ctx, { action: 'discipline.list_read', entityType: 'discipline_record', after: { filter: { ...q }, shown: rows.map((r) => r.id) } }),
  );
  return { items: rows.map((r) => toDto(r, today)), total: Number(total), page: q.page, pageSize: q.pageSize, canWrite: canWriteDiscipline(ctx.actor) };
}

// The joined query's builder (d = discipline_record): `any` keeps the signature readable.
function inEffectSql(eb: ExpressionBuilder<any, any>, today: string) {
  return eb.and([
    eb('d.status', '=', 'effective'),
    eb('d.category', '<>', 'talk'),
    eb('d.effective_from', '<=', today),
    eb.or([eb('d.effective_until', 'is', null), eb('d.effective_until', '>=', today)]),
  ]);
}

export async function getDiscipline(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = disciplineReadScope(ctx.actor);
  const row = await records(deps.db, scope).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('处分记录');
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'discipline.read', entityType: 'discipline_record', entityId: id }));
  return toDto(row, localDate(ctx.now));
}

/** The columns of a record from the input: category from the kind, the period from the kind unless given. */
function columnsOf(input: DisciplineUpdateInput) {
  const rule = DISCIPLINE_KIND_RULES[input.kind];
  const from = rule.category === 'talk' ? input.decidedOn : (input.effectiveFrom ?? input.decidedOn);
  const until = rule.category === 'talk' || rule.months === null ? null : input.effectiveUntil === undefined ? defaultEffectiveUntil(input.kind, from) : input.effectiveUntil;
  if (until !== null && until < from) throw validation('影响期结束日期不能早于开始日期', [{ field: 'effectiveUntil', message: '影响期结束日期不能早于开始日期' }]);
  return {
    kind: input.kind,
    category: rule.category,
    decided_on: input.decidedOn,
    effective_from: from,
    effective_until: until,
    decided_by: input.decidedBy,
    document_no: input.documentNo ?? '',
    case_no: input.caseNo ?? '',
    referred_to_judiciary: input.referredToJudiciary ?? false,
    summary: input.summary,
  };
}

function checkDates(input: { decidedOn: string }, today: string) {
  if (input.decidedOn > today) throw validation('决定（约谈）日期不能晚于今天', [{ field: 'decidedOn', message: '决定（约谈）日期不能晚于今天' }]);
}

/**
 * 登记: a sanction or a talk of a member in the keeper's subtree, counted against the member's
 * organisation of the day. 开除党籍 ends membership: the member's status becomes 出党 through the
 * roster's own status history, in the same transaction (DC-5).
 */
const EXPULSION_REASON = '开除党籍（纪律处分）';

/**
 * The status the member had before the expulsion: the from-status of the latest history row the
 * register's expulsion wrote (DC-5). 正常 when there is none (a member expelled before the history
 * was kept, or a row without a from-status).
 */
async function statusBeforeExpulsion(trx: Kysely<DB>, memberId: number): Promise<string> {
  const row = await trx
    .selectFrom('member_status_history')
    .select('from_status')
    .where('member_id', '=', memberId)
    .where('to_status', '=', 'expelled')
    .where('reason', '=', EXPULSION_REASON)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const from = row?.from_status;
  return from && from !== 'expelled' && (memberStatuses.values as readonly string[]).includes(from) ? from : 'normal';
}

export async function createDiscipline(deps: AppDeps, ctx: RequestContext, input: DisciplineInput) {
  const scope = disciplineWriteScope(ctx.actor);
  const today = localDate(ctx.now);
  checkDates(input, today);
  const id = await deps.db
    .transaction()
    .execute(async (trx) => {
      const member = await lockMember(trx, scope, input.memberId);
      if (!member) throw notFound('党员');
      const columns = columnsOf(input);
      if (DISCIPLINE_KIND_RULES[input.kind].endsMembership) {
        if (member.status === 'expelled') throw conflict('该党员已是“出党”状态，不能再登记开除党籍');
        if (member.status !== 'normal' && member.status !== 'suspended') throw conflict(`该党员当前为“${memberStatuses.label(member.status as never)}”，不能登记开除党籍`);
        await recordStatusChange(trx, ctx, member, { status: 'expelled', changedOn: input.decidedOn, reason: EXPULSION_REASON });
      }
      const { id } = await trx
        .insertInto('discipline_record')
        .values({ member_id: member.id, org_id: member.org_id, ...columns, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'discipline.create', entityType: 'discipline_record', entityId: id, after: { memberId: member.id, orgId: member.org_id, ...columns } });
      return id;
    })
    .finally(invalidateMemberCounts);
  return dtoOf(deps, scope, id, today);
}

async function dtoOf(deps: AppDeps, scope: Scope, id: number, today: string) {
  return toDto(await records(deps.db, scope).where('d.id', '=', id).executeTakeFirstOrThrow(), today);
}

async function lockRecord(trx: Kysely<DB>, scope: Scope, id: number) {
  const row = await records(trx, scope).where('d.id', '=', id).forUpdate('d').executeTakeFirst();
  if (!row) throw notFound('处分记录');
  return row;
}

/** 修改: correct an effective record; whether it ended membership cannot change (revoke and record anew). */
export async function updateDiscipline(deps: AppDeps, ctx: RequestContext, id: number, input: DisciplineUpdateInput) {
  const scope = disciplineWriteScope(ctx.actor);
  const today = localDate(ctx.now);
  checkDates(input, today);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockRecord(trx, scope, id);
    if (!disciplineMachine.allows('edit', row.status)) throw conflict(disciplineMachine.refusal('edit', row.status));
    const was = !!DISCIPLINE_KIND_RULES[row.kind as DisciplineKind].endsMembership;
    if (was !== !!DISCIPLINE_KIND_RULES[input.kind].endsMembership) throw conflict('开除党籍与其他种类之间不能直接修改，请撤销该记录后重新登记');
    const columns = columnsOf(input);
    await guardedStatus(trx, 'discipline_record', id, 'effective', { ...columns, updated_at: ctx.now }, disciplineMachine.refusal('edit', row.status));
    const { member_name: _m, org_name: _o, org_path: _p, unit_name: _u, ...before } = row;
    await audit(trx, ctx, { action: 'discipline.update', entityType: 'discipline_record', entityId: id, before, after: columns });
  });
  return dtoOf(deps, scope, id, today);
}

/**
 * 撤销: a record found wrong (申诉、复查) is revoked with a reason, never deleted. Revoking an
 * expulsion restores the member to 正常 through the status history — if the member is still 出党.
 */
export async function revokeDiscipline(deps: AppDeps, ctx: RequestContext, id: number, input: DisciplineRevokeInput) {
  const scope = disciplineWriteScope(ctx.actor);
  const today = localDate(ctx.now);
  if (input.revokedOn > today) throw validation('撤销日期不能晚于今天', [{ field: 'revokedOn', message: '撤销日期不能晚于今天' }]);
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const row = await lockRecord(trx, scope, id);
      if (!disciplineMachine.allows('revoke', row.status)) throw conflict(disciplineMachine.refusal('revoke', row.status));
      if (input.revokedOn < row.decided_on) throw validation('撤销日期不能早于决定日期', [{ field: 'revokedOn', message: '撤销日期不能早于决定日期' }]);
      await guardedStatus(trx, 'discipline_record', id, 'effective', { status: 'revoked', revoked_on: input.revokedOn, revoked_reason: input.reason, revoked_by: ctx.actor.userId, updated_at: ctx.now }, disciplineMachine.refusal('revoke', row.status));
      if (DISCIPLINE_KIND_RULES[row.kind as DisciplineKind].endsMembership) {
        const member = await lockMember(trx, scope, row.member_id);
        if (member?.status === 'expelled') {
          const restored = await statusBeforeExpulsion(trx, member.id);
          await recordStatusChange(trx, ctx, member, { status: restored, changedOn: input.revokedOn, reason: `撤销开除党籍处分：${input.reason}` });
        }
      }
      await audit(trx, ctx, { action: 'discipline.revoke', entityType: 'discipline_record', entityId: id, before: { status: row.status }, after: { status: 'revoked', revokedOn: input.revokedOn, reason: input.reason } });
    })
    .finally(invalidateMemberCounts);
  return dtoOf(deps, scope, id, today);
}

/** Members of the keeper's subtree by name (for the 登记 form): name, organisation and status only. */
export async function searchMembers(deps: AppDeps, ctx: RequestContext, q: string) {
  const scope = disciplineWriteScope(ctx.actor);
  const rows = await deps.db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .where('m.name', 'like', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .select(['m.id', 'm.name', 'm.status', 'o.name as org_name'])
    .orderBy(sql`m.name`)
    .limit(20)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, name: r.name, orgName: r.org_name, status: r.status })) };
}
