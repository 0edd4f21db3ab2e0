import type { PGlite } from '@electric-sql/pglite';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pg from 'pg';

/**
 * Tells in-process caches that data they copy has changed — in this process or in any other
 * server process on the same database.
 *
 * - 'auth': a session ended, an account or a role grant changed (the session cache);
 * - 'org': an organisation was created, renamed, moved or deleted (paths and names copied into
 *   sessions' grants, the organisation-path cache and its list of roots).
 *
 * Two sources, because each alone has a gap:
 * - triggers in the database (migration 2026112501) NOTIFY `xf_changes` on commit, whoever wrote
 *   — another node, a command-line tool, an operator in psql. Delivery is asynchronous, so the
 *   writing process could still serve one request from its cache right after its own commit;
 * - so every write through this process's Kysely instance to those tables also clears at once
 *   (`changePlugin`), before the commit. A request that reloads between that statement and the
 *   commit still sees the old row; the NOTIFY after the commit clears it again.
 *
 * While the listening connection is down (PostgreSQL restarted, network), `live` is false and the
 * caches serve nothing: every request reads the database, as it would without a cache.
 */
export type ChangeTopic = 'auth' | 'org';
export const CHANGE_CHANNEL = 'xf_changes';

export type ChangeFeed = {
  /** Calls fn on every change; returns the unsubscribe function. */
  subscribe(fn: (topic: ChangeTopic) => void): () => void;
  /** Changes made here: subscribers hear of them at once. */
  publish(topic: ChangeTopic): void;
  /** True while changes from other processes are heard (caches may serve). */
  readonly live: boolean;
  close(): Promise<void>;
};

const TOPICS = new Set<string>(['auth', 'org']);

function createFeed(startListening: (feed: { deliver: (payload: string) => void; setLive: (live: boolean) => void }) => Promise<() => Promise<void>>) {
  const subscribers = new Set<(topic: ChangeTopic) => void>();
  let live = false;
  const publish = (topic: ChangeTopic) => subscribers.forEach((fn) => fn(topic));
  const control = {
    deliver: (payload: string) => TOPICS.has(payload) && publish(payload as ChangeTopic),
    setLive(value: boolean) {
      // Whatever was missed while deaf is unknown: drop everything on the way back, too.
      publish('auth');
      publish('org');
      live = value;
    },
  };
  const stopping = startListening(control);
  const feed: ChangeFeed = {
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    publish,
    get live() {
      return live;
    },
    async close() {
      live = false;
      await (await stopping)();
    },
  };
  return feed;
}

// A LISTEN connection is silent while nothing changes: a connection that a firewall or NAT dropped
// without a word would look alive for ever. A query every HEARTBEAT_MS proves it is not.
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/** PostgreSQL: one dedicated connection LISTENs; it reconnects (1 s, doubling to 30 s) when lost. */
export function postgresChangeFeed(url: string, log: (message: string) => void = console.error): ChangeFeed {
  return createFeed(async ({ deliver, setLive }) => {
    let client: pg.Client | null = null;
    let closed = false;
    let retry: NodeJS.Timeout | null = null;
    let heartbeat: NodeJS.Timeout | null = null;
    let backoffMs = 1000;
    const beat = (c: pg.Client) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('心跳超时')), HEARTBEAT_TIMEOUT_MS).unref());
      Promise.race([c.query('select 1'), timeout]).catch((e: Error) => lost(c, e));
    };
    const connect = async () => {
      if (closed) return;
      const c = new pg.Client({ connectionString: url, keepAlive: true });
      client = c;
      c.on('notification', (n) => n.payload && deliver(n.payload));
      c.on('error', (e) => lost(c, e));
      c.on('end', () => lost(c));
      try {
        await c.connect();
        await c.query(`listen ${CHANGE_CHANNEL}`);
        if (closed || client !== c) return;
        backoffMs = 1000;
        heartbeat = setInterval(() => beat(c), HEARTBEAT_MS);
        heartbeat.unref();
        setLive(true);
      } catch (e) {
        lost(c, e as Error);
      }
    };
    const lost = (c: pg.Client, e?: Error) => {
      if (client !== c || closed) return;
      client = null;
      if (heartbeat) clearInterval(heartbeat);
      setLive(false);
      if (e) log(`缓存失效通知连接中断，${backoffMs / 1000} 秒后重连：${e.message}`);
      c.end().catch(() => {});
      retry = setTimeout(connect, backoffMs);
      retry.unref();
      backoffMs = Math.min(backoffMs * 2, 30_000);
    };
    await connect();
    return async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    };
  });
}

/** PGlite: one process, one connection; its own NOTIFYs arrive through listen(). */
export function pgliteChangeFeed(pglite: PGlite): ChangeFeed {
  return createFeed(async ({ deliver, setLive }) => {
    try {
      const unlisten = await pglite.listen(CHANGE_CHANNEL, deliver);
      setLive(true);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    } catch (e) {
      // Without the feed the caches stay off: correct, only slower.
      console.error(`缓存失效通知不可用：${(e as Error).message}`);
      return async () => {};
    }
  });
}

const TABLE_TOPICS: Record<string, ChangeTopic> = { session: 'auth', app_user: 'auth', role_grant: 'auth', org: 'org' };
// The columns whose update changes what a cache holds (null: every column). Not a session's last
// activity (touched once a minute) nor a login's bookkeeping. The triggers list the same columns.
const CACHED_COLUMNS: Record<string, Set<string> | null> = {
  session: new Set(['csrf_token', 'user_id']),
  app_user: new Set(['username', 'display_name', 'member_id', 'must_change_password', 'disabled']),
  role_grant: null,
  org: new Set(['path', 'name']),
};

type Named = { kind: string; table?: Named; node?: Named; identifier?: { name: string }; column?: { column: { name: string } } };

function tableName(n: OperationNode | undefined): string | undefined {
  const node = n as Named | undefined;
  if (node?.kind === 'TableNode') return (node.table as unknown as { identifier: { name: string } }).identifier.name;
  if (node?.kind === 'AliasNode') return tableName(node.node as unknown as OperationNode);
  return undefined;
}

/** The cached table a statement writes, if it changes something a cache holds. */
export function cachedTableWritten(node: RootOperationNode): string | undefined {
  switch (node.kind) {
    case 'InsertQueryNode': {
      const table = tableName(node.into);
      // A new session (a login) changes no cached entry; a new organisation may be a new root.
      return table === 'role_grant' || table === 'org' ? table : undefined;
    }
    case 'UpdateQueryNode': {
      const table = tableName(node.table);
      if (!table || !(table in TABLE_TOPICS)) return undefined;
      const cached = CACHED_COLUMNS[table];
      const columns = (node.updates ?? []).map((u) => (u as unknown as Named).column!.column.name);
      return !cached || columns.some((c) => cached.has(c)) ? table : undefined;
    }
    case 'DeleteQueryNode':
      return node.from.froms.map(tableName).find((t) => t && t in TABLE_TOPICS);
    default:
      return undefined;
  }
}

/**
 * Publishes a change at once when this process writes a cached table through the query builder.
 * Raw SQL is not seen here; the database's NOTIFY still covers it a moment later.
 */
export function changePlugin(feed: Pick<ChangeFeed, 'publish'>): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const table = cachedTableWritten(args.node);
      if (table) feed.publish(TABLE_TOPICS[table]);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
}
