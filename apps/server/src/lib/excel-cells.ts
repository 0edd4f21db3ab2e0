import type ExcelJS from 'exceljs';
import { readTypedDay, type DayReading } from '@xianfeng/shared';

/** A cell as text: dates as YYYY-MM-DD, everything else trimmed. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/**
 * Dates typed by people (2001-07-01, 2001/7/1, 2001.7.1, 20010701, 2001年7月1日) or a date cell:
 * the day as YYYY-MM-DD, or the cell's message — a format error, or 「日期不存在：2019-02-30」.
 */
export function parseDateCell(value: string | Date): DayReading {
  if (value instanceof Date) return { ok: true, day: value.toISOString().slice(0, 10) };
  return readTypedDay(value);
}

export function parseBool(text: string): boolean | null {
  if (['是', 'Y', 'y', '1', 'TRUE', 'true'].includes(text)) return true;
  if (['否', '', 'N', 'n', '0', 'FALSE', 'false'].includes(text)) return false;
  return null;
}

/** Every import template's second sheet, 「填写说明」: numbered lines a person reads before filling in. */
export const INSTRUCTIONS_SHEET = '填写说明';

export function addInstructions(wb: ExcelJS.Workbook, lines: string[]) {
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.addRows(lines.map((line, i) => [`${i + 1}. ${line}`]));
  help.getColumn(1).width = 100;
  help.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
}
