import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/database.ts';
import { createTestEnv, MASTER_KEY, type TestEnv } from '../../../test/harness.ts';
import type { Database } from '../../db/connection.ts';
import { OperatorError } from '../../lib/operator-error.ts';
import { checkMasterKey, keyFingerprint } from './master-key.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'xf-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OTHER_KEY = Buffer.alloc(32, 9);

function keyConfig(name: string, masterKey: Buffer | null, fromEnv = false) {
  return { masterKey, masterKeyFile: path.join(dir, name, 'master.key'), masterKeyFromEnv: fromEnv };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(OperatorError);
  return (e as Error).message;
}

const recorded = async (database: Database) =>
  (await sql<{ fingerprint: string }>`select fingerprint from master_key_fingerprint`.execute(database.db)).rows.map((r) => r.fingerprint);

describe('master key fingerprint: a new database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('a command only checking neither generates a key nor records one', async () => {
    const config = keyConfig('fresh-check', null);
    expect(await checkMasterKey(database.db, config, { record: false })).toBeNull();
    expect(existsSync(config.masterKeyFile)).toBe(false);
    expect(await recorded(database)).toEqual([]);
  });

  it('the first start generates data/master.key and records its fingerprint (audited), not the key', async () => {
    const config = keyConfig('fresh', null);
    const logs: string[] = [];
    const key = await checkMasterKey(database.db, config, { record: true, log: (m) => logs.push(m) });
    expect(readFileSync(config.masterKeyFile, 'utf8')).toBe(key.toString('hex'));
    expect(await recorded(database)).toEqual([keyFingerprint(key)]);
    expect(keyFingerprint(key)).not.toContain(key.toString('hex'));
    expect(logs.join('\n')).toContain('已生成主密钥');
    const audit = await sql<{ action: string; after: { fingerprint: string } }>`select action, after from audit_log`.execute(database.db);
    expect(audit.rows).toEqual([{ action: 'system.master_key_recorded', after: expect.objectContaining({ fingerprint: keyFingerprint(key), upgrade: false }) }]);

    // The next start with the same key passes; with a key from elsewhere it is refused.
    expect((await checkMasterKey(database.db, { ...config, masterKey: key }, { record: true })).equals(key)).toBe(true);
    const message = await refusal(checkMasterKey(database.db, keyConfig('fresh', OTHER_KEY, true), { record: true }));
    expect(message).toContain('主密钥与数据库不符');
    expect(message).toContain(keyFingerprint(key).slice(0, 16));
    expect(message).toContain('XF_MASTER_KEY');
  });

  it('once a fingerprint is recorded, a missing key is refused and none is generated', async () => {
    const config = keyConfig('lost', null);
    for (const record of [true, false]) {
      const message = await refusal(checkMasterKey(database.db, config, { record }));
      expect(message).toContain('找不到主密钥');
      expect(message).toContain(config.masterKeyFile);
    }
    expect(existsSync(config.masterKeyFile)).toBe(false);
  });
});

describe('master key fingerprint: a database from before fingerprints (upgrade)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(); // members encrypted under MASTER_KEY, no fingerprint recorded
  });
  afterAll(() => env.close());

  it('refuses to start without a key on a database that holds data', async () => {
    const config = keyConfig('upgrade-none', null);
    expect(await refusal(checkMasterKey(env.database.db, config, { record: true }))).toContain('找不到主密钥');
    expect(existsSync(config.masterKeyFile)).toBe(false);
  });

  it('refuses a key that does not decrypt the members, and records nothing', async () => {
    const message = await refusal(checkMasterKey(env.database.db, keyConfig('upgrade-wrong', OTHER_KEY), { record: true }));
    expect(message).toContain('无法解密');
    expect(await recorded(env.database)).toEqual([]);
  });

  it('records the fingerprint of the key that decrypts them', async () => {
    const key = await checkMasterKey(env.database.db, keyConfig('upgrade', MASTER_KEY), { record: true });
    expect(key.equals(MASTER_KEY)).toBe(true);
    expect(await recorded(env.database)).toEqual([keyFingerprint(MASTER_KEY)]);
    await checkMasterKey(env.database.db, keyConfig('upgrade', MASTER_KEY), { record: false });
    expect(await refusal(checkMasterKey(env.database.db, keyConfig('upgrade', OTHER_KEY), { record: false }))).toContain('主密钥与数据库不符');
  });
});
