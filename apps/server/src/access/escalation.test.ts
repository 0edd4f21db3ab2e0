import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markPresent, placeInGroup } from '../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.ts';

// The escalation matrix (issue "Trust before breadth", H1–H4): every role that manages accounts ×
// every account operation × targets — itself, a peer, an account with one grant in reach and a
// higher one elsewhere, each of the three separated admins and a committee admin. No cell may
// hand the caller a right it does not hold; the positive controls show the operations work.

let env: TestEnv;
const as = {} as Record<Manager, TestClient>;
const id = {} as Record<string, number>;

const MANAGERS = ['admin', 'unitadmin', 'sec_a1', 'sysadmin', 'secadmin'] as const;
type Manager = (typeof MANAGERS)[number];
type Target = 'self' | 'peer' | 'higherElsewhere' | 'sysadmin' | 'secadmin' | 'auditor' | 'committeeAdmin';
const TARGETS: Target[] = ['self', 'peer', 'higherElsewhere', 'sysadmin', 'secadmin', 'auditor', 'committeeAdmin'];

const addAccount = async (username: string, grants: [number, string][], memberId: number | null = null) => {
  id[username] = await env.addAccount(username, grants, memberId);
};

beforeAll(async () => {
  env = await createTestEnv();
  const { root, a, a1, b1 } = env.fx;
  Object.assign(id, env.fx.users);
  await addAccount('peer_admin', [[root.id, 'committee_admin']]);
  await addAccount('peer_unit', [[a.id, 'org_admin']]);
  await addAccount('peer_a1', [[a1.id, 'org_admin']]);
  await addAccount('peer_sys', [[root.id, 'system_admin']]);
  await addAccount('peer_sec', [[root.id, 'security_admin']]);
  // H4: a committee admin who also holds a member grant in branch A1.
  await addAccount('cadmin_member', [[a1.id, 'member'], [root.id, 'committee_admin']], env.fx.membersA1[5]);
  await addAccount('mixed_ab', [[a1.id, 'member'], [b1.id, 'org_admin']], env.fx.membersA1[6]);
  await addAccount('mixed_a1a', [[a1.id, 'member'], [a.id, 'org_admin']], env.fx.membersA1[7]);
  for (const m of MANAGERS) as[m] = await env.login(m);
});
afterAll(() => env.close());

const TARGET_OF: Record<Manager, Record<Target, string>> = {
  admin: { self: 'admin', peer: 'peer_admin', higherElsewhere: 'cadmin_member', sysadmin: 'sysadmin', secadmin: 'secadmin', auditor: 'auditor', committeeAdmin: 'peer_admin' },
  unitadmin: { self: 'unitadmin', peer: 'peer_unit', higherElsewhere: 'mixed_ab', sysadmin: 'sysadmin', secadmin: 'secadmin', auditor: 'auditor', committeeAdmin: 'cadmin_member' },
  sec_a1: { self: 'sec_a1', peer: 'peer_a1', higherElsewhere: 'mixed_a1a', sysadmin: 'sysadmin', secadmin: 'secadmin', auditor: 'auditor', committeeAdmin: 'cadmin_member' },
  sysadmin: { self: 'sysadmin', peer: 'peer_sys', higherElsewhere: 'mixed_ab', sysadmin: 'peer_sys', secadmin: 'secadmin', auditor: 'auditor', committeeAdmin: 'admin' },
  secadmin: { self: 'secadmin', peer: 'peer_sec', higherElsewhere: 'mixed_ab', sysadmin: 'sysadmin', secadmin: 'peer_sec', auditor: 'auditor', committeeAdmin: 'admin' },
};

const WRITE_OPS = {
  resetPassword: (c: TestClient, target: number) => c.post(`/api/users/${target}/password`, { password: 'Taken@2026over' }),
  disable: (c: TestClient, target: number) => c.patch(`/api/users/${target}`, { disabled: true }),
  relink: (c: TestClient, target: number) => c.patch(`/api/users/${target}`, { memberId: env.fx.membersA1[4] }),
  edit: (c: TestClient, target: number) => c.patch(`/api/users/${target}`, { displayName: '被改名' }),
};

