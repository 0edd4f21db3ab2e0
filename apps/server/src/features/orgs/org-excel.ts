import ExcelJS from 'exceljs';
import { orgCreateInput, orgTypes, unitTypes, UNSAFE_TEXT, type OrgType } from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { seesOrgPeople, withoutPeople } from '../../access/org-policy.ts';
import { pathInScope, scopeFor, systemScope } from '../../access/scope.ts';
import { AppError, validation } from '../../http/errors.ts';
import { ORG_TREE_LIMITS, readRowsByHeader } from '../../http/xlsx.ts';
import { invalidateMemberCounts } from '../members/index.ts';
import { checkNewOrg, checkOrgChange, orgColumnsOf, toOrgDto } from './orgs.service.ts';
import { writeTree } from './org-import-writer.ts';
import { randomUUID } from 'node:crypto';
import { audit } from '../audit/index.ts';
import { addInstructions, parseDateCell } from '../../lib/excel-cells.ts';
import * as repo from './orgs.repository.ts';

// The organisation tree as a sheet: one row per organisation, parents before children. Existing
// organisations are matched by 组织编号 and updated; rows without one are created under the
// parent named by 上级组织编号 (existing) or 上级组织名称 (a row earlier in the same file).

const COLUMNS = [
  { header: '组织编号', key: 'id', width: 10 },
  { header: '上级组织编号', key: 'parentId', width: 12 },
  { header: '上级组织名称', key: 'parentName', width: 26 },
  { header: '组织名称', key: 'name', width: 26 },
  { header: '组织类别', key: 'type', width: 12 },
  { header: '所在单位', key: 'unitName', width: 24 },
  { header: '单位类型', key: 'unitType', width: 10 },
  { header: '成立日期', key: 'foundedOn', width: 12 },
  { header: '启用日期', key: 'goLiveOn', width: 12 },
  { header: '任期开始日期', key: 'termStart', width: 12 },
  { header: '届满日期', key: 'termEnd', width: 12 },
  { header: '联系人', key: 'contact', width: 10 },
  { header: '联系电话', key: 'contactPhone', width: 14 },
] as const;
const UNKNOWN_FOUNDING = '不详';
const INHERITED_GO_LIVE = '沿用上级';

type Key = (typeof COLUMNS)[number]['key'];
type Row = { row: number } & Partial<Record<Key, string>>;
export type OrgImportError = { row: number; column: string; message: string };

function sheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet('党组织');
  ws.columns = COLUMNS.map((c) => ({ ...c }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

export async function orgTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb);
  ws.getRow(1).getCell(5).note = `可选值：${orgTypes.options.map((o) => o.label).join('/')}`;
  ws.getRow(1).getCell(7).note = `可选值：${unitTypes.options.map((o) => o.label).join('/')}；单位不存在时按此类型新建`;
  ws.getRow(1).getCell(1).note = '已有组织填写编号则更新；新组织留空';
  addInstructions(wb, [
    '第一行为表头，请勿修改；“组织名称”“组织类别”必填。',
    '新组织：“组织编号”留空，填写“上级组织编号”（组织页面可见）或“上级组织名称”；上级组织可以是系统中已有的组织，也可以是本文件中写在前面的行。',
    '修改已有组织：填写其“组织编号”，只改写所填的列，留空的列保持不变。建议先“导出”现有组织树，在导出的表上修改后再导入。',
    `组织类别可选：${orgTypes.options.map((o) => o.label).join('、')}；党支部须在党委、党总支或工委之下，党小组须在党支部之下。`,
    `成立日期：确实不知道时填写“${UNKNOWN_FOUNDING}”；新组织留空也视为不详。系统不会把导入当天当作成立日期。早于成立日期的活动不能登记。`,
    `启用日期：从哪一天起由本系统考核该组织的“三会一课”等要求。留空或填“${INHERITED_GO_LIVE}”则沿用上级组织的启用日期，上级也未设置时沿用全市启用日期；启用日期之前的月份显示“未启用”，不计逾期。`,
    '日期格式为 YYYY-MM-DD（如 2019-07-01），也可写 2019/7/1 或 2019年7月1日；不存在的日期（如 2019-02-30）会被指出。',
    '任一行有误则整个文件不导入，并列出每一个有误的行与列；改正后重新导入即可。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The visible tree as a sheet; the export is audited. */
export async function orgExport(deps: AppDeps, ctx: RequestContext): Promise<Buffer> {
  requirePermission(ctx.actor, 'org.read');
  const orgs = await repo.listOrgs(deps.db, scopeFor(ctx.actor, 'org.read'), false);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb);
  const units = new Map((await repo.listUnits(deps.db)).map((u) => [u.id, u]));
  for (const row of orgs) {
    const o = seesOrgPeople(ctx.actor, row.path) ? row : withoutPeople(row);
    const unit = o.unit_id ? units.get(o.unit_id) : undefined;
    ws.addRow({ id: o.id, parentId: o.parent_id ?? '', parentName: (o.parent_id && names.get(o.parent_id)) || '', name: o.name, type: orgTypes.label(o.type as OrgType), unitName: unit?.name ?? '', unitType: unit ? unitTypes.label(unit.type as never) : '', foundedOn: o.founded_on ?? UNKNOWN_FOUNDING, goLiveOn: o.go_live_on ?? INHERITED_GO_LIVE, termStart: o.term_start ?? '', termEnd: o.term_end ?? '', contact: o.contact ?? '', contactPhone: o.contact_phone ?? '' });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'org.export', entityType: 'org', after: { rows: orgs.length } }));
  return buffer;
}

