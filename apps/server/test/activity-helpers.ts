import type { MemberCreateInput } from '@xianfeng/shared';
import { expect } from 'vitest';
import { memberInput } from './fixture.ts';
import type { TestClient, TestEnv } from './harness.ts';

/**
 * Records the first expected member (or the members named) as present, as the secretary does
 * before a submit: a meeting with nobody present cannot go up for review.
 */
export async function markPresent(client: TestClient, activityId: number, memberIds?: number[]) {
  const detail = (await client.get(`/api/activities/${activityId}`)).json();
  const expected: number[] = detail.attendance.filter((r: { kind: string; pending: boolean }) => r.kind === 'expected' && !r.pending).map((r: { memberId: number }) => r.memberId);
  const present = new Set(memberIds ?? expected.slice(0, 1));
  const res = await client.put(`/api/activities/${activityId}/attendance`, {
    entries: expected.map((memberId) => ({ memberId, status: present.has(memberId) ? 'present' : 'absent' })),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Gives an organisation a committee of three serving from `startedOn` (ZB-21: COMMITTEE_MIN). */
export async function addCommittee(client: TestClient, orgId: number, members: readonly number[], startedOn = '2025-01-01') {
  const posts = ['secretary', 'organization', 'propaganda'] as const;
  for (const [i, memberId] of members.slice(0, 3).entries()) {
    const r = await client.post(`/api/orgs/${orgId}/committee`, { memberId, post: posts[i], startedOn });
    expect(r.statusCode, r.body).toBe(201);
  }
}

let added = 0;
/** A new member of an organisation (e.g. a 党小组), through the API; the birth date keeps the ID number apart from the fixture's. */
export async function addMember(client: TestClient, orgId: number, name: string, over: Partial<MemberCreateInput> = {}): Promise<number> {
  added++;
  const r = await client.post('/api/members', memberInput(orgId, { name, birthDate: `1991-0${(added % 9) + 1}-2${added % 10}`, ...over }));
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

/** Places fixture members in a 党小组 of their branch (the fixture's 党小组 has nobody): they stay in the branch's subtree. */
export async function placeInGroup(env: TestEnv, groupId: number, memberIds: number[]) {
  await env.deps.db.updateTable('member').set({ org_id: groupId }).where('id', 'in', memberIds).execute();
}
