import { createHash } from 'node:crypto';
import { sql, type Expression } from 'kysely';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hottest reads. PostgreSQL spends most of a short query's time
 * parsing and planning it (pgbench on the member page: 5,700 statements/s unnamed, 30,000
 * prepared, on two cores). A statement marked with `prepared()` is sent with a name derived from
 * its text, so each connection parses it once and PostgreSQL may keep one generic plan for it.
 *
 * Only mark statements whose plan does not depend on the values: no `like` on a parameter (a
 * generic plan cannot use the index for an unknown prefix). The member list passes organisation
 * ids instead of a path prefix for exactly this reason. On PGlite the mark is a comment.
 */
const MARK = '/* prepared */';

export function prepared<T extends { modifyEnd(modifier: Expression<unknown>): T }>(query: T): T {
  return query.modifyEnd(sql.raw(MARK));
}

/** The same mark for a raw `sql` statement: put it last, `sql\`select … ${PREPARED}\``. */
export const PREPARED = sql.raw(MARK);

const names = new Map<string, string>();
function nameOf(text: string) {
  let name = names.get(text);
  if (!name) {
    name = `xf_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= 5000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** The pool Kysely sees: statements ending with the mark go out named. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((textOrCursor: unknown, values?: unknown[]) => {
          if (typeof textOrCursor === 'string' && textOrCursor.endsWith(MARK)) {
            return client.query({ name: nameOf(textOrCursor), text: textOrCursor, values });
          }
          return client.query(textOrCursor as string, values);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
