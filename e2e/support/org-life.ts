import { apiLogin, type ApiSession } from './api.ts';
import { E2E_PASSWORD } from './accounts.ts';
import { makeIdNumber } from './roster.ts';

export type LifeBranch = {
  branchId: number;
  branchName: string;
  unitOrgId: number;
  secretary: string;
  member: string;
  memberName: string;
};

const INITIAL = 'Init@Pass2026';

/** A new account through the API, with its initial password already changed (as its owner would). */
async function account(baseURL: string, admin: ApiSession, username: string, memberId: number, grants: { orgId: number; role: string }[]) {
  await admin.send('POST', '/users', { username, password: INITIAL, memberId, grants });
  const own = await apiLogin(baseURL, username, INITIAL);
  await own.send('POST', '/auth/password', { oldPassword: INITIAL, newPassword: E2E_PASSWORD });
}

/**
 * A branch of its own for an organisational-life journey, under the demo unit admin's 机关党委:
 * three members, a committee of three (so 支委会 applies, ZB-21 in docs/RULES.md), a secretary account and a member
 * account. Founded at the start of the year, so this month's requirements apply to it.
 */
export async function arrangeLifeBranch(baseURL: string): Promise<LifeBranch> {
  const admin = await apiLogin(baseURL, 'admin');
  const users = await admin.get<{ items: { username: string; grants: { orgId: number; role: string }[] }[] }>('/users?q=unitadmin');
  const unitOrgId = users.items.find((u) => u.username === 'unitadmin')!.grants[0].orgId;
  const tag = String(Date.now() % 100000);
  const branchName = `考核演练党支部${tag}`;
  const branch = await admin.send<{ id: number }>('POST', '/orgs', { parentId: unitOrgId, name: branchName, type: 'branch', foundedOn: `${new Date().getFullYear()}-01-01` });
  const people = [
    ['林书记', '男', '1975-03-02'],
    ['许委员', '女', '1982-06-15'],
    ['何委员', '男', '1988-09-09'],
  ] as const;
  const ids: number[] = [];
  for (const [i, [name, gender, birthDate]] of people.entries()) {
    const m = await admin.send<{ id: number }>('POST', '/members', {
      orgId: branch.id, name, gender, ethnicity: '汉族', idNumber: makeIdNumber(birthDate, gender, Number(tag) * 3 + i, '320105'), birthDate,
      education: 'bachelor', category: 'full', joinDate: '2005-07-01', fullDate: '2006-07-01', lostContact: false, flowing: false, hardship: false, retired: false,
    });
    ids.push(m.id);
  }
  for (const [memberId, post] of [[ids[0], 'secretary'], [ids[1], 'organization'], [ids[2], 'propaganda']] as const) {
    await admin.send('POST', `/orgs/${branch.id}/committee`, { memberId, post, startedOn: `${new Date().getFullYear()}-01-01` });
  }
  const secretary = `lifesec${tag}`;
  const member = `lifemem${tag}`;
  await account(baseURL, admin, secretary, ids[0], [{ orgId: branch.id, role: 'org_admin' }, { orgId: branch.id, role: 'member' }]);
  await account(baseURL, admin, member, ids[1], [{ orgId: branch.id, role: 'member' }]);
  return { branchId: branch.id, branchName, unitOrgId, secretary, member, memberName: people[1][0] };
}
