import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../db/connection.ts';
import { lockDataDir } from '../../db/pglite-lock.ts';
import { OperatorError } from '../../lib/operator-error.ts';

/**
 * Whole-database backup to one file, and restore into an empty database.
 * PGlite: its data directory as a gzipped tar (dumpDataDir). PGlite is a single-process database:
 * both take the data directory's lock (db/pglite-lock.ts), so they refuse while the server runs
 * rather than copy a directory another process is writing. PostgreSQL: pg_dump's custom format,
 * restored with pg_restore; the server may keep running, since pg_dump reads the whole database in
 * one repeatable-read transaction (one snapshot). Rows are copied as they are, so the audit chain
 * verifies after a restore. The master key (data/master.key or XF_MASTER_KEY) is not in the
 * file: keep it apart, as the encrypted personal data cannot be read without it.
 */
export async function backupPglite(dataDir: string, file: string, check: (database: Database) => Promise<void> = async () => {}) {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new OperatorError(`找不到数据库：${dataDir}`);
  const database = await openDatabase({ dataDir });
  try {
    await check(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    // Written beside and renamed: a failed backup never leaves a file that looks complete.
    const partial = `${file}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await database.close();
  }
}

export async function restorePglite(file: string, dataDir: string) {
  const unlock = lockDataDir(dataDir);
  try {
    if (existsSync(dataDir) && readdirSync(dataDir).length) throw new OperatorError(`目标目录不为空：${dataDir}（请先移走旧数据）`);
    if (!existsSync(file)) throw new OperatorError(`找不到备份文件：${file}`);
    const pg = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
    await pg.query('select 1');
    await pg.close();
  } catch (e) {
    // A failed load leaves a half-written directory; it was empty before.
    if (!(e instanceof OperatorError)) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    unlock();
  }
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
