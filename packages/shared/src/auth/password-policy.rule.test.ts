import { describe, expect, it } from 'vitest';
import { passwordPolicyError } from './password-policy.rule.ts';

describe('password policy (≥8 characters, 3 of 4 classes)', () => {
  it.each([
    ['Abcdef1!', null],
    ['abcdef12!', null],
    ['ABCDEF12a', null],
    ['Abc1!', '密码至少8位'],
    ['abcdefgh1', '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
    ['12345678', '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
  ])('%s', (pw, expected) => expect(passwordPolicyError(pw)).toBe(expected));
});
