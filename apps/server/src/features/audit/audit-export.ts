import { auditActionLabel, auditEntityTypeLabel, beijingDateTime } from '@xianfeng/shared';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';

type AuditRow = { id: string; at: Date; actorName: string | null; ip: string | null; action: string; entityType: string; entityId: string | null; before: unknown; after: unknown; hash: string };

/** The filtered log as a sheet (streamed: up to 100,000 rows without holding other requests). */
export async function auditWorkbook(rows: AuditRow[]) {
  return streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet('审计日志');
    ws.columns = [
      { header: '序号', key: 'id', width: 10 },
      { header: '时间（北京时间）', key: 'at', width: 22 },
      { header: '操作人', key: 'actorName', width: 16 },
      { header: 'IP', key: 'ip', width: 16 },
      { header: '操作', key: 'actionName', width: 24 },
      { header: '操作代码', key: 'action', width: 24 },
      { header: '对象类型', key: 'entityTypeName', width: 12 },
      { header: '对象', key: 'entityId', width: 10 },
      { header: '变更前', key: 'before', width: 50 },
      { header: '变更后', key: 'after', width: 50 },
      { header: '哈希', key: 'hash', width: 66 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const r of rows) {
      ws.addRow({ ...r, actionName: auditActionLabel(r.action), entityTypeName: auditEntityTypeLabel(r.entityType), at: beijingDateTime(r.at), before: r.before ? JSON.stringify(r.before) : '', after: r.after ? JSON.stringify(r.after) : '' }).commit();
      await pace();
    }
  });
}
