/** A cell as text: dates as YYYY-MM-DD, everything else trimmed. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** Dates typed by people: 2001-07-01, 2001/7/1, 2001.7.1, 20010701, 2001年7月1日, or a date cell. */
export function parseDateText(text: string): string | null {
  const m = text.match(/^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$/) ?? text.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

export function parseBool(text: string): boolean | null {
  if (['是', 'Y', 'y', '1', 'TRUE', 'true'].includes(text)) return true;
  if (['否', '', 'N', 'n', '0', 'FALSE', 'false'].includes(text)) return false;
  return null;
}