/** The only cells where an operation succeeds are the positive controls below; every cell here is refused. */
function expectedWrite(manager: Manager): number {
  // The security admin sees every account but holds no user.write; the others do not see these targets.
  return manager === 'secadmin' ? 403 : 404;
}

describe('account operations on targets out of reach are refused and change nothing', () => {
  for (const manager of MANAGERS) {
    for (const [op, call] of Object.entries(WRITE_OPS)) {
      it(`${manager} × ${op}`, async () => {
        const results: Record<string, number> = {};
        const before = await env.deps.db.selectFrom('app_user').select(['id', 'password_hash', 'disabled', 'member_id', 'display_name']).orderBy('id').execute();
        for (const t of TARGETS) results[t] = (await call(as[manager], id[TARGET_OF[manager][t]])).statusCode;
        const after = await env.deps.db.selectFrom('app_user').select(['id', 'password_hash', 'disabled', 'member_id', 'display_name']).orderBy('id').execute();
        expect(results).toEqual(Object.fromEntries(TARGETS.map((t) => [t, expectedWrite(manager)])));
        expect(after).toEqual(before);
      });
    }
  }
});

describe('grants', () => {
  const memberGrant = { grants: [{ orgId: 0, role: 'member' }] };
  const body = () => ({ grants: memberGrant.grants.map((g) => ({ ...g, orgId: env.fx.a1.id })) });

  for (const manager of ['admin', 'unitadmin', 'sec_a1'] as const) {
    it(`${manager} reaches none of the targets' grants`, async () => {
      const results = Object.fromEntries(await Promise.all(TARGETS.map(async (t) => [t, (await as[manager].put(`/api/users/${id[TARGET_OF[manager][t]]}/grants`, body())).statusCode])));
      expect(results).toEqual(Object.fromEntries(TARGETS.map((t) => [t, 404])));
    });
  }

  it('the system admin grants nothing', async () => {
    for (const t of TARGETS) expect((await as.sysadmin.put(`/api/users/${id[TARGET_OF.sysadmin[t]]}/grants`, body())).statusCode, t).toBe(403);
  });

  it('H1: the security admin cannot change its own grants, nor hold two separated roles', async () => {
    const own = await as.secadmin.put(`/api/users/${id.secadmin}/grants`, { grants: [{ orgId: env.fx.root.id, role: 'security_admin' }, { orgId: env.fx.root.id, role: 'committee_admin' }] });
    expect(own.statusCode).toBe(400);
    const ownOnly = await as.secadmin.put(`/api/users/${id.secadmin}/grants`, { grants: [{ orgId: env.fx.root.id, role: 'committee_admin' }] });
    expect(ownOnly.statusCode).toBe(403);
    expect(ownOnly.json().message).toContain('自己');
    const twoAdmins = await as.secadmin.put(`/api/users/${id.peer_sys}/grants`, { grants: [{ orgId: env.fx.root.id, role: 'system_admin' }, { orgId: env.fx.root.id, role: 'audit_admin' }] });
    expect(twoAdmins.statusCode).toBe(400);
    const roles = await env.deps.db.selectFrom('role_grant').select('role').where('user_id', '=', id.secadmin).execute();
    expect(roles.map((r) => r.role)).toEqual(['security_admin']);
    // And it still cannot read what those roles would give.
    expect((await as.secadmin.get(`/api/members/${env.fx.membersA1[0]}/sensitive`)).statusCode).toBe(404);
    expect((await as.secadmin.get('/api/audit')).statusCode).toBe(403);
  });

  it('the database refuses a separated role next to another role, whoever writes it', async () => {
    const write = env.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('role_grant').values({ user_id: id.auditor, org_id: env.fx.root.id, role: 'committee_admin', created_at: env.clock.now }).execute();
    });
    await expect(write).rejects.toThrow(/三员分立/);
    const roles = await env.deps.db.selectFrom('role_grant').select('role').where('user_id', '=', id.auditor).execute();
    expect(roles.map((r) => r.role)).toEqual(['audit_admin']);
  });
});