/** The first sheet's rows by header (in a worker, within ORG_TREE_LIMITS), blank rows left out. */
async function readRows(buffer: Buffer): Promise<Row[]> {
  const { keys, rows } = await readRowsByHeader(buffer, ORG_TREE_LIMITS, COLUMNS);
  if (!keys.has('name') || !keys.has('type')) throw validation('表头缺少“组织名称”或“组织类别”列，请使用系统提供的模板');
  return rows;
}

type Fields = { name: string; type: OrgType; foundedOn?: string | null; goLiveOn?: string | null; termStart?: string; termEnd?: string; contact?: string; contactPhone?: string | null };
type Planned = { row: number; fields: Fields; unitName?: string; unitType?: string } & (
  | { kind: 'update'; org: repo.OrgRecord }
  | { kind: 'create'; parent: { id?: number; row?: number } }
);

const HEADER_OF: Record<string, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header]));

/**
 * One row's cells → the fields of the API's own contract (orgCreateInput): the same zod schema
 * checks names, dates, contact and phone as for a form. Labels (组织类别, 单位类型) and typed dates
 * are read first, with messages that name what the cell should hold.
 */
function rowFields(r: Row, err: (column: string, message: string) => void): Fields | null {
  let ok = true;
  const fail = (column: string, message: string) => {
    ok = false;
    err(column, message);
  };
  const type = orgTypes.fromLabel(r.type ?? '');
  if (!type) fail('组织类别', `应为：${orgTypes.options.map((o) => o.label).join('/')}`);
  const dates: Record<string, string | null | undefined> = {};
  // Written words for "no date": 成立日期 不详 (unknown), 启用日期 沿用上级 (inherits, GO-1).
  if (r.foundedOn === UNKNOWN_FOUNDING) dates.foundedOn = null;
  if (r.goLiveOn === INHERITED_GO_LIVE) dates.goLiveOn = null;
  for (const key of ['foundedOn', 'goLiveOn', 'termStart', 'termEnd'] as const) {
    if (!r[key] || dates[key] === null) continue;
    const d = parseDateCell(r[key]!);
    if (!d.ok) fail(HEADER_OF[key], d.message);
    dates[key] = d.ok ? d.day : undefined;
  }
  if (r.unitType && !unitTypes.fromLabel(r.unitType)) fail('单位类型', `应为：${unitTypes.options.map((o) => o.label).join('/')}`);
  if (r.unitName && (r.unitName.length > 100 || /[<>]/.test(r.unitName) || UNSAFE_TEXT.test(r.unitName))) fail('所在单位', '内容过长或含有尖括号、控制字符');
  if (r.id && !/^\d+$/.test(r.id)) fail('组织编号', '应为数字');
  if (r.parentId && !/^\d+$/.test(r.parentId)) fail('上级组织编号', '应为数字');
  const candidate = { parentId: 1, name: r.name ?? '', type: type ?? 'branch', ...dates, contact: r.contact || undefined, contactPhone: r.contactPhone || undefined };
  const parsed = orgCreateInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'name');
      fail(HEADER_OF[key] ?? '组织名称', issue.message);
    }
  }
  if (!ok || !parsed.success) return null;
  const { parentId: _p, unitId: _u, ...fields } = parsed.data;
  return fields as Fields;
}

