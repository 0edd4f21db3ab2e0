import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { memberCreateInput, normalizeIdNumber, type MemberCreateInput, type OrgType } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { orgPathInScope, pathInScope, scopeFor } from '../../access/scope.ts';
import { conflict, validation } from '../../http/errors.ts';
import { readFirstSheet, ROSTER_LIMITS } from '../../http/xlsx.ts';
import { revertImport, startJob, writeInChunks, writeInOneTransaction, type ExistingMember, type ImportColumns } from './member-import-writer.ts';
import { audit } from '../audit/index.ts';
import { memberColumns, MEMBER_ORG_TYPES } from './member-mapping.ts';
import { ROSTER_COLUMNS, type RosterColumn } from './roster-columns.ts';
import { invalidateMemberCounts } from './member-count-cache.ts';
import { cellText, parseBool, parseDateCell } from '../../lib/excel-cells.ts';

export const MAX_IMPORT_ROWS = 100_000;
const BATCH = 1000;

export type ImportError = { row: number; column: string; message: string };
export type ImportProgress = { phase: 'reading' | 'validating' | 'importing' | 'done'; processed: number; total: number };
export type ImportResult = { ok: true; created: number; updated: number; total: number } | { ok: false; errors: ImportError[]; total: number };

type RawRow = { row: number; cells: Record<string, string | Date | number> };

/**
 * Reads the first sheet and maps columns by their header text. read-excel-file, not exceljs's
 * streaming reader: that one splits multi-byte characters at chunk boundaries (exceljs #2063),
 * which garbles one Chinese name in a few thousand.
 */
async function readRoster(buffer: Buffer): Promise<RawRow[]> {
  // In a worker thread, within ROSTER_LIMITS (size and rows checked before parsing).
  const sheet = await readFirstSheet(buffer, ROSTER_LIMITS);
  const headers = new Map<number, RosterColumn>();
  (sheet[0] ?? []).forEach((v, i) => {
    const col = ROSTER_COLUMNS.find((c) => c.header === cellText(v).replace(/\*$/, ''));
    if (col) headers.set(i, col);
  });
  const missing = ROSTER_COLUMNS.filter((c) => c.required && ![...headers.values()].includes(c)).map((c) => c.header);
  if (missing.length) throw validation(`表头缺少必填列：${missing.join('、')}。请使用系统提供的导入模板`);
  const rows: RawRow[] = [];
  sheet.slice(1).forEach((values, i) => {
    const cells: RawRow['cells'] = {};
    for (const [index, col] of headers) {
      const v = values[index];
      cells[col.field] = typeof v === 'number' || v instanceof Date ? v : cellText(v);
    }
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: i + 2, cells });
  });
  return rows;
}

type OrgRef = { id: number; name: string; path: string; type: string; dissolved: boolean };

function convertCell(col: RosterColumn, raw: string | Date | number, errors: string[]): unknown {
  if (col.kind === 'id') {
    if (raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) errors.push('应为正整数');
    return n;
  }
  if (col.field === 'idNumber' && typeof raw === 'number') {
    errors.push('公民身份号码被 Excel 存成了数字，末几位可能已丢失，请将该列设为文本格式后重新填写');
    return String(raw);
  }
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
  if (text === '') return col.kind === 'bool' ? false : undefined;
  if (col.kind === 'date') {
    const d = parseDateCell(text);
    if (!d.ok) errors.push(d.message);
    return d.ok ? d.day : undefined;
  }
  if (col.kind === 'bool') {
    const b = parseBool(text);
    if (b === null) errors.push('应填写“是”或“否”');
    return b ?? false;
  }
  if (col.kind === 'option') {
    const v = col.options!.fromLabel(text);
    if (!v) errors.push(`应为：${col.options!.options.map((o) => o.label).join('/')}`);
    return v;
  }
  return text;
}

