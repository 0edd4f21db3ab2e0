import ExcelJS from 'exceljs';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { cadreTypes, educations, memberCategories, memberStatuses, ranks } from '@xianfeng/shared';
import { ROSTER_COLUMNS, ROSTER_SHEET } from './roster-columns.ts';
import type { MemberListRow } from './members.repository.ts';
import type { MemberListQuery } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import { allMembers } from './members.service.ts';
import { addInstructions } from '../../lib/excel-cells.ts';


function headerRow(ws: ExcelJS.Worksheet) {
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The import template: headers (required ones marked *), a note per column, text-formatted ID column. */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ROSTER_SHEET);
  ws.columns = ROSTER_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width }));
  headerRow(ws);
  ROSTER_COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    const note = [c.note, c.options ? `可选值：${c.options.options.map((o) => o.label).join('/')}` : null, c.kind === 'date' ? '格式：YYYY-MM-DD' : null, c.kind === 'bool' ? '是/否' : null].filter(Boolean).join('；');
    if (note) cell.note = note;
    if (c.field === 'idNumber' || c.field === 'phone') ws.getColumn(i + 1).numFmt = '@';
  });
  addInstructions(wb, [
    '第一行为表头，请勿修改；带 * 的列必填。',
    '公民身份号码与联系电话请以文本格式填写，以免 Excel 丢失末位数字。',
    '所在党组织填写党支部或党小组全称；重名时请填写“组织编号”（组织页面可见）。',
    '已登记的党员（按公民身份号码匹配）将被更新；任一行有误则整个文件不导入，并列出全部错误。',
    '人员类别为正式党员时须填写转正日期。',
    '日期格式为 YYYY-MM-DD（如 2001-07-01），也可写 2001/7/1 或 2001年7月1日；不存在的日期（如 2019-02-30）会被指出。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The filtered list as a sheet in the template's layout (personal data masked). */
export async function rosterExport(rows: MemberListRow[]): Promise<Buffer> {
  return streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = ROSTER_COLUMNS.filter((c) => c.field !== 'address');
    ws.columns = [...columns.map((c) => ({ header: c.header, key: c.field, width: c.width })), { header: '党籍状态', key: 'status', width: 10 }];
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
    head.commit();
    const yes = (b: boolean) => (b ? '是' : '否');
    for (const r of rows) {
      ws.addRow({
        orgId: r.org_id,
        orgName: r.org_name,
        name: r.name,
        gender: r.gender,
        ethnicity: r.ethnicity,
        idNumber: r.id_number_masked,
        birthDate: r.birth_date,
        education: educations.label(r.education as never),
        category: memberCategories.label(r.category as never),
        joinDate: r.join_date,
        fullDate: r.full_date ?? '',
        jobPost: r.job_post ?? '',
        phone: r.phone_masked ?? '',
        lostContact: yes(r.lost_contact),
        lostContactDate: r.lost_contact_date ?? '',
        flowing: yes(r.flowing),
        flowTo: r.flow_to ?? '',
        rank: ranks.label(r.rank as never),
        partyPost: r.party_post ?? '',
        cadreType: cadreTypes.label(r.cadre_type as never),
        hardship: yes(r.hardship),
        retired: yes(r.retired),
        status: memberStatuses.label(r.status as never),
      }).commit();
      await pace();
    }
  });
}

/** The filtered list as the roster sheet (personal data masked); the export is audited. */
export async function exportRoster(deps: AppDeps, ctx: RequestContext, q: MemberListQuery): Promise<Buffer> {
  const rows = await allMembers(deps, ctx, q);
  const buffer = await rosterExport(rows);
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'member.export', entityType: 'member', after: { filter: q, rows: rows.length } }));
  return buffer;
}
