import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { isoDate, localDate, orgName, orgTypes, unitTypes, type OrgType } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { pathInScope, scopeFor } from '../../access/scope.ts';
import { validation } from '../../http/errors.ts';
import { audit } from '../audit/audit.service.ts';
import { cellText, parseDateText } from '../members/roster-cells.ts';
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
  { header: '任期开始日期', key: 'termStart', width: 12 },
  { header: '届满日期', key: 'termEnd', width: 12 },
  { header: '联系人', key: 'contact', width: 10 },
  { header: '联系电话', key: 'contactPhone', width: 14 },
] as const;
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
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function orgExport(deps: AppDeps, ctx: RequestContext): Promise<Buffer> {
  const orgs = await repo.listOrgs(deps.db, scopeFor(ctx.actor, 'org.read'), false);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb);
  const units = new Map((await repo.listUnits(deps.db)).map((u) => [u.id, u]));
  for (const o of orgs) {
    const unit = o.unit_id ? units.get(o.unit_id) : undefined;
    ws.addRow({ id: o.id, parentId: o.parent_id ?? '', parentName: (o.parent_id && names.get(o.parent_id)) || '', name: o.name, type: orgTypes.label(o.type as OrgType), unitName: unit?.name ?? '', unitType: unit ? unitTypes.label(unit.type as never) : '', foundedOn: o.founded_on ?? '', termStart: o.term_start ?? '', termEnd: o.term_end ?? '', contact: o.contact ?? '', contactPhone: o.contact_phone ?? '' });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readRows(buffer: Buffer): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.read(Readable.from(buffer));
  } catch {
    throw validation('无法读取文件，请上传 .xlsx 格式的 Excel 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw validation('文件中没有工作表');
  const index = new Map<number, Key>();
  ws.getRow(1).eachCell((cell, i) => {
    const col = COLUMNS.find((c) => c.header === cellText(cell.value));
    if (col) index.set(i, col.key);
  });
  if (![...index.values()].includes('name') || ![...index.values()].includes('type')) throw validation('表头缺少“组织名称”或“组织类别”列，请使用系统提供的模板');
  const rows: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const row: Row = { row: n };
    for (const [i, key] of index) row[key] = cellText(r.getCell(i).value);
    if (COLUMNS.some((c) => row[c.key])) rows.push(row);
  });
  if (rows.length > 20_000) throw validation('一次最多导入20000个组织');
  return rows;
}

type Planned = { row: number; id?: number; parent: { id?: number; row?: number }; name: string; type: OrgType; unitName?: string; unitType?: string; foundedOn?: string; termStart?: string; termEnd?: string; contact?: string; contactPhone?: string };

function checkRow(r: Row, errors: OrgImportError[]): Omit<Planned, 'parent'> | null {
  const before = errors.length;
  const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
  const name = orgName('组织名称').safeParse(r.name ?? '');
  if (!name.success) err('组织名称', name.error.issues[0].message);
  const type = orgTypes.fromLabel(r.type ?? '');
  if (!type) err('组织类别', `应为：${orgTypes.options.map((o) => o.label).join('/')}`);
  const dates: Record<string, string | undefined> = {};
  for (const [key, header] of [['foundedOn', '成立日期'], ['termStart', '任期开始日期'], ['termEnd', '届满日期']] as const) {
    if (!r[key]) continue;
    const d = parseDateText(r[key]!);
    if (!d || !isoDate.safeParse(d).success) err(header, '日期格式应为 YYYY-MM-DD');
    dates[key] = d ?? undefined;
  }
  if (dates.termStart && dates.termEnd && dates.termEnd <= dates.termStart) err('届满日期', '届满日期应晚于任期开始日期');
  if (r.unitType && !unitTypes.fromLabel(r.unitType)) err('单位类型', `应为：${unitTypes.options.map((o) => o.label).join('/')}`);
  if (r.id && !/^\d+$/.test(r.id)) err('组织编号', '应为数字');
  if (r.parentId && !/^\d+$/.test(r.parentId)) err('上级组织编号', '应为数字');
  for (const [key, header] of [['contact', '联系人'], ['contactPhone', '联系电话'], ['unitName', '所在单位']] as const) {
    if ((r[key]?.length ?? 0) > 100 || /[<>]/.test(r[key] ?? '')) err(header, '内容过长或含有尖括号');
  }
  if (errors.length > before) return null;
  return { row: r.row, id: r.id ? Number(r.id) : undefined, name: name.data!, type: type!, unitName: r.unitName || undefined, unitType: r.unitType ? unitTypes.fromLabel(r.unitType) : undefined, foundedOn: dates.foundedOn, termStart: dates.termStart, termEnd: dates.termEnd, contact: r.contact || undefined, contactPhone: r.contactPhone || undefined };
}