function resolveOrg(cells: Record<string, unknown>, orgs: { byId: Map<number, OrgRef>; byName: Map<string, OrgRef[]> }): OrgRef | string {
  const byId = cells.orgId !== undefined ? orgs.byId.get(cells.orgId as number) : undefined;
  if (cells.orgId !== undefined && !byId) return '组织编号不存在或不在您的管理范围内';
  const candidates = byId ? [byId] : (orgs.byName.get(String(cells.orgName ?? '')) ?? []);
  if (!byId && !cells.orgName) return '请填写所在党组织或组织编号';
  if (!candidates.length) return `未找到党组织“${cells.orgName}”（或不在您的管理范围内）`;
  if (candidates.length > 1) return `党组织“${cells.orgName}”有重名，请填写组织编号`;
  const org = candidates[0];
  if (org.dissolved) return `党组织“${org.name}”已撤销`;
  if (!MEMBER_ORG_TYPES.includes(org.type as OrgType)) return `“${org.name}”不是党支部或党小组，党员须编入党支部或党小组`;
  return org;
}

const headerOf = (field: string) => ROSTER_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** Hands the event loop to other requests every so many rows of CPU-bound work. */
const YIELD_EVERY = 250;
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** Turns raw rows into member inputs; reports every bad cell of every row. */
async function validateRows(raw: RawRow[], orgs: { byId: Map<number, OrgRef>; byName: Map<string, OrgRef[]> }, progress: (processed: number) => void) {
  const errors: ImportError[] = [];
  const valid: { row: number; input: MemberCreateInput }[] = [];
  const seenIds = new Map<string, number>();
  for (const [i, { row, cells }] of raw.entries()) {
    if (i % YIELD_EVERY === 0) {
      progress(i);
      await yieldToOthers();
    }
    const converted: Record<string, unknown> = {};
    let rowOk = true;
    for (const col of ROSTER_COLUMNS) {
      const cellErrors: string[] = [];
      const value = convertCell(col, cells[col.field] ?? '', cellErrors);
      if (value !== undefined) converted[col.field] = value;
      for (const message of cellErrors) errors.push({ row, column: col.header, message });
      if (cellErrors.length) rowOk = false;
    }
    const org = resolveOrg(converted, orgs);
    if (typeof org === 'string') {
      errors.push({ row, column: '所在党组织', message: org });
      rowOk = false;
    }
    const { orgName: _n, orgId: _i, ...fields } = converted;
    const parsed = memberCreateInput.safeParse({ ...fields, orgId: typeof org === 'string' ? 1 : org.id });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        // A cell already reported as unreadable is not reported twice.
        if (!errors.some((e) => e.row === row && e.column === headerOf(field))) errors.push({ row, column: headerOf(field), message: issue.message });
      }
      rowOk = false;
    }
    const idNumber = typeof fields.idNumber === 'string' ? normalizeIdNumber(fields.idNumber) : '';
    if (idNumber && seenIds.has(idNumber)) {
      errors.push({ row, column: '公民身份号码', message: `与第${seenIds.get(idNumber)}行重复` });
      rowOk = false;
    } else if (idNumber) seenIds.set(idNumber, row);
    if (rowOk && parsed.success) valid.push({ row, input: parsed.data });
  }
  return { errors, valid };
}

async function loadWritableOrgs(deps: AppDeps, ctx: RequestContext) {
  const rows = await deps.db
    .selectFrom('org')
    .select(['id', 'name', 'path', 'type', 'dissolved_on'])
    .where(orgPathInScope(scopeFor(ctx.actor, 'member.write'), sql.ref('org.path')))
    .execute();
  const byId = new Map<number, OrgRef>();
  const byName = new Map<string, OrgRef[]>();
  for (const r of rows) {
    const ref = { id: r.id, name: r.name, path: r.path, type: r.type, dissolved: !!r.dissolved_on };
    byId.set(r.id, ref);
    byName.set(r.name, [...(byName.get(r.name) ?? []), ref]);
  }
  return { byId, byName };
}

