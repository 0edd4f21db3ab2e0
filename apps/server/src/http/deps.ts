import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/connection.ts';
import type { DB } from '../db/schema.ts';
import type { FieldCipher } from '../lib/field-cipher.ts';

/** What every feature needs from the outside; built once in buildApp and shared by the tests. */
export type AppDeps = {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  cipher: FieldCipher;
  clock: () => Date;
  /** Idle timeout of a session, in minutes (等保: 30). */
  sessionIdleMinutes: number;
  /** Whether the session cookie is Secure (behind HTTPS). */
  secureCookies: boolean;
};
