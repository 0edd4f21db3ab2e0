import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { OperatorError } from '../../lib/operator-error.ts';
import { audit } from '../audit/index.ts';
import { holdsData, readFingerprint, recordFingerprint, sampleEncryptedValue } from './master-key.repository.ts';

/**
 * Is this the master key the database's personal data was encrypted under? A restore into a new
 * data directory without its master.key used to start with a freshly generated key, and every
 * "查看完整信息" then failed. The database records a fingerprint of its key at the first start;
 * the server and the commands compare it before they touch anything, and refuse on a mismatch, or
 * when the key is missing for a database that holds data.
 *
 * The fingerprint is HMAC-SM3 under the key of a fixed label: it identifies the key without
 * revealing it, and unlike a plain hash of the key it is no shortcut for guessing it.
 */
const LABEL = 'xianfeng/master-key-fingerprint/v1';

export function keyFingerprint(key: Buffer): string {
  return createHmac('sm3', key).update(LABEL).digest('hex');
}

/** Short form for messages and logs (64 bits are plenty to tell two keys apart). */
const short = (fp: string) => fp.slice(0, 16);

export type MasterKeyCheck = {
  /**
   * The server: on a database without data it may generate the key (into data/master.key), and it
   * records the fingerprint where none is recorded yet. The commands only check (false).
   */
  record: boolean;
  log?: (message: string) => void;
  now?: () => Date;
};

type KeySource = Pick<Config, 'masterKey' | 'masterKeyFile' | 'masterKeyFromEnv'>;

function sourceOf(config: KeySource) {
  return config.masterKeyFromEnv ? '环境变量 XF_MASTER_KEY' : config.masterKeyFile;
}

function whatToDo(config: KeySource) {
  const envFirst = config.masterKeyFromEnv ? '（XF_MASTER_KEY 已设置：它优先于 master.key 文件。）' : '';
  return `${envFirst}请恢复与该数据库配套的 master.key（放到 ${config.masterKeyFile}），或把 XF_MASTER_KEY 设为该数据库原来的密钥，然后重试。切勿为已有加密数据的数据库换用新密钥：用新密钥写入的个人信息与原有信息将无法一并读取。`;
}

export function missingKeyMessage(config: KeySource) {
  return [
    `找不到主密钥：数据库中已有数据，但没有设置 XF_MASTER_KEY，${config.masterKeyFile} 也不存在。（把备份恢复到新的数据目录时常见：备份文件不含主密钥。）`,
    '不会为已有数据的数据库生成新密钥——那样已加密的身份证号、电话和住址将再也无法读取。',
    whatToDo(config),
  ].join('\n');
}

export function mismatchMessage(config: KeySource, recorded: string, current: string) {
  return [
    `主密钥与数据库不符：数据库记录的主密钥指纹是 ${short(recorded)}，当前主密钥（${sourceOf(config)}）的指纹是 ${short(current)}。`,
    '用这把密钥无法解密数据库中党员的身份证号、电话和住址。',
    whatToDo(config),
  ].join('\n');
}

function undecryptableMessage(config: KeySource, memberId: number) {
  return [
    `主密钥与数据库不符：当前主密钥（${sourceOf(config)}）无法解密数据库中已有的个人信息（第 ${memberId} 号党员的身份证号）。`,
    whatToDo(config),
  ].join('\n');
}

/** Writes a new random key to data/master.key (owner-only, flushed) and returns it. */
function generateKeyFile(file: string): Buffer {
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('hex'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}

function decrypts(key: Buffer, value: string) {
  try {
    createFieldCipher(key).decrypt(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the configured master key against the database (which must be open; the server checks
 * after migrating). Returns the key, or null when there is none and the database holds no data
 * (only a command checking can see that). Throws an OperatorError saying what to do otherwise.
 */
export async function checkMasterKey(db: Kysely<DB>, config: KeySource, opts: MasterKeyCheck & { record: true }): Promise<Buffer>;
export async function checkMasterKey(db: Kysely<DB>, config: KeySource, opts: MasterKeyCheck): Promise<Buffer | null>;
export async function checkMasterKey(db: Kysely<DB>, config: KeySource, opts: MasterKeyCheck): Promise<Buffer | null> {
  const log = opts.log ?? (() => {});
  const recorded = await readFingerprint(db);
  let key = config.masterKey;
  let generated = false;
  if (!key) {
    if (recorded || (await holdsData(db))) throw new OperatorError(missingKeyMessage(config));
    if (!opts.record) return null;
    key = generateKeyFile(config.masterKeyFile);
    generated = true;
    log(`已生成主密钥 ${config.masterKeyFile}：它加密身份证号、电话和住址，请与数据库备份分开妥善保存。`);
  }
  const current = keyFingerprint(key);
  if (recorded) {
    if (recorded !== current) throw new OperatorError(mismatchMessage(config, recorded, current));
    return key;
  }
  // No fingerprint yet: a database from before fingerprints (or a first start). Try the key first.
  const sample = await sampleEncryptedValue(db);
  if (sample && !decrypts(key, sample.value)) throw new OperatorError(undecryptableMessage(config, sample.memberId));
  if (opts.record) await record(db, config, current, { generated, upgrade: !!sample || (await holdsData(db)), log, now: opts.now ?? (() => new Date()) });
  return key;
}

async function record(db: Kysely<DB>, config: KeySource, current: string, o: { generated: boolean; upgrade: boolean; log: (m: string) => void; now: () => Date }) {
  const now = o.now();
  const stored = await db.transaction().execute(async (trx) => {
    const r = await recordFingerprint(trx, current, now);
    if (r.inserted) {
      const after = { fingerprint: current, source: config.masterKeyFromEnv ? 'env' : 'file', upgrade: o.upgrade };
      await audit(trx, { actor: null, ip: '127.0.0.1', now, system: 'master-key' }, { action: 'system.master_key_recorded', entityType: 'system', after });
    }
    return r.fingerprint;
  });
  if (stored !== current) {
    // Another server process on the same new database recorded its own key first.
    if (o.generated) rmSync(config.masterKeyFile, { force: true });
    throw new OperatorError(o.generated ? missingKeyMessage(config) : mismatchMessage(config, stored, current));
  }
  o.log(`已记录主密钥指纹 ${short(current)}：此后每次启动都会核对主密钥是否属于这个数据库。`);
}
