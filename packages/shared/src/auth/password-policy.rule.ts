// Password policy of 等保2.0 三级 practice: at least 8 characters drawn from at least 3 of the
// 4 classes (lower case, upper case, digits, other symbols). DB-1 in docs/RULES.md: the standard
// (GB/T 22239-2019 8.1.4.1) asks for complexity but sets no number.

export const PASSWORD_MIN_LENGTH = 8;

export function passwordPolicyError(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (password.length > 128) return '密码不能超过128位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}