/** Where a row's business rule points: the column of the field its error names (details.field). */
function columnOf(e: AppError, fallback: string) {
  const field = (e.details as { field?: string } | undefined)?.field;
  return (field && HEADER_OF[field]) || fallback;
}

type ErrFn = (column: string, message: string) => void;

/** Resolves a new row's parent: an existing organisation by number or name, or an earlier row by name. */
function parentOf(r: Row, existing: Map<number, repo.OrgRecord>, byNameInFile: Map<string, number>, err: ErrFn): { id?: number; row?: number } | null {
  if (r.parentId) {
    if (existing.has(Number(r.parentId))) return { id: Number(r.parentId) };
    err('上级组织编号', '上级组织不存在或不在您的管理范围内');
    return null;
  }
  if (!r.parentName) {
    err('上级组织编号', '新组织须填写上级组织编号或名称');
    return null;
  }
  const earlier = byNameInFile.get(r.parentName);
  if (earlier) return { row: earlier };
  const inTree = [...existing.values()].filter((o) => o.name === r.parentName);
  if (inTree.length === 1) return { id: inTree[0].id };
  err('上级组织名称', inTree.length > 1 ? '上级组织重名，请填写上级组织编号' : '上级组织未找到（须为系统中已有组织或本文件中前面的行）');
  return null;
}

/** Reads every row into a plan; reports every bad cell (format and contract). */
function planRows(rows: Row[], existing: Map<number, repo.OrgRecord>, errors: OrgImportError[]): Planned[] {
  const planned: Planned[] = [];
  const byNameInFile = new Map<string, number>();
  for (const r of rows) {
    const err: ErrFn = (column, message) => errors.push({ row: r.row, column, message });
    const fields = rowFields(r, err);
    const extra = { unitName: r.unitName || undefined, unitType: r.unitType ? unitTypes.fromLabel(r.unitType) : undefined };
    if (r.id) {
      const org = existing.get(Number(r.id));
      if (!org) err('组织编号', '组织不存在或不在您的管理范围内');
      else if (org.parent_id === null && (r.parentId || r.parentName)) err('上级组织编号', '根组织不能移动');
      if (org && fields) planned.push({ row: r.row, kind: 'update', org, fields, ...extra });
      continue;
    }
    const parent = parentOf(r, existing, byNameInFile, err);
    if (fields) {
      if (byNameInFile.has(fields.name)) err('组织名称', `与第${byNameInFile.get(fields.name)}行重名`);
      byNameInFile.set(fields.name, r.row);
    }
    if (fields && parent) planned.push({ row: r.row, kind: 'create', parent, fields, ...extra });
  }
  return planned;
}

/**
 * The business rules of the API (checkNewOrg, checkOrgChange — ORG-* nesting, type changes,
 * dissolved organisations, terms), applied to every planned row against the tree as it will be.
 */
async function checkPlan(deps: AppDeps, ctx: RequestContext, planned: Planned[], existing: Map<number, repo.OrgRecord>, errors: OrgImportError[]) {
  const typeAfter = new Map<number, OrgType>(planned.flatMap((p) => (p.kind === 'update' ? [[p.org.id, p.fields.type] as const] : [])));
  const rowType = new Map(planned.map((p) => [p.row, p.fields.type]));
  const newChildTypes = new Map<number, OrgType[]>();
  for (const p of planned) {
    if (p.kind === 'create' && p.parent.id) newChildTypes.set(p.parent.id, [...(newChildTypes.get(p.parent.id) ?? []), p.fields.type]);
  }
  for (const p of planned) {
    try {
      if (p.kind === 'update') {
        await checkOrgChange(deps.db, ctx, p.org, p.fields, { typeAfter, newChildTypes });
      } else {
        const parentType = p.parent.row ? rowType.get(p.parent.row)! : (typeAfter.get(p.parent.id!) ?? (existing.get(p.parent.id!)!.type as OrgType));
        const dissolved = p.parent.id ? existing.get(p.parent.id)!.dissolved_on : null;
        checkNewOrg(ctx, { type: parentType, dissolved_on: dissolved }, p.fields);
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ row: p.row, column: columnOf(e, '组织类别'), message: e.message });
    }
  }
}

