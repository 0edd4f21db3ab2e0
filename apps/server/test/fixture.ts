import { idNumberCheckChar, type MemberCreateInput } from '@xianfeng/shared';
import type { AppDeps } from '../src/http/deps.ts';
import { hashPassword } from '../src/lib/password.ts';
import { insertOrg, insertRootOrg } from '../src/features/orgs/orgs.repository.ts';
import { setCityGoLive } from '../src/features/orgs/go-live.repository.ts';
import { memberColumns } from '../src/features/members/member-mapping.ts';

/** A valid 公民身份号码 for a birth date and sex (sequence chooses among many). */
export function makeIdNumber(birthDate: string, gender: '男' | '女', seq = 1): string {
  const s = (seq * 2 + (gender === '男' ? 1 : 0)) % 1000;
  const first17 = `320102${birthDate.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

let serial = 0;
export function memberInput(orgId: number, over: Partial<MemberCreateInput> = {}): MemberCreateInput {
  serial++;
  const birthDate = over.birthDate ?? `198${serial % 10}-0${(serial % 9) + 1}-1${serial % 10}`;
  const gender = over.gender ?? (serial % 2 ? '男' : '女');
  return {
    orgId,
    name: `党员${'甲乙丙丁戊己庚辛壬癸'[serial % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(serial / 10) % 12]}${'东南西北中'[Math.floor(serial / 120) % 5]}`,
    gender,
    ethnicity: '汉族',
    idNumber: makeIdNumber(birthDate, gender, serial),
    birthDate,
    education: 'bachelor',
    category: 'full',
    joinDate: '2010-07-01',
    fullDate: '2011-07-01',
    jobPost: '公务员',
    phone: `139${String(10000000 + serial).slice(-8)}`,
    address: '南京市玄武区中山路1号',
    lostContact: false,
    flowing: false,
    rank: 'section',
    hardship: false,
    retired: false,
    ...over,
  };
}

export type Fixture = Awaited<ReturnType<typeof seedFixture>>;

/**
 * 工委 ─┬ A 机关党委 ─┬ A1 党支部 (8 members) ─ A1 第一党小组
 *       │            └ A2 党支部 (3 members)
 *       └ B 机关党委 ── B1 党支部 (4 members)
 * and one account per kind of user.
 */
export async function seedFixture(deps: AppDeps) {
  const now = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const at = (parent: { id: number; path: string; depth: number }, name: string, type: string) =>
      insertOrg(trx, { parent, name, type, unitId: null, foundedOn: '2020-01-01', termStart: null, termEnd: null, contact: null, contactPhone: null, now });
    const place = async (id: number) => trx.selectFrom('org').select(['id', 'path', 'depth']).where('id', '=', id).executeTakeFirstOrThrow();
    const root = await place(await insertRootOrg(trx, '市直机关工委', 'working_committee', now));
    const a = await place(await at(root, 'A局机关党委', 'organ_committee'));
    const b = await place(await at(root, 'B局机关党委', 'organ_committee'));
    const a1 = await place(await at(a, 'A局综合处党支部', 'branch'));
    const a2 = await place(await at(a, 'A局业务处党支部', 'branch'));
    const b1 = await place(await at(b, 'B局综合处党支部', 'branch'));
    const a1g = await place(await at(a1, 'A局综合处第一党小组', 'party_group'));
    // Live since 2020 (GO-1), so every period the tests look at is judged.
    await setCityGoLive(trx, '2020-01-01');
    const addMembers = async (orgId: number, names: string[]) => {
      const ids: number[] = [];
      for (const name of names) {
        const { id } = await trx.insertInto('member').values({ ...memberColumns(memberInput(orgId, { name }), deps.cipher, now), created_at: now }).returning('id').executeTakeFirstOrThrow();
        ids.push(id);
      }
      return ids;
    };
    const membersA1 = await addMembers(a1.id, ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八']);
    const membersA2 = await addMembers(a2.id, ['冯甲', '陈乙', '褚丙']);
    const membersB1 = await addMembers(b1.id, ['卫子', '蒋丑', '沈寅', '韩卯']);
    const hash = await hashPassword(PASSWORD_FOR_FIXTURE);
    const users: Record<string, number> = {};
    const account = async (username: string, grants: [number, string][], memberId: number | null = null) => {
      const { id } = await trx
        .insertInto('app_user')
        .values({ username, display_name: username, password_hash: hash, member_id: memberId, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (grants.length) await trx.insertInto('role_grant').values(grants.map(([orgId, role]) => ({ user_id: id, org_id: orgId, role, created_at: now }))).execute();
      users[username] = id;
    };
    await account('admin', [[root.id, 'committee_admin']]);
    await account('unitadmin', [[a.id, 'org_admin']]);
    await account('sec_a1', [[a1.id, 'org_admin'], [a1.id, 'member']], membersA1[0]);
    await account('sec_a2', [[a2.id, 'org_admin']], membersA2[0]);
    await account('member_a1', [[a1.id, 'member']], membersA1[1]);
    await account('sysadmin', [[root.id, 'system_admin']]);
    await account('secadmin', [[root.id, 'security_admin']]);
    await account('auditor', [[root.id, 'audit_admin']]);
    return { root, a, b, a1, a2, b1, a1g, membersA1, membersA2, membersB1, users };
  });
}

export const PASSWORD_FOR_FIXTURE = 'Test@2026pass';
