import { roles } from '../access/roles.ts';
import { id, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { passwordPolicyError } from '../auth/password-policy.rule.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

export const password = z.string().superRefine((p, ctx) => {
  const error = passwordPolicyError(p);
  if (error) ctx.addIssue({ code: 'custom', message: error });
});

export const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为3至32位字母、数字、下划线、点或连字符');

export const grantInput = z.object({ orgId: id, role: z.enum(roles.values) }).strict();

export const userCreateInput = z
  .object({
    username,
    password,
    displayName: requiredText(50, '姓名').optional(),
    memberId: id.nullable().optional(),
    grants: z.array(grantInput).max(20).default([]),
  })
  .strict();

export const userUpdateInput = z
  .object({ displayName: requiredText(50, '姓名').optional(), disabled: z.boolean().optional(), memberId: id.nullable().optional() })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: '请至少修改一项（姓名、停用或关联党员）' });

export const userGrantsInput = z.object({ grants: z.array(grantInput).max(20) }).strict();
export const passwordResetInput = z.object({ password }).strict();
export const loginInput = z.object({ username: requiredText(64, '用户名'), password: z.string().min(1, '请输入密码').max(128) }).strict();
export const passwordChangeInput = z.object({ oldPassword: z.string().min(1).max(128), newPassword: password }).strict();

export const userListQuery = z.object({ q: text(50).optional(), ...pageQuery }).strict();

export type UserCreateInput = z.infer<typeof userCreateInput>;
export type UserUpdateInput = z.infer<typeof userUpdateInput>;
export type GrantInput = z.infer<typeof grantInput>;

// Responses (see common/responses.ts). No password hash, no failed-login counter.

/** A role granted at an organisation (covering its subtree). */
export const grantDto = z.object({ orgId: int, orgName: z.string(), role: z.enum(roles.values) });

export const userDto = z.object({
  id: int,
  username: z.string(),
  displayName: z.string().nullable(),
  memberId: int.nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Locked after repeated wrong passwords, until the lock expires. */
  locked: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  grants: z.array(grantDto),
  /** What the caller may do with this account (access/account-policy.ts decides). */
  abilities: z.object({ edit: z.boolean(), resetPassword: z.boolean(), disable: z.boolean(), editGrants: z.boolean() }),
});
export const userPage = pageOf(userDto);
