import path from 'node:path';
import type { KeyedConfig } from '../config.ts';
import type { Database } from '../db/connection.ts';
import { createFieldCipher } from '../lib/field-cipher.ts';
import { createDiskFileStore } from '../lib/file-store.ts';
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/connection.ts';
import type { DB } from '../db/schema.ts';
import type { FieldCipher } from '../lib/field-cipher.ts';
import type { FileStore } from '../lib/file-store.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import type { ThrottleLimits } from '../features/auth/login-throttle.repository.ts';
import { createSessionCache, type SessionCache } from '../features/auth/session-cache.ts';
import { createOrgTreeCache, type OrgTreeCache } from '../features/orgs/org-tree-cache.ts';

/** In-memory copies of hot data, emptied through the database's change feed. */
export type AppCaches = { sessions: SessionCache; orgTree: OrgTreeCache };

export function createCaches(changes: ChangeFeed): AppCaches {
  return { sessions: createSessionCache(changes), orgTree: createOrgTreeCache(changes) };
}

/** What every feature needs from the outside; built once in buildApp and shared by the tests. */
export type AppDeps = {
  db: Kysely<DB>;
  /** Hot read-only pages' own pool on PostgreSQL (Database.readDb); absent: they read through `db`. */
  readDb?: Kysely<DB>;
  dbKind: DatabaseKind;
  cipher: FieldCipher;
  /** Uploaded files (activity attachments): the bytes, keyed by random ids kept in the database. */
  files: FileStore;
  clock: () => Date;
  /** Idle timeout of a session, in minutes (DB-3 in docs/RULES.md: 等保 asks for one; 30 is practice, not the standard's number). */
  sessionIdleMinutes: number;
  /** Whether the session cookie is Secure (behind HTTPS). */
  secureCookies: boolean;
  caches: AppCaches;
  /** Login throttling limits; the defaults (docs/SECURITY.md) unless a test or deployment changes them. */
  throttle?: Partial<ThrottleLimits>;
};

/** The production dependencies from the configuration: the server and every command build them the same way. */
export function depsFromConfig(config: KeyedConfig, database: Database): AppDeps {
  return {
    db: database.db,
    readDb: database.readDb,
    dbKind: database.kind,
    cipher: createFieldCipher(config.masterKey),
    files: createDiskFileStore(path.join(config.dataDir, 'files')),
    clock: () => new Date(),
    sessionIdleMinutes: config.sessionIdleMinutes,
    secureCookies: config.secureCookies,
    caches: createCaches(database.changes),
  };
}
