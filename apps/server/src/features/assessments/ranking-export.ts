import { unitTypes } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { rankingOf, requireRound, unitData } from './round-data.ts';
import { ranking } from './rounds.service.ts';
import { buildSheet } from './sheets.ts';

const FROZEN = { views: [{ state: 'frozen' as const, ySplit: 1, xSplit: 2 }] };

/**
 * The ranking as the committee hands it on (AR-8): sheet 1 the ranking by series as on screen;
 * sheet 2 every unit × indicator with its score and how it came about; sheet 3 every record
 * behind a score (the explanation, unabridged up to the stored limit). Same permission as the
 * ranking; the export is audited.
 */
export async function rankingWorkbook(deps: AppDeps, ctx: RequestContext, year: number) {
  const view = await ranking(deps, ctx, year); // permission and publication checks
  const r = await requireRound(deps.db, year);
  const rows = await rankingOf(deps.db, r);
  const { data, units } = await unitData(deps.db, r, undefined, true);
  const nameOf = new Map(units.map((u) => [u.org_id, u.org_name]));
  const order = new Map(rows.map((x, i) => [x.orgId, i]));
  const buffer = await streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(`${year}年度考核排名`, FROZEN);
    ws.columns = [
      { header: '系列', width: 10 }, { header: '单位', width: 34 }, { header: '名次', width: 6 }, { header: '总分', width: 8 }, { header: '等次', width: 8 },
      { header: '重点督查（加权）', width: 14 }, { header: '述职评议（加权）', width: 14 }, { header: '创先争优加分', width: 12 }, { header: '处分扣分', width: 10 },
      { header: '等次说明', width: 36 }, { header: '须作说明', width: 9 }, { header: '说明事项状态', width: 14 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const s of view.series) {
      for (const u of s.units) {
        ws.addRow([s.label, u.orgName, u.rank, u.parts.total, u.grade, u.parts.inspection.weighted, u.parts.review.weighted, u.parts.bonus, u.parts.deduction, u.gradeReasons.join('；'), u.mustExplain ? '是' : '', u.explanation?.statusLabel ?? '']).commit();
        await pace();
      }
    }
    await ws.commit();
    const detail = wb.addWorksheet('各单位得分表', FROZEN);
    detail.columns = [{ header: '系列', width: 10 }, { header: '单位', width: 34 }, { header: '类别', width: 16 }, { header: '指标', width: 28 }, { header: '评分部门', width: 12 }, { header: '分值', width: 7 }, { header: '得分', width: 7 }, { header: '自评', width: 7 }, { header: '得分说明', width: 70 }];
    detail.getRow(1).font = { bold: true };
    detail.getRow(1).commit();
    const events = wb.addWorksheet('扣分和加分记录', FROZEN);
    const sorted = [...data].sort((a, b) => (order.get(a.orgId) ?? 0) - (order.get(b.orgId) ?? 0));
    for (const d of sorted) {
      const sheet = buildSheet(r.content, d);
      for (const c of sheet.categories)
        for (const i of c.indicators) {
          detail.addRow([unitTypes.label(d.series), nameOf.get(d.orgId), c.name, i.name, i.department, i.maxScore, i.score ?? '未评分', i.selfScore ?? '', i.summary]).commit();
          await pace();
        }
    }
    await detail.commit();
    events.columns = [{ header: '单位', width: 34 }, { header: '指标', width: 28 }, { header: '日期', width: 12 }, { header: '分值', width: 8 }, { header: '记录', width: 80 }];
    events.getRow(1).font = { bold: true };
    events.getRow(1).commit();
    for (const d of sorted) {
      const sheet = buildSheet(r.content, d);
      for (const c of sheet.categories)
        for (const i of c.indicators)
          for (const e of i.events) {
            events.addRow([nameOf.get(d.orgId), i.name, e.date ?? '', e.points ?? '', e.label]).commit();
            await pace();
          }
    }
    await events.commit();
  });
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'assessment.export', entityType: 'assessment_round', entityId: r.id, after: { year, units: rows.length } }));
  return { buffer, filename: `${year}年度机关党建考核排名.xlsx` };
}