describe('creating accounts hands out only what the creator may grant', () => {
  let n = 0;
  const create = (c: TestClient, grants: { orgId: number; role: string }[], extra: object = {}) =>
    c.post('/api/users', { username: `created${++n}`, password: 'Abcdef12!x', grants, ...extra });

  it('each manager: roles above its reach are refused', async () => {
    const { root, a, a1, a1g, b1 } = env.fx;
    const cases: [Manager, { orgId: number; role: string }[], number][] = [
      ['admin', [{ orgId: root.id, role: 'committee_admin' }], 403],
      ['admin', [{ orgId: root.id, role: 'org_admin' }], 403],
      ['admin', [{ orgId: a.id, role: 'org_admin' }], 201],
      ['unitadmin', [{ orgId: a.id, role: 'org_admin' }], 403],
      ['unitadmin', [{ orgId: b1.id, role: 'member' }], 403],
      ['unitadmin', [{ orgId: a1.id, role: 'org_admin' }], 201],
      ['sec_a1', [{ orgId: a1.id, role: 'org_admin' }], 403],
      ['sec_a1', [{ orgId: a1g.id, role: 'org_admin' }], 201],
      ['sec_a1', [{ orgId: a1.id, role: 'member' }], 201],
      ['sysadmin', [{ orgId: a1.id, role: 'member' }], 403],
      ['secadmin', [], 403],
    ];
    for (const [manager, grants, status] of cases) expect((await create(as[manager], grants)).statusCode, `${manager} ${JSON.stringify(grants)}`).toBe(status);
  });

  it('H3: linking an account to a member needs the right to manage that member', async () => {
    expect((await create(as.sysadmin, [], { memberId: env.fx.membersA1[3] })).statusCode).toBe(404);
    expect((await create(as.unitadmin, [{ orgId: env.fx.a1.id, role: 'member' }], { memberId: env.fx.membersB1[0] })).statusCode).toBe(404);
    // A grant-less account the system admin made cannot be linked by it either.
    const made = (await create(as.sysadmin, [])).json().id;
    expect((await as.sysadmin.patch(`/api/users/${made}`, { memberId: env.fx.membersA1[3] })).statusCode).toBe(404);
    expect((await env.deps.db.selectFrom('app_user').select('member_id').where('id', '=', made).executeTakeFirstOrThrow()).member_id).toBeNull();
  });
});

describe('positive controls: managing the accounts below works', () => {
  it('the committee admin resets a unit admin; the new password must be changed at login', async () => {
    expect((await as.admin.post(`/api/users/${id.unitadmin}/password`, { password: 'Reset@2026new' })).statusCode).toBe(200);
    const c = await env.login('unitadmin', 'Reset@2026new');
    expect((await c.get('/api/auth/session')).json().user.mustChangePassword).toBe(true);
  });

  it('a unit admin manages its branch secretary and a member, and re-links inside its subtree', async () => {
    const unit = await env.login('peer_unit');
    expect((await unit.patch(`/api/users/${id.sec_a1}`, { displayName: '综合处书记' })).statusCode).toBe(200);
    expect((await unit.patch(`/api/users/${id.member_a1}`, { memberId: env.fx.membersA1[2] })).statusCode).toBe(200);
    const list = (await unit.get('/api/users?pageSize=100')).json().items as { username: string; abilities: Record<string, boolean> }[];
    expect(list.find((u) => u.username === 'member_a1')!.abilities).toEqual({ edit: true, resetPassword: true, disable: true, editGrants: true });
    expect(list.map((u) => u.username)).not.toContain('unitadmin');
    expect(list.map((u) => u.username)).not.toContain('mixed_ab');
  });

  it('a branch secretary resets a member of its branch', async () => {
    expect((await as.sec_a1.post(`/api/users/${id.member_a1}/password`, { password: 'Member@2026x' })).statusCode).toBe(200);
  });

  it('the system admin manages the grant-less account it created', async () => {
    const made = (await as.sysadmin.post('/api/users', { username: 'fresh_account', password: 'Abcdef12!x', grants: [] })).json();
    expect(made.abilities).toMatchObject({ resetPassword: true, editGrants: false });
    expect((await as.sysadmin.post(`/api/users/${made.id}/password`, { password: 'Other@2026pw' })).statusCode).toBe(200);
    // Once the security admin grants it a role, it is out of the system admin's reach.
    expect((await as.secadmin.put(`/api/users/${made.id}/grants`, { grants: [{ orgId: env.fx.a1.id, role: 'member' }] })).statusCode).toBe(200);
    expect((await as.sysadmin.post(`/api/users/${made.id}/password`, { password: 'Third@2026pw' })).statusCode).toBe(404);
  });

  it('every refused write above was audited as a denial or answered 404 without a change', async () => {
    const denied = await env.deps.db.selectFrom('audit_log').select(['actor_name', 'action']).where('action', '=', 'access.denied').execute();
    expect(denied.some((d) => d.actor_name === 'secadmin')).toBe(true);
  });
});

