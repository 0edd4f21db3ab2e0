import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../src/db/connection.ts';
import { TEMPLATE_DB } from './database.ts';

/**
 * Migrates once, then every test file copies the migrated database: PGlite from a dumped data
 * directory, PostgreSQL with CREATE DATABASE … TEMPLATE.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const database = await openDatabase({ url: withDatabase(url, TEMPLATE_DB) });
    await migrateToLatest(database.db);
    await database.close();
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'xf-test-'));
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
