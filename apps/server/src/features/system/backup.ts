import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Whole-database backup to one file, and restore into an empty database.
 * PGlite: its data directory as a gzipped tar (dumpDataDir). The server must be stopped, since
 * PGlite is a single-process database. PostgreSQL: pg_dump's custom format, restored with
 * pg_restore; the server may keep running. Rows are copied as they are, so the audit chain
 * verifies after a restore. The master key (data/master.key or XF_MASTER_KEY) is not in the
 * file: keep it apart, as the encrypted personal data cannot be read without it.
 */
export async function backupPglite(dataDir: string, file: string) {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`找不到数据库：${dataDir}`);
  const pg = await PGlite.create({ dataDir });
  const dump = await pg.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pg.close();
}

export async function restorePglite(file: string, dataDir: string) {
  if (existsSync(dataDir) && readdirSync(dataDir).length) throw new Error(`目标目录不为空：${dataDir}（请先移走旧数据）`);
  const pg = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
  await pg.query('select 1');
  await pg.close();
}

function pgTool(name: string) {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(base, v, 'bin', name)).find((p) => existsSync(p));
  return found ?? name;
}

export function backupPostgres(url: string, file: string) {
  execFileSync(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, url], { stdio: 'inherit' });
}

export function restorePostgres(file: string, url: string) {
  execFileSync(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file], { stdio: 'inherit' });
}
