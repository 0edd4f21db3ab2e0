// 公民身份号码 (GB 11643-1999; SF-1 in docs/RULES.md): 6-digit area code, 8-digit birth date, 3-digit sequence
// (odd = male, even = female) and an ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberInfo = { birthDate: string; gender: '男' | '女' };

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Returns the birth date and sex encoded in a valid ID number, or an error message in Chinese. */
export function parseIdNumber(raw: string): IdNumberInfo | { error: string } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { error: '公民身份号码应为18位（最后一位可为X）' };
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return { error: '公民身份号码校验位错误' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: '公民身份号码中的出生日期无效' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? '男' : '女' };
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** 3201**********1234: keeps the first four (province and city) and the last four. */
export function maskIdNumber(id: string): string {
  return id.length < 8 ? '*'.repeat(id.length) : id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
