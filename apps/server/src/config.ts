import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  pgliteDir: string;
  masterKey: Buffer;
  initialAdminPassword: string | null;
  demoData: boolean;
  sessionIdleMinutes: number;
  secureCookies: boolean;
  webDist: string;
};

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * The key that encrypts personal data. From XF_MASTER_KEY (64 hex chars), or generated once into
 * data/master.key. Back it up with the database: without it ID numbers cannot be read.
 */
function loadMasterKey(dataDir: string): Buffer {
  const fromEnv = process.env.XF_MASTER_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('XF_MASTER_KEY 须为64位十六进制字符串');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = path.join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export function loadConfig(env = process.env): Config {
  const dataDir = path.resolve(env.XF_DATA_DIR ?? path.join(repoRoot, 'data'));
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    masterKey: loadMasterKey(dataDir),
    initialAdminPassword: env.INITIAL_ADMIN_PASSWORD || null,
    demoData: env.XF_DEMO_DATA !== 'false',
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    secureCookies: env.SECURE_COOKIES === 'true',
    webDist: path.join(repoRoot, 'apps/web/dist'),
  };
}
