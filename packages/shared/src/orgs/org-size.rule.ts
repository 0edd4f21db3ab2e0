import { BRANCH_TYPES, type OrgType } from './org.contract.ts';

// Organisation-setting rules. Each warning cites an id of docs/RULES.md (ZB-*, JG-*; see ORG-1);
// none blocks a change, since the 条例 say "generally" (一般) and higher approval can allow exceptions.

export type OrgFacts = {
  type: OrgType;
  /** 正式党员 of the organisation, its 党小组 included (normal status). */
  fullMembers: number;
  /** All members of the organisation, its 党小组 included (normal status). */
  members: number;
  /** All members in the subtree (normal status), for 机关党委 / 党总支 thresholds. */
  subtreeMembers: number;
  /** Serving committee members (书记 and 副书记 included). */
  committeeSize: number;
  termEnd: string | null;
};

export type OrgWarning = { rule: string; level: 'info' | 'warning' | 'error'; message: string };

export const TERM_REMINDER_MONTHS = 6; // ZB-24

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** ZB-21/JG-3: a branch with 7 or more 正式党员 should have a committee (支部委员会) of 3 to 5. */
export const COMMITTEE_THRESHOLD = 7;
export const needsBranchCommittee = (f: Pick<OrgFacts, 'fullMembers' | 'committeeSize'>) => f.fullMembers >= COMMITTEE_THRESHOLD && f.committeeSize < 3;

function branchWarnings(f: OrgFacts): OrgWarning[] {
  const out: OrgWarning[] = [];
  if (f.type === 'branch' && f.fullMembers < 3) {
    out.push({ rule: 'ZB-1/ZB-3', level: 'warning', message: `正式党员${f.fullMembers}名，不足3名，一般应与邻近单位成立联合党支部` });
  }
  if (f.members > 50) {
    out.push({ rule: 'ZB-2', level: 'warning', message: `党员${f.members}名，党支部党员人数一般不超过50名，可考虑分设` });
  }
  if (needsBranchCommittee(f)) {
    out.push({ rule: 'ZB-21/JG-3', level: 'error', message: `正式党员${f.fullMembers}名（7名以上），应当成立支部委员会，委员一般3至5名` });
  }
  if (f.fullMembers < 7 && f.committeeSize > 2) {
    out.push({ rule: 'ZB-22', level: 'info', message: '正式党员不足7名，一般不设支部委员会，设书记1名，必要时设副书记1名' });
  }
  if (f.committeeSize > 7) {
    out.push({ rule: 'ZB-21', level: 'warning', message: `支部委员会${f.committeeSize}人，一般不超过7人` });
  }
  return out;
}

function committeeLevelWarnings(f: OrgFacts): OrgWarning[] {
  if (f.type === 'organ_committee' && f.subtreeMembers < 100) {
    return [{ rule: 'JG-1', level: 'info', message: `机关党员${f.subtreeMembers}名，不足100名，设立机关党委须经上级党组织批准` }];
  }
  if (f.type === 'general_branch' && f.subtreeMembers > 100) {
    return [{ rule: 'JG-1', level: 'warning', message: `党员${f.subtreeMembers}名，超过100名，一般应设立机关党委` }];
  }
  if (f.type === 'general_branch' && f.subtreeMembers < 50) {
    return [{ rule: 'JG-2', level: 'info', message: `党员${f.subtreeMembers}名，不足50名，设立党总支须经上级党组织批准` }];
  }
  return [];
}

function termWarnings(f: OrgFacts, asOf: string): OrgWarning[] {
  if (!f.termEnd || f.type === 'party_group') return [];
  if (f.termEnd < asOf) {
    return [{ rule: 'ZB-24', level: 'error', message: `任期已于${f.termEnd}届满，应按期换届` }];
  }
  if (addMonths(asOf, TERM_REMINDER_MONTHS) >= f.termEnd) {
    return [{ rule: 'ZB-24', level: 'warning', message: `任期将于${f.termEnd}届满，请做好换届准备` }];
  }
  return [];
}

export function orgWarnings(f: OrgFacts, asOf: string): OrgWarning[] {
  const size = BRANCH_TYPES.includes(f.type) ? branchWarnings(f) : committeeLevelWarnings(f);
  return [...size, ...termWarnings(f, asOf)];
}
