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
  /** 纪检干部: keeps the discipline register of its subtree (its own permission; handed out by the security admin). */
  discipline_officer: '纪检干部',
});
export type Role = (typeof roles.values)[number];

export const SEPARATED_ADMIN_ROLES: Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/**
 * Roles only the security admin hands out. Accounts holding one are never reset, disabled or
 * re-linked through the API: the operator does it with `npm run account` on the server
 * (docs/SECURITY.md), so no admin can take over another or a committee admin.
 */
export const PRIVILEGED_ROLES: Role[] = [...SEPARATED_ADMIN_ROLES, 'committee_admin', 'discipline_officer'];

export const isPrivilegedRole = (role: Role) => PRIVILEGED_ROLES.includes(role);

/**
 * 三员分立 as an invariant of one account's grants: a separated admin role is held alone — never
 * with another separated role, nor with a business role (it may be granted at several
 * organisations). Returns the Chinese reason, or null when the set is allowed.
 */
export function separationError(grants: readonly { role: Role }[]): string | null {
  const kinds = new Set(grants.map((g) => g.role));
  const separated = [...kinds].filter((r) => SEPARATED_ADMIN_ROLES.includes(r));
  if (!separated.length || kinds.size === 1) return null;
  return `三员分立：${separated.map((r) => roles.label(r)).join('、')}不能与其他角色由同一账户兼任`;
}

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
  /** 清单与督查整改: read the lists, inspections, rectifications and cards of one's subtree. */
  'supervision.read',
  /** Keep one's own organisations' list items: milestones, progress claims, closing requests. */
  'supervision.write',
  /** Accept progress, approve adjustments and closings of organisations below one's grant (the level above). */
  'supervision.review',
  /** The committee: publish key tasks, plan inspections, issue cards, keep thresholds, ladder and work calendar. */
  'supervision.configure',
  /** 党纪政务处分台账: read (every read audited) — only the 纪检干部 role, not even the committee admin. */
  'discipline.read',
  /** Record, correct and revoke sanctions and 约谈 records. */
  'discipline.write',
  /** 考核方案: the committee reads every version; an organisation's admins read the published scheme. */
  'assessment.read',
  /** 考核方案: create, edit, publish and revise the year's scheme (the committee). */
  'assessment.configure',
  /** 述职评议: read the campaigns one's organisations report in, and their results after close. */
  'review.read',
  /** 述职评议: the committee sets up campaigns, moves them through their states, turns comments into list items. */
  'review.configure',
  /** 创先争优: read campaigns, nominations of one's subtree and the named honours. */
  'honour.read',
  /** Nominate within one's subtree and the campaign's quota. */
  'honour.nominate',
  /** The committee: campaigns, review, 公示, objections, naming. */
  'honour.configure',
  /** 学习: read the study resources, study records and 学时 of one's subtree. */
  'study.read',
  /** Publish study resources and topics, keep training classes, import 学习强国 results for one's subtree. */
  'study.manage',
  /** The committee: 学时 targets per member category and the 十百千万 plan. */
  'study.configure',
  /** 考试: keep the question bank, papers, exams and contests of one's subtree; mark short answers; export scores. */
  'exam.manage',
  /** 积分: read the points ledgers and rankings of one's subtree. */
  'points.read',
  /** Enter additions and deductions for members of one's organisations; answer their appeals. */
  'points.write',
  /** Approve or return additions and deductions of organisations below one's grant (the level above). */
  'points.review',
  /** The committee: the year's versioned points rule set. */
  'points.configure',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, Permission[]> = {
  committee_admin: ['org.read', 'org.write', 'member.read', 'member.write', 'member.sensitive', 'user.read', 'user.write', 'grant.write', 'activity.read', 'activity.write', 'activity.review', 'compliance.read', 'compliance.configure', 'supervision.read', 'supervision.write', 'supervision.review', 'supervision.configure', 'assessment.read', 'assessment.configure', 'review.read', 'review.configure', 'honour.read', 'honour.nominate', 'honour.configure', 'study.read', 'study.manage', 'study.configure', 'exam.manage', 'points.read', 'points.write', 'points.review', 'points.configure'],
  org_admin: ['org.read', 'org.write', 'member.read', 'member.write', 'member.sensitive', 'user.read', 'user.write', 'grant.write', 'activity.read', 'activity.write', 'activity.review', 'compliance.read', 'supervision.read', 'supervision.write', 'supervision.review', 'assessment.read', 'review.read', 'honour.read', 'honour.nominate', 'study.read', 'study.manage', 'exam.manage', 'points.read', 'points.write', 'points.review'],
  member: ['member.self'],
  system_admin: ['user.read', 'user.write'],
  // The security admin reads the tree (names only, no members) to choose where to grant.
  security_admin: ['org.read', 'user.read', 'grant.write'],
  audit_admin: ['audit.read'],
  discipline_officer: ['org.read', 'discipline.read', 'discipline.write'],
};
