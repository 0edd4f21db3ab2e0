import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OperatorError } from './lib/operator-error.ts';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  pgliteDir: string;
  /** Null when neither XF_MASTER_KEY nor data/master.key is there (see master-key.ts). */
  masterKey: Buffer | null;
  masterKeyFile: string;
  masterKeyFromEnv: boolean;
  initialAdminPassword: string | null;
  demoData: boolean;
  sessionIdleMinutes: number;
  secureCookies: boolean;
  webDist: string;
};

/** A configuration whose master key has been checked against the database (master-key.ts). */
export type KeyedConfig = Config & { masterKey: Buffer };

// From apps/server/src here and from apps/server/dist in the bundle: the same depth.
export const repoRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * The key that encrypts personal data: XF_MASTER_KEY (64 hex chars) or data/master.key, or null when
 * neither is there. It is never generated here: only the server, on a database without data, may
 * create one (features/system/master-key.ts), since a new key for existing data makes every ID
 * number unreadable.
 */
function readMasterKey(env: NodeJS.ProcessEnv, file: string): Buffer | null {
  const fromEnv = env.XF_MASTER_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new OperatorError('XF_MASTER_KEY 须为64位十六进制字符串');
    return Buffer.from(fromEnv, 'hex');
  }
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new OperatorError(`主密钥文件 ${file} 的内容无效：须为64位十六进制字符串`);
  return Buffer.from(text, 'hex');
}

export function loadConfig(env = process.env): Config {
  const dataDir = path.resolve(env.XF_DATA_DIR ?? path.join(repoRoot, 'data'));
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    masterKey: readMasterKey(env, path.join(dataDir, 'master.key')),
    masterKeyFile: path.join(dataDir, 'master.key'),
    masterKeyFromEnv: !!env.XF_MASTER_KEY,
    initialAdminPassword: env.INITIAL_ADMIN_PASSWORD || null,
    demoData: env.XF_DEMO_DATA !== 'false',
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    secureCookies: env.SECURE_COOKIES === 'true',
    webDist: path.join(repoRoot, 'apps/web/dist'),
  };
}
