import type { CommitteePost, OrgType, Permission, Role } from '@xianfeng/shared';

// The server's answers (DTO mappers in apps/server: sessionDto, toOrgDto, toMemberDto, toUserDto).

export type Grant = { orgId: number; orgName: string; role: Role };

export type Session = {
  user: { id: number; username: string; displayName: string | null; memberId: number | null; mustChangePassword: boolean };
  grants: Grant[];
  permissions: Permission[];
  csrfToken: string;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export type Org = {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  type: OrgType;
  unitId: number | null;
  unitName: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  termStart: string | null;
  termEnd: string | null;
  contact: string | null;
  contactPhone: string | null;
  memberCount: number;
};

export type OrgWarning = { rule: string; level: 'info' | 'warning' | 'error'; message: string };

export type CommitteeMember = {
  id: number;
  memberId: number;
  memberName: string;
  post: CommitteePost;
  startedOn: string;
  endedOn: string | null;
};

export type OrgDetail = Org & {
  facts: { members: number; fullMembers: number; subtreeMembers: number; committeeSize: number };
  warnings: OrgWarning[];
  committee: CommitteeMember[];
  abilities: { edit: boolean; createChild: boolean; move: boolean; dissolve: boolean };
};

export type Unit = { id: number; name: string; type: string; creditCode: string | null };

export type Member = {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  gender: string;
  ethnicity: string;
  idNumber: string;
  birthDate: string;
  education: string | null;
  category: string;
  joinDate: string;
  fullDate: string | null;
  jobPost: string | null;
  phone: string | null;
  status: string;
  rank: string | null;
  partyPost: string | null;
  cadreType: string | null;
  lostContact: boolean;
  lostContactDate: string | null;
  flowing: boolean;
  flowTo: string | null;
  hardship: boolean;
  retired: boolean;
};

export type MemberDetail = Member & {
  hasAddress: boolean;
  statusHistory: { id: number; fromStatus: string | null; toStatus: string; changedOn: string; reason: string | null }[];
  orgHistory: { id: number; movedOn: string; reason: string | null; fromOrgName: string | null; toOrgName: string | null }[];
  abilities: { edit: boolean; viewSensitive: boolean };
};

export type MemberSensitive = { idNumber: string; phone: string | null; address: string | null };

export type ImportProgress = { phase: 'reading' | 'validating' | 'importing' | 'done'; processed: number; total: number };
export type ImportError = { row: number; column: string; message: string };
export type ImportResult = { ok: true; created: number; updated: number; total: number } | { ok: false; errors: ImportError[]; total: number };
export type ImportJobState = { progress: ImportProgress; result: ImportResult | null; error: { code: string; message: string } | null };

export type User = {
  id: number;
  username: string;
  displayName: string | null;
  memberId: number | null;
  disabled: boolean;
  mustChangePassword: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  grants: Grant[];
  /** What the caller may do with this account (the server's account policy decides). */
  abilities: { edit: boolean; resetPassword: boolean; disable: boolean; editGrants: boolean };
};

export type AuditEntry = {
  id: string;
  at: string;
  actorName: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
};

export type AuditVerify = { ok: boolean; checked: number; brokenAt?: string | number; reason?: string };