/** Checks every row against the tree the caller may change; writes only a file without errors. */
export async function importOrgs(deps: AppDeps, ctx: RequestContext, buffer: Buffer) {
  const rows = await readRows(buffer);
  if (!rows.length) throw validation('文件中没有数据行');
  const scope = scopeFor(ctx.actor, 'org.write');
  const existing = new Map((await repo.listOrgs(deps.db, scope, false)).map((o) => [o.id, o]));
  const errors: OrgImportError[] = [];
  const planned: Planned[] = [];
  const byNameInFile = new Map<string, number>();
  for (const r of rows) {
    const checked = checkRow(r, errors);
    let parent: Planned['parent'] = {};
    if (r.parentId) {
      if (!existing.has(Number(r.parentId))) errors.push({ row: r.row, column: '上级组织编号', message: '上级组织不存在或不在您的管理范围内' });
      parent = { id: Number(r.parentId) };
    } else if (r.parentName) {
      const earlier = byNameInFile.get(r.parentName);
      const inTree = [...existing.values()].filter((o) => o.name === r.parentName);
      if (earlier) parent = { row: earlier };
      else if (inTree.length === 1) parent = { id: inTree[0].id };
      else errors.push({ row: r.row, column: '上级组织名称', message: inTree.length > 1 ? '上级组织重名，请填写上级组织编号' : '上级组织未找到（须为系统中已有组织或本文件中前面的行）' });
    } else if (!r.id) errors.push({ row: r.row, column: '上级组织编号', message: '新组织须填写上级组织编号或名称' });
    if (r.id && !existing.has(Number(r.id))) errors.push({ row: r.row, column: '组织编号', message: '组织不存在或不在您的管理范围内' });
    if (r.id && existing.get(Number(r.id))?.parent_id === null && (r.parentId || r.parentName)) errors.push({ row: r.row, column: '上级组织编号', message: '根组织不能移动' });
    if (checked && !r.id) {
      if (byNameInFile.has(checked.name)) errors.push({ row: r.row, column: '组织名称', message: `与第${byNameInFile.get(checked.name)}行重名` });
      byNameInFile.set(checked.name, r.row);
    }
    if (checked) planned.push({ ...checked, parent });
  }
  if (errors.length) return { ok: false as const, errors, total: rows.length };
  return deps.db.transaction().execute(async (trx) => {
    const createdByRow = new Map<number, { id: number; path: string; depth: number }>();
    const unitIds = new Map((await repo.listUnits(trx)).map((u) => [u.name, u.id]));
    let created = 0;
    let updated = 0;
    for (const p of planned) {
      let unitId: number | null = null;
      if (p.unitName) {
        if (!unitIds.has(p.unitName)) {
          const { id } = await trx.insertInto('unit').values({ name: p.unitName, type: p.unitType ?? 'organ', credit_code: null, created_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
          unitIds.set(p.unitName, id);
        }
        unitId = unitIds.get(p.unitName)!;
      }
      const fields = { name: p.name, type: p.type, unit_id: unitId, founded_on: p.foundedOn ?? null, term_start: p.termStart ?? null, term_end: p.termEnd ?? null, contact: p.contact ?? null, contact_phone: p.contactPhone ?? null };
      if (p.id) {
        const before = existing.get(p.id)!;
        await repo.updateOrg(trx, p.id, { ...fields, founded_on: p.foundedOn ?? before.founded_on }, ctx.now);
        await audit(trx, ctx, { action: 'org.import_update', entityType: 'org', entityId: p.id, before: { name: before.name, type: before.type }, after: fields });
        updated++;
        continue;
      }
      const parent = p.parent.row ? createdByRow.get(p.parent.row)! : existing.get(p.parent.id!)!;
      if (!pathInScope(scope, parent.path)) throw validation(`第${p.row}行：上级组织不在您的管理范围内`);
      const id = await repo.insertOrg(trx, { parent, name: p.name, type: p.type, unitId, foundedOn: p.foundedOn ?? localDate(ctx.now), termStart: p.termStart ?? null, termEnd: p.termEnd ?? null, contact: p.contact ?? null, contactPhone: p.contactPhone ?? null, now: ctx.now });
      createdByRow.set(p.row, { id, path: `${parent.path}${id}/`, depth: parent.depth + 1 });
      await audit(trx, ctx, { action: 'org.import_create', entityType: 'org', entityId: id, after: { ...fields, parentId: 'id' in parent ? parent.id : null } });
      created++;
    }
    return { ok: true as const, created, updated, total: planned.length };
  });
}
