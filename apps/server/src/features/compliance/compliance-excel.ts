import type ExcelJS from 'exceljs';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { activityTypes, complianceStatuses, orgTypes, type ComplianceStatus, type OrgType, type Requirement } from '@xianfeng/shared';
import type { EvaluatedOrg, HeatmapRow } from './compliance.service.ts';

const FILL: Record<ComplianceStatus, string> = { met: 'FFC6EFCE', due: 'FFDDEBF7', overdue: 'FFFFC7CE', inactive: 'FFFFFFFF', na: 'FFEDEDED' };
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

/** Sheets with a frozen header row and first column (set when the sheet is added: a streamed sheet cannot change views later). */
const FROZEN = { views: [{ state: 'frozen' as const, ySplit: 1, xSplit: 1 }] };

function header(ws: { getRow(n: number): ExcelJS.Row }) {
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
}

/** What a cell says: the worst status and the counts behind it, e.g. "逾期2 / 完成5". */
function cellText(m: HeatmapRow['months'][number]) {
  const parts = [m.overdue && `逾期${m.overdue}`, m.due && `待完成${m.due}`, m.inactive && `未启用${m.inactive}`, m.met && `完成${m.met}`].filter(Boolean);
  return parts.length ? parts.join(' / ') : '不适用';
}

/**
 * The heatmap as the committee hands it on: sheet 1 the rows × months as on screen (coloured),
 * sheet 2 every organisation × requirement × period, sheet 3 the requirement table with citations.
 */
export async function heatmapWorkbook(year: number, asOf: string, cityGoLiveOn: string | null, rows: HeatmapRow[], evaluated: EvaluatedOrg[], requirements: Requirement[]): Promise<Buffer> {
  return streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(`${year}年热力图`, FROZEN);
    ws.columns = [{ header: '组织', width: 30 }, ...MONTHS.map((m) => ({ header: m, width: 16 }))];
    header(ws);
    for (const r of rows) {
      const row = ws.addRow([r.orgName, ...r.months.map(cellText)]);
      r.statuses.forEach((s, i) => {
        row.getCell(i + 2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[s as ComplianceStatus] } };
      });
      row.commit();
      await pace();
    }
    ws.addRow([]).commit();
    ws.addRow([`统计日期：${asOf}。每格汇总截止于该月的考核项目（每月项目逐月，季度项目在季末月，年度项目在12月）。`]).commit();
    ws.addRow([cityGoLiveOn ? `启用日期：${cityGoLiveOn}（各组织另设的以组织为准）。启用前结束的周期为“未启用”，不计逾期；补录的记录照常计入。` : '尚未设置启用日期：所有周期均为“未启用”，不计逾期。']).commit();
    ws.commit();

    const detail = wb.addWorksheet('明细', FROZEN);
    detail.columns = [
      { header: '组织', width: 30 },
      { header: '组织类型', width: 12 },
      { header: '要求', width: 34 },
      { header: '活动类型', width: 14 },
      { header: '周期', width: 10 },
      { header: '状态', width: 12 },
      { header: '完成/要求', width: 12 },
      { header: '启用日期', width: 12 },
    ];
    header(detail);
    const label = new Map(requirements.map((r) => [r.key, r.label]));
    for (const e of [...evaluated].sort((a, b) => a.org.path.localeCompare(b.org.path))) {
      for (const c of e.cells) {
        const row = detail.addRow([e.org.name, orgTypes.label(e.org.type as OrgType), label.get(c.requirementKey) ?? c.requirementKey, activityTypes.label(c.activityType), c.periodId, complianceStatuses.label(c.status), `${c.done}/${c.needed}`, e.goLiveOn ?? '未设置']);
        row.getCell(6).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[c.status] } };
        row.commit();
        await pace();
      }
    }
    detail.commit();

    const reqs = wb.addWorksheet('考核要求', FROZEN);
    reqs.columns = [{ header: '要求', width: 40 }, { header: '来源', width: 12 }, { header: '依据', width: 16 }, { header: '说明', width: 50 }];
    header(reqs);
    for (const r of requirements.filter((x) => x.enabled)) reqs.addRow([r.label, r.source === 'national' ? '全国性规定' : '本地规定', r.rule, r.note ?? '']).commit();
  });
}
