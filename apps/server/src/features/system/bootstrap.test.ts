import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { createCaches, type AppDeps } from '../../http/deps.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { createDiskFileStore } from '../../lib/file-store.ts';
import { verifyPassword } from '../../lib/password.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { bootstrap } from './bootstrap.ts';

// The first start: 三员分立 from the very first accounts, and on a database made before it was enforced.

let database: Database | undefined;
let filesDir: string | undefined;
afterEach(async () => {
  await database?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

async function freshDeps(): Promise<AppDeps> {
  database = await openTestDatabase();
  filesDir = mkdtempSync(path.join(os.tmpdir(), 'xf-files-'));
  return { db: database.db, dbKind: database.kind, cipher: createFieldCipher(Buffer.alloc(32, 7)), files: createDiskFileStore(filesDir), clock: () => new Date('2026-12-01T02:00:00Z'), sessionIdleMinutes: 30, secureCookies: false, caches: createCaches(database.changes) };
}

const rolesByUser = async (deps: AppDeps) => {
  const rows = await deps.db.selectFrom('role_grant').innerJoin('app_user', 'app_user.id', 'role_grant.user_id').select(['app_user.username', 'role_grant.role']).orderBy('app_user.username').execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.username] ??= []).push(r.role);
  return out;
};

describe('bootstrap', () => {
  it('an empty tree: admin is only the committee admin; the three admins are separate accounts with their own passwords', async () => {
    const deps = await freshDeps();
    const lines: string[] = [];
    await bootstrap(deps, { initialAdminPassword: null, demoData: false, log: (m) => lines.push(m) });
    expect(await rolesByUser(deps)).toEqual({ admin: ['committee_admin'], auditor: ['audit_admin'], secadmin: ['security_admin'], sysadmin: ['system_admin'] });
    const passwords = Object.fromEntries(lines.flatMap((l) => [...l.matchAll(/(admin|sysadmin|secadmin|auditor)\S*\s+密码：(\S+)/g)].map((m) => [m[1], m[2]])));
    expect(Object.keys(passwords).sort()).toEqual(['admin', 'auditor', 'secadmin', 'sysadmin']);
    expect(new Set(Object.values(passwords)).size).toBe(4);
    const stored = await deps.db.selectFrom('app_user').select(['username', 'password_hash', 'must_change_password']).execute();
    for (const u of stored) {
      expect(await verifyPassword(passwords[u.username], u.password_hash), u.username).toBe(true);
      expect(u.must_change_password).toBe(true);
    }
  });

  it('a database whose admin held 工委管理员 and 安全管理员 together is split at the next start, audited', async () => {
    const deps = await freshDeps();
    await bootstrap(deps, { initialAdminPassword: 'Chosen@2026pw', demoData: false, log: () => {} });
    // As the old bootstrap left it: admin with both roles, and no separate security admin.
    const admin = await deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const root = await deps.db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    await deps.db.deleteFrom('app_user').where('username', '=', 'secadmin').execute();
    await disableSeparationTrigger(deps, async () => {
      await deps.db.insertInto('role_grant').values({ user_id: admin.id, org_id: root.id, role: 'security_admin', created_at: new Date() }).execute();
    });
    const lines: string[] = [];
    await bootstrap(deps, { initialAdminPassword: 'Chosen@2026pw', demoData: false, log: (m) => lines.push(m) });
    const roles = await rolesByUser(deps);
    expect(roles.admin).toEqual(['committee_admin']);
    expect(roles.secadmin).toEqual(['security_admin']);
    expect(lines.join('\n')).toContain('安全管理员已撤销');
    expect(lines.join('\n')).toMatch(/已新建安全管理员账户 secadmin\s+密码：\S+/);
    const audited = await deps.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'user.grants_separated').execute();
    expect(audited).toEqual([{ action: 'user.grants_separated', actor_name: 'system:bootstrap' }]);
  });
});

/** Writes as an old version could, with the 三员分立 trigger off for the moment. */
async function disableSeparationTrigger(deps: AppDeps, write: () => Promise<void>) {
  await sql`alter table role_grant disable trigger role_separation`.execute(deps.db);
  try {
    await write();
  } finally {
    await sql`alter table role_grant enable trigger role_separation`.execute(deps.db);
  }
}