describe('NK-1 through another account, and accounts out of use', () => {
  it('an admin cannot approve a record of an account it created or reset, the level above can', async () => {
    const sec = await env.login('sec_a1');
    // The secretary makes an admin of its own 党小组, logs in with it, and records a group meeting.
    const made = await sec.post('/api/users', { username: 'sock_puppet', password: 'Init@2026abc', grants: [{ orgId: env.fx.a1g.id, role: 'org_admin' }] });
    expect(made.statusCode, made.body).toBe(201);
    const puppet = await env.login('sock_puppet', 'Init@2026abc');
    expect((await puppet.post('/api/auth/password', { oldPassword: 'Init@2026abc', newPassword: 'Mine@2026sock' })).statusCode).toBe(200);
    const again = await env.login('sock_puppet', 'Mine@2026sock');
    await placeInGroup(env, env.fx.a1g.id, [env.fx.membersA1[7]]);
    const rec = await again.post('/api/activities', { orgId: env.fx.a1g.id, types: ['group_meeting'], title: '补录的党小组会', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00' });
    expect(rec.statusCode, rec.body).toBe(201);
    await markPresent(again, rec.json().id);
    expect((await again.post(`/api/activities/${rec.json().id}/submit`)).statusCode).toBe(200);
    const own = await sec.post(`/api/activities/${rec.json().id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('本人创建或重置过密码的账户');
    expect((await sec.get('/api/activities?toReview=true')).json().items.map((i: { id: number }) => i.id)).not.toContain(rec.json().id);
    const unit = await env.login('peer_unit'); // an admin of the unit above the branch
    expect((await unit.post(`/api/activities/${rec.json().id}/approve`, {})).statusCode).toBe(200);
  });

  it('the security admin cannot empty or change a separated admin’s grants (and so hand it to the system admin)', async () => {
    const secadmin = await env.login('secadmin');
    const res = await secadmin.put(`/api/users/${id.auditor}/grants`, { grants: [] });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('三员');
    expect((await env.deps.db.selectFrom('role_grant').select('role').where('user_id', '=', id.auditor).execute()).map((r) => r.role)).toEqual(['audit_admin']);
  });

  it('an account in use whose grants were all removed is out of every admin’s reach', async () => {
    const secadmin = await env.login('secadmin');
    // A committee admin stripped of its role (its account has been used: it logged in).
    await env.login('peer_admin');
    expect((await secadmin.put(`/api/users/${id.peer_admin}/grants`, { grants: [] })).statusCode).toBe(200);
    const sysadmin = await env.login('sysadmin');
    const reset = await sysadmin.post(`/api/users/${id.peer_admin}/password`, { password: 'Sys@Known2026' });
    expect(reset.statusCode).toBe(403);
    expect(reset.json().message).toContain('npm run account');
  });
});
