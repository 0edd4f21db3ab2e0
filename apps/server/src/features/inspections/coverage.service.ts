import { inspectionKinds, inspectionStatuses, targetStatuses, type coverageDto, type z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { supervisionReadScope } from '../../access/inspection-policy.ts';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import * as repo from './inspections.repository.ts';

type Coverage = z.output<typeof coverageDto>;

/**
 * 督查全覆盖 (docs/RULES.md): every unit-level organisation of the caller's reach with the
 * inspections of the year that target it. A unit is covered once one of them has recorded its
 * checklist (the inspectors were there); planned or pending visits are listed but do not cover.
 */
export async function coverage(deps: AppDeps, ctx: RequestContext, year: number, uncoveredOnly = false): Promise<Coverage> {
  const scope = supervisionReadScope(ctx.actor);
  const units = await repo.unitsForYear(deps.db, scope, year);
  const rows = await repo.coverageRows(deps.db, year, units.map((u) => u.id));
  const list = units.map((u) => {
    const inspections = rows
      .filter((r) => r.org_id === u.id)
      .map((r) => ({ inspectionId: r.id, title: r.title, kind: r.kind, quarter: r.quarter, status: r.status, targetStatus: r.target_status, visitedOn: r.visited_on }));
    return { orgId: u.id, orgName: u.name, covered: inspections.some((i) => i.targetStatus === 'recorded'), inspections };
  });
  const covered = list.filter((u) => u.covered).length;
  return {
    year,
    total: list.length,
    covered,
    rate: list.length ? Math.round((covered * 1000) / list.length) / 10 : null,
    units: uncoveredOnly ? list.filter((u) => !u.covered) : list,
  };
}

/** The coverage as a workbook: every unit, the uncovered ones marked 未覆盖. */
export async function coverageWorkbook(deps: AppDeps, ctx: RequestContext, year: number): Promise<Buffer> {
  const c = await coverage(deps, ctx, year);
  return streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(`${year}年督查覆盖`, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '序号', width: 6 },
      { header: '单位', width: 32 },
      { header: '覆盖情况', width: 10 },
      { header: '督查次数', width: 10 },
      { header: '督查（类别、检查日期）', width: 80 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    c.units.forEach((u, n) => {
      const text = u.inspections
        .map((i) => `${inspectionKinds.label(i.kind)}${i.quarter ? `（第${i.quarter}季度）` : ''}「${i.title}」${i.visitedOn ?? targetStatuses.label(i.targetStatus)}（${inspectionStatuses.label(i.status)}）`)
        .join('；');
      const row = ws.addRow([n + 1, u.orgName, u.covered ? '已覆盖' : '未覆盖', u.inspections.length, text]);
      if (!u.covered) row.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      row.commit();
    });
    await pace();
    ws.addRow([]).commit();
    ws.addRow(['', `合计：${c.total}个单位，已覆盖${c.covered}个，未覆盖${c.total - c.covered}个${c.rate === null ? '' : `，覆盖率${c.rate}%`}`]).commit();
  });
}
