import { describe, expect, it } from 'vitest';
import { matchMember, parsePeriod, parsePoints, type XuexiCandidate } from './xuexi.contract.ts';

describe('学习强国 rows', () => {
  it.each([
    ['2026-11', '2026-11'],
    ['2026/1', '2026-01'],
    ['2026年11月', '2026-11'],
    ['2026 年 3 月', '2026-03'],
    ['202611', '2026-11'],
    ['2026-11-01', '2026-11'],
    ['2026-11-01T00:00:00.000Z', '2026-11'],
    ['2026-13', null],
    ['11月', null],
    ['', null],
  ])('period %j → %j', (cell, want) => expect(parsePeriod(cell)).toBe(want));

  it.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['0', 0],
    ['12.0', 12],
    ['12.5', null],
    ['-3', null],
    ['100001', null],
    ['约100', null],
  ])('points %j → %j', (cell, want) => expect(parsePoints(cell)).toBe(want));

  const people: XuexiCandidate[] = [
    { id: 1, name: '张伟', orgName: '办公室党支部', phoneLast4: '1234', idLast4: '001X' },
    { id: 2, name: '张伟', orgName: '人事处党支部', phoneLast4: '5678', idLast4: '0022' },
    { id: 3, name: '李娜', orgName: '办公室党支部', phoneLast4: null, idLast4: '0033' },
  ];
  it.each([
    [{ name: '李娜' }, { memberId: 3 }],
    [{ name: ' 李 娜 ' }, { memberId: 3 }],
    [{ name: '王芳' }, { reason: '本组织范围内没有该姓名的党员' }],
    [{ name: '张伟' }, { reason: '同名党员2人，请在表中补充“所在组织”“手机号后四位”或“身份证后四位”' }],
    [{ name: '张伟', org: '人事处' }, { memberId: 2 }],
    [{ name: '张伟', phone4: '138****1234' }, { memberId: 1 }],
    [{ name: '张伟', id4: '001x' }, { memberId: 1 }],
    [{ name: '张伟', phone4: '9999' }, { reason: '同名党员的手机号后四位均不符' }],
    [{ name: '张伟', org: '财务处', id4: '0022' }, { memberId: 2 }],
  ])('match %j → %j', (row, want) => expect(matchMember(row, people)).toEqual(want));
});
