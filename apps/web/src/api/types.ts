import type {
  auditEntryDto,
  auditVerifyDto,
  committeeMemberDto,
  grantDto,
  importErrorDto,
  importJobStateDto,
  importProgressDto,
  importResultDto,
  JsonOf,
  memberDetailDto,
  memberDto,
  memberSensitiveDto,
  orgDetailDto,
  orgDto,
  orgWarningDto,
  pageMeta,
  sessionDto,
  unitDto,
  userDto,
} from '@xianfeng/shared';

// The server's answers, inferred from the response schemas in @xianfeng/shared (the server
// encodes every answer with them): JsonOf is the JSON side, timestamps as ISO strings.

export type Grant = JsonOf<typeof grantDto>;
export type Session = JsonOf<typeof sessionDto>;

export type Page<T> = JsonOf<typeof pageMeta> & { items: T[] };

export type Org = JsonOf<typeof orgDto>;
export type OrgWarning = JsonOf<typeof orgWarningDto>;
export type CommitteeMember = JsonOf<typeof committeeMemberDto>;
export type OrgDetail = JsonOf<typeof orgDetailDto>;
export type Unit = JsonOf<typeof unitDto>;

export type Member = JsonOf<typeof memberDto>;
export type MemberDetail = JsonOf<typeof memberDetailDto>;
export type MemberSensitive = JsonOf<typeof memberSensitiveDto>;

export type ImportProgress = JsonOf<typeof importProgressDto>;
export type ImportError = JsonOf<typeof importErrorDto>;
export type ImportResult = JsonOf<typeof importResultDto>;
export type ImportJobState = JsonOf<typeof importJobStateDto>;

export type User = JsonOf<typeof userDto>;

export type AuditEntry = JsonOf<typeof auditEntryDto>;
export type AuditVerify = JsonOf<typeof auditVerifyDto>;
