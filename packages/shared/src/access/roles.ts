import { defineOptions } from '../common/options.ts';

/**
 * Roles are granted at an organisation and cover its subtree. The last three are the separated
 * admin roles (三员分立, DB-4 in docs/RULES.md) required of government systems: none of them reads party data.
 */
export const roles = defineOptions({
  committee_admin: '工委管理员',
  org_admin: '组织管理员',
  member: '党员',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
});
export type Role = (typeof roles.values)[number];

export const SEPARATED_ADMIN_ROLES: Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const permissions = [
  'org.read',
  'org.write',
  'member.read',
  'member.write',
  'member.sensitive',
  'member.self',
  'user.read',
  'user.write',
  'grant.write',
  'audit.read',
  'activity.read',
  'activity.write',
  /** Approve or return the records of organisations below one's grant (the level above reviews). */
  'activity.review',
  'compliance.read',
  /** Edit the requirement table and reminder settings: the committee only. */
  'compliance.configure',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, Permission[]> = {
  committee_admin: ['org.read', 'org.write', 'member.read', 'member.write', 'member.sensitive', 'user.read', 'user.write', 'grant.write', 'activity.read', 'activity.write', 'activity.review', 'compliance.read', 'compliance.configure'],
  org_admin: ['org.read', 'org.write', 'member.read', 'member.write', 'member.sensitive', 'user.read', 'user.write', 'grant.write', 'activity.read', 'activity.write', 'activity.review', 'compliance.read'],
  member: ['member.self'],
  system_admin: ['user.read', 'user.write'],
  // The security admin reads the tree (names only, no members) to choose where to grant.
  security_admin: ['org.read', 'user.read', 'grant.write'],
  audit_admin: ['audit.read'],
};
