import ExcelJS from 'exceljs';

export type SlipRow = { parentOrgName: string | null; orgName: string; memberName: string; username: string; initialPassword: string };

/**
 * The initial passwords as a workbook, made from the one answer that carries them and not kept
 * anywhere (docs/SECURITY.md §1): one row per secretary, the same fields as the printed slips.
 */
export async function secretarySheet(rows: SlipRow[], loginUrl: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('书记账户');
  ws.columns = [
    { header: '上级党组织', key: 'parentOrgName', width: 28 },
    { header: '党组织', key: 'orgName', width: 28 },
    { header: '姓名', key: 'memberName', width: 12 },
    { header: '用户名', key: 'username', width: 14 },
    { header: '初始密码', key: 'initialPassword', width: 22 },
    { header: '登录地址', key: 'loginUrl', width: 36 },
    { header: '说明', key: 'note', width: 22 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow({ ...r, loginUrl, note: '首次登录须修改密码' });
  // Text cells: a password of digits must not turn into a number.
  ws.getColumn('initialPassword').numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
