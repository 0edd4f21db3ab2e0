import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { makeIdNumber } from '../../../test/fixture.ts';

let env: TestEnv;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

const lastAudit = async (action: string) =>
  env.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

describe('organisation tree', () => {
  it('creates a branch under a committee and records it in the audit log', async () => {
    const res = await admin.post('/api/orgs', { parentId: env.fx.a.id, name: 'A局新设党支部', type: 'branch', termStart: '2026-01-01', termEnd: '2029-01-01' });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org.path).toBe(`${env.fx.a.path}${org.id}/`);
    expect((await lastAudit('org.create')).after).toMatchObject({ id: org.id, name: 'A局新设党支部' });
  });

  it('refuses a sibling with the same name, and a child under a 党小组', async () => {
    expect((await admin.post('/api/orgs', { parentId: env.fx.a.id, name: 'A局综合处党支部', type: 'branch' })).statusCode).toBe(409);
    const res = await admin.post('/api/orgs', { parentId: env.fx.a1g.id, name: '小组下的组织', type: 'party_group' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('党小组下不能再设组织');
  });

  it('renames with before and after in the audit log', async () => {
    const created = (await admin.post('/api/orgs', { parentId: env.fx.b.id, name: 'B局旧名党支部', type: 'branch' })).json();
    const res = await admin.patch(`/api/orgs/${created.id}`, { name: 'B局新名党支部' });
    expect(res.json().name).toBe('B局新名党支部');
    const a = await lastAudit('org.update');
    expect([(a.before as { name: string }).name, (a.after as { name: string }).name]).toEqual(['B局旧名党支部', 'B局新名党支部']);
  });

  it('moves a whole subtree: every path below follows and members stay', async () => {
    const x = (await admin.post('/api/orgs', { parentId: env.fx.a.id, name: '待移动党总支', type: 'general_branch' })).json();
    const y = (await admin.post('/api/orgs', { parentId: x.id, name: '待移动党支部', type: 'branch' })).json();
    const z = (await admin.post('/api/orgs', { parentId: y.id, name: '待移动党小组', type: 'party_group' })).json();
    const moved = await admin.post(`/api/orgs/${x.id}/move`, { newParentId: env.fx.b.id });
    expect(moved.statusCode).toBe(200);
    const orgs: { id: number; path: string; parentId: number }[] = (await admin.get('/api/orgs')).json();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    expect(byId.get(x.id)).toMatchObject({ parentId: env.fx.b.id, path: `${env.fx.b.path}${x.id}/` });
    expect(byId.get(z.id)!.path).toBe(`${env.fx.b.path}${x.id}/${y.id}/${z.id}/`);
    // The unit admin of A no longer sees it; nobody can move an org below itself.
    const unitadmin = await env.login('unitadmin');
    expect((await unitadmin.get(`/api/orgs/${y.id}`)).statusCode).toBe(404);
    const cycle = await admin.post(`/api/orgs/${x.id}/move`, { newParentId: z.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().message).toContain('下级');
  });

  it('merges two branches: members move with history and the source is dissolved', async () => {
    const src = (await admin.post('/api/orgs', { parentId: env.fx.b.id, name: '被合并党支部', type: 'branch' })).json();
    const m = await admin.post('/api/members', memberBody(src.id));
    expect(m.statusCode).toBe(201);
    const res = await admin.post(`/api/orgs/${src.id}/merge`, { intoId: env.fx.b1.id });
    expect(res.json()).toEqual({ movedMembers: 1 });
    const member = (await admin.get(`/api/members/${m.json().id}`)).json();
    expect(member.orgId).toBe(env.fx.b1.id);
    expect(member.orgHistory[0]).toMatchObject({ fromOrgName: '被合并党支部', toOrgName: 'B局综合处党支部' });
    const dissolved = (await admin.get(`/api/orgs/${src.id}`)).json();
    expect(dissolved.dissolvedOn).toBe('2026-11-23');
    expect((await admin.get('/api/orgs')).json().some((o: { id: number }) => o.id === src.id)).toBe(false);
    expect((await admin.get('/api/orgs?includeDissolved=true')).json().some((o: { id: number }) => o.id === src.id)).toBe(true);
  });

  it('dissolves only an empty organisation, or one whose members go elsewhere in the same step', async () => {
    const org = (await admin.post('/api/orgs', { parentId: env.fx.b.id, name: '将撤销党支部', type: 'branch', foundedOn: '2026-01-01' })).json();
    const m = (await admin.post('/api/members', memberBody(org.id))).json();
    const refused = await admin.post(`/api/orgs/${org.id}/dissolve`, { dissolvedOn: '2026-11-20' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('1名党员');
    expect((await admin.get(`/api/orgs/${org.id}`)).json().dissolvedOn).toBeNull();
    const ok = await admin.post(`/api/orgs/${org.id}/dissolve`, { dissolvedOn: '2026-11-20', moveMembersTo: env.fx.b1.id });
    expect(ok.json()).toEqual({ movedMembers: 1 });
    expect((await admin.get(`/api/members/${m.id}`)).json().orgId).toBe(env.fx.b1.id);
    expect((await admin.post(`/api/orgs/${env.fx.b.id}/dissolve`, { dissolvedOn: '2026-11-20' })).json().message).toContain('下级组织');
  });
});

describe('committee and the size rules', () => {
  it('a branch with 8 正式党员 and no committee is warned (ZB-21); electing one clears it', async () => {
    const before = (await admin.get(`/api/orgs/${env.fx.a1.id}`)).json();
    expect(before.facts).toMatchObject({ members: 8, fullMembers: 8, committeeSize: 0 });
    expect(before.warnings.map((w: { rule: string }) => w.rule)).toContain('ZB-21/JG-3');
    for (const [i, post] of ['secretary', 'organization', 'propaganda'].entries()) {
      const res = await admin.post(`/api/orgs/${env.fx.a1.id}/committee`, { memberId: env.fx.membersA1[i], post, startedOn: '2026-06-01' });
      expect(res.statusCode).toBe(201);
    }
    const after = (await admin.get(`/api/orgs/${env.fx.a1.id}`)).json();
    expect(after.committee.map((c: { memberName: string }) => c.memberName)).toEqual(['赵一', '钱二', '孙三']);
    expect(after.warnings.map((w: { rule: string }) => w.rule)).not.toContain('ZB-21/JG-3');
    const ended = await admin.post(`/api/orgs/${env.fx.a1.id}/committee/${after.committee[2].id}/end`, { endedOn: '2026-11-01' });
    expect(ended.statusCode).toBe(200);
    expect((await admin.get(`/api/orgs/${env.fx.a1.id}`)).json().warnings.map((w: { rule: string }) => w.rule)).toContain('ZB-21/JG-3');
  });

  it('committee members come from the organisation itself', async () => {
    const res = await admin.post(`/api/orgs/${env.fx.a2.id}/committee`, { memberId: env.fx.membersB1[0], post: 'secretary', startedOn: '2026-06-01' });
    expect(res.statusCode).toBe(400);
  });

  it('shows the term-end reminder six months ahead (ZB-24)', async () => {
    await admin.patch(`/api/orgs/${env.fx.a2.id}`, { termStart: '2024-03-01', termEnd: '2027-03-01' });
    const w = (await admin.get(`/api/orgs/${env.fx.a2.id}`)).json().warnings.find((x: { rule: string }) => x.rule === 'ZB-24');
    expect(w.message).toContain('2027-03-01');
  });
});

let serial = 900;
function memberBody(orgId: number) {
  const birthDate = '1990-05-17';
  return { orgId, name: '张合并', gender: '男', idNumber: makeIdNumber(birthDate, '男', ++serial), birthDate, category: 'full', joinDate: '2015-07-01', fullDate: '2016-07-01' };
}