/** Members already registered (matched by ID number): updated when the caller may write them, else an error. */
async function matchExisting(deps: AppDeps, ctx: RequestContext, hmacs: string[]) {
  const found = new Map<string, { id: number; path: string; before: Record<string, unknown> }>();
  for (let i = 0; i < hmacs.length; i += BATCH) {
    const rows = await deps.db
      .selectFrom('member')
      .innerJoin('org', 'org.id', 'member.org_id')
      .select(['member.id', 'member.id_number_hmac', 'org.path', 'member.org_id', 'member.name', 'member.category', 'member.status'])
      .where('member.id_number_hmac', 'in', hmacs.slice(i, i + BATCH))
      .execute();
    for (const r of rows) found.set(r.id_number_hmac, { id: r.id, path: r.path, before: { orgId: r.org_id, name: r.name, category: r.category, status: r.status } });
  }
  const scope = scopeFor(ctx.actor, 'member.write');
  return { found, outside: (hmac: string) => !pathInScope(scope, found.get(hmac)!.path) };
}

export async function importRoster(deps: AppDeps, ctx: RequestContext, buffer: Buffer, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportResult> {
  requirePermission(ctx.actor, 'member.write');
  onProgress({ phase: 'reading', processed: 0, total: 0 });
  const raw = await readRoster(buffer);
  if (!raw.length) throw validation('文件中没有数据行');
  onProgress({ phase: 'validating', processed: 0, total: raw.length });
  const { errors, valid } = await validateRows(raw, await loadWritableOrgs(deps, ctx), (processed) => onProgress({ phase: 'validating', processed, total: raw.length }));
  const columns: ReturnType<typeof memberColumns>[] = [];
  for (const [i, v] of valid.entries()) {
    if (i % YIELD_EVERY === 0) await yieldToOthers();
    columns.push(memberColumns(v.input, deps.cipher, ctx.now));
  }
  const { found, outside } = await matchExisting(deps, ctx, columns.map((c) => c.id_number_hmac));
  columns.forEach((c, i) => {
    if (found.has(c.id_number_hmac) && outside(c.id_number_hmac)) {
      errors.push({ row: valid[i].row, column: '公民身份号码', message: '该党员已登记在您管理范围以外的组织，请办理组织关系转接' });
    }
  });
  if (errors.length) {
    await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'member.import_rejected', entityType: 'member', after: { rows: raw.length, errors: errors.length } }));
    return { ok: false, errors: errors.sort((a, b) => a.row - b.row), total: raw.length };
  }

  return writeRoster(deps, ctx, columns, found, onProgress);
}

/** Checks the right to import before the upload is read, then reads it. */
export async function mayImport(ctx: RequestContext, receive: () => Promise<Buffer>) {
  requirePermission(ctx.actor, 'member.write');
  return receive();
}

let importing = false;

/**
 * One roster import at a time in this process: two at once would race on the same ID numbers
 * and, on PGlite, interleave their chunks.
 */
async function writeRoster(deps: AppDeps, ctx: RequestContext, columns: ImportColumns[], found: Map<string, ExistingMember>, onProgress: (p: ImportProgress) => void): Promise<ImportResult> {
  if (importing) throw conflict('另一个名册导入正在进行，请稍后再试');
  importing = true;
  const jobId = randomUUID();
  try {
    await startJob(deps.db, jobId, ctx, columns.length);
    const write = deps.dbKind === 'pglite' ? writeInChunks : writeInOneTransaction;
    try {
      await write(deps, ctx, jobId, columns, found, (processed, total) => onProgress({ phase: 'importing', processed, total }));
    } catch (e) {
      await revertImport(deps.db, ctx, jobId, 'failed', e instanceof Error ? e.message.slice(0, 500) : String(e));
      throw e;
    }
  } finally {
    importing = false;
    invalidateMemberCounts();
  }
  const created = columns.filter((c) => !found.has(c.id_number_hmac)).length;
  onProgress({ phase: 'done', processed: columns.length, total: columns.length });
  return { ok: true, created, updated: columns.length - created, total: columns.length };
}
