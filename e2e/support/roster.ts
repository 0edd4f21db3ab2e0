import ExcelJS from 'exceljs';
import { idNumberCheckChar } from '@xianfeng/shared';

/** A valid 公民身份号码 for a birth date and sex (GB 11643: odd sequence = male). */
export function makeIdNumber(birthDate: string, gender: '男' | '女', seq: number, area = '110101'): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (gender === '男')) s = (s + 1) % 1000;
  const first17 = `${area}${birthDate.replaceAll('-', '')}${String(s).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** The same number with a wrong check character. */
export function breakCheckChar(id: string): string {
  const right = id[17];
  const wrong = '0123456789X'.split('').find((c) => c !== right)!;
  return id.slice(0, 17) + wrong;
}

/** Row values keyed by the template's header text (without the * of required columns). */
export type RosterRow = Record<string, string | number>;

/** Writes rows under the headers of the server's own template, in the template's column order. */
export async function rosterWorkbook(templateHeaders: string[], rows: RosterRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(templateHeaders);
  const plain = templateHeaders.map((h) => h.replace(/\*$/, ''));
  for (const r of rows) ws.addRow(plain.map((h) => r[h] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The header row of the server's import template. */
export async function templateHeaders(xlsx: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const values = ws.getRow(1).values as unknown[];
  return values.slice(1).map((v) => String(v ?? ''));
}

export function member(name: string, idNumber: string, orgId: number, birthDate: string, gender: '男' | '女'): RosterRow {
  return {
    组织编号: orgId,
    姓名: name,
    性别: gender,
    民族: '汉族',
    公民身份号码: idNumber,
    出生日期: birthDate,
    学历: '大学本科',
    人员类别: '正式党员',
    入党日期: '2015-07-01',
    转正日期: '2016-07-01',
    联系电话: '13912345678',
  };
}

/** Names admit only Han characters, letters and 间隔号: a run number spelled in 大写 numerals. */
export function chineseDigits(n: number): string {
  return String(n)
    .split('')
    .map((d) => '零壹贰叁肆伍陆柒捌玖'[Number(d)])
    .join('');
}
