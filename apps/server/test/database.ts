import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';

export const TEMPLATE_DB = 'xf_test_template';

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** On PostgreSQL: a new database copied from the migrated template; returns its URL and name. */
export async function createPostgresTestDatabase(url: string) {
  const name = `xf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.end();
  return { name, url: withDatabase(url, name) };
}

/** A fresh, migrated database of its own for one test file. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { name, url: dbUrl } = await createPostgresTestDatabase(url);
    const database = await openDatabase({ url: dbUrl });
    return {
      ...database,
      async close() {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const template = (inject as (key: string) => string)('pgliteTemplate');
  return openDatabase({ loadDataDir: new Blob([readFileSync(template)]) });
}
