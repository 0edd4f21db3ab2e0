import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, maskIdNumber, maskPhone, parseIdNumber } from './id-number.rule.ts';
import { memberConsistencyErrors } from './member.contract.ts';

describe('公民身份号码 (GB 11643)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', '女'],
    ['110105194912310029', null, null], // wrong check character
    ['320102200002290013', '2000-02-29', '男'], // leap day
  ])('%s', (id, birth, gender) => {
    const first17 = id.slice(0, 17);
    const valid = first17 + idNumberCheckChar(first17);
    const r = parseIdNumber(birth ? valid : id);
    if (birth) expect(r).toEqual({ birthDate: birth, gender });
    else expect(r).toEqual({ error: '公民身份号码校验位错误' });
  });

  it('rejects an impossible birth date even with a right check character', () => {
    const first17 = '32010219990229001'; // 1999 is not a leap year
    expect(parseIdNumber(first17 + idNumberCheckChar(first17))).toEqual({ error: '公民身份号码中的出生日期无效' });
  });

  it('rejects wrong length and letters other than a final X', () => {
    expect(parseIdNumber('3201021990')).toHaveProperty('error');
    expect(parseIdNumber('32010219900101001A')).toHaveProperty('error');
  });

  it('accepts a lower-case x', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({ birthDate: '1949-12-31', gender: '女' });
  });

  it('masks as lists show it', () => {
    expect(maskIdNumber('320102199001011234')).toBe('3201**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('member consistency', () => {
  const base = { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: '女', joinDate: '1970-07-01', fullDate: '1971-07-01', category: 'full' };
  it('a consistent record has no error', () => expect(memberConsistencyErrors(base)).toEqual([]));
  it('birth date and sex must match the ID', () => {
    expect(memberConsistencyErrors({ ...base, birthDate: '1949-12-30', gender: '男' }).map((e) => e.field)).toEqual(['birthDate', 'gender']);
  });
  it('转正日期 after 入党日期; 正式党员 has one, 预备党员 has none', () => {
    expect(memberConsistencyErrors({ ...base, fullDate: '1970-07-01' }).map((e) => e.field)).toEqual(['fullDate']);
    expect(memberConsistencyErrors({ ...base, fullDate: null }).map((e) => e.message)).toEqual(['正式党员应填写转正日期']);
    expect(memberConsistencyErrors({ ...base, category: 'probationary' }).map((e) => e.message)).toEqual(['预备党员不应有转正日期']);
  });
  it('入党日期 after birth', () => {
    expect(memberConsistencyErrors({ ...base, joinDate: '1940-01-01', fullDate: '1941-01-01' }).map((e) => e.field)).toEqual(['joinDate']);
  });
});