/** The unit named on a row: found by name, or created (audited) with the row's unit type. */
async function unitIdOf(trx: Kysely<DB>, ctx: RequestContext, p: Planned, unitIds: Map<string, number>) {
  if (!p.unitName) return undefined;
  if (!unitIds.has(p.unitName)) {
    const values = { name: p.unitName, type: p.unitType ?? 'organ', credit_code: null, created_at: ctx.now };
    const { id } = await trx.insertInto('unit').values(values).returning('id').executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'unit.create', entityType: 'unit', entityId: id, after: { name: values.name, type: values.type, source: 'org import' } });
    unitIds.set(p.unitName, id);
  }
  return unitIds.get(p.unitName)!;
}

/** Writes one planned row (update or create) with its audit record; returns the new organisation's place. */
async function writeRow(trx: Kysely<DB>, ctx: RequestContext, p: Planned, unitId: number | undefined, parentPlace: { id: number; path: string; depth: number } | null) {
  if (p.kind === 'update') {
    // Read again inside the transaction: the journal keeps the row as this write found it.
    const before = (await repo.findOrg(trx, systemScope('import before'), p.org.id))!;
    await repo.updateOrg(trx, p.org.id, { ...orgColumnsOf(p.fields), ...(unitId !== undefined ? { unit_id: unitId } : {}) }, ctx.now);
    const after = (await repo.findOrg(trx, systemScope('just imported'), p.org.id))!;
    await audit(trx, ctx, { action: 'org.import_update', entityType: 'org', entityId: p.org.id, before: toOrgDto(before), after: toOrgDto(after) });
    return { id: p.org.id, path: before.path, depth: before.depth, created: false, before };
  }
  const parent = parentPlace!;
  const f = p.fields;
  const id = await repo.insertOrg(trx, { parent, name: f.name, type: f.type, unitId: unitId ?? null, foundedOn: f.foundedOn ?? null, goLiveOn: f.goLiveOn ?? null, termStart: f.termStart ?? null, termEnd: f.termEnd ?? null, contact: f.contact ?? null, contactPhone: f.contactPhone ?? null, now: ctx.now });
  const after = (await repo.findOrg(trx, systemScope('just imported'), id))!;
  await audit(trx, ctx, { action: 'org.import_create', entityType: 'org', entityId: id, after: toOrgDto(after) });
  return { id, path: `${parent.path}${id}/`, depth: parent.depth + 1, created: true, before: null };
}

/** Checks every row against the tree the caller may change; writes only a file without errors, all in one transaction. */
export async function importOrgs(deps: AppDeps, ctx: RequestContext, receive: () => Promise<Buffer>) {
  requirePermission(ctx.actor, 'org.write');
  const rows = await readRows(await receive());
  if (!rows.length) throw validation('文件中没有数据行');
  const scope = scopeFor(ctx.actor, 'org.write');
  const existing = new Map((await repo.listOrgs(deps.db, scope, false)).map((o) => [o.id, o as repo.OrgRecord]));
  const errors: OrgImportError[] = [];
  const planned = planRows(rows, existing, errors);
  if (!errors.length) await checkPlan(deps, ctx, planned, existing, errors);
  if (errors.length) {
    await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'org.import_rejected', entityType: 'org', after: { rows: rows.length, errors: errors.length } }));
    return { ok: false as const, errors: errors.sort((a, b) => a.row - b.row), total: rows.length };
  }
  // One writer per row, in file order (parents before their children), through org-import-writer.ts:
  // one transaction on PostgreSQL, journaled chunks on PGlite.
  const createdByRow = new Map<number, { id: number; path: string; depth: number }>();
  let unitIds: Map<string, number> | undefined;
  try {
    await writeTree(deps, ctx, randomUUID(), planned.length, async (trx, i) => {
      const p = planned[i];
      unitIds ??= new Map((await repo.listUnits(trx)).map((u) => [u.name, u.id]));
      const parentPlace = p.kind === 'create' ? (p.parent.row ? createdByRow.get(p.parent.row)! : existing.get(p.parent.id!)!) : null;
      if (parentPlace && !pathInScope(scope, parentPlace.path)) throw validation(`第${p.row}行：上级组织不在您的管理范围内`);
      const place = await writeRow(trx, ctx, p, await unitIdOf(trx, ctx, p, unitIds), parentPlace);
      if (place.created) createdByRow.set(p.row, place);
      return { orgId: place.id, created: place.created, before: place.before };
    });
  } finally {
    invalidateMemberCounts();
  }
  const created = planned.filter((p) => p.kind === 'create').length;
  return { ok: true as const, created, updated: planned.length - created, total: planned.length };
}
