import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { OperatorError } from '../lib/operator-error.ts';

/**
 * One process at a time on an embedded (PGlite) data directory. PGlite is PostgreSQL running
 * inside the process, with no postmaster to keep a second one out: a backup copying the directory
 * while the server writes it gets a torn copy, and two writers corrupt it. Every opener (server,
 * backup, restore, reminders, audit:verify) takes this lock first.
 *
 * The lock is a file beside the data directory (`pglite` → `pglite.lock`), not inside it, so it is
 * never part of a dump. It holds the owner's pid, host and process start time. A lock whose process
 * is gone — or whose pid now belongs to a different process (start time differs) — is stale and
 * taken over, so a killed server never blocks for good.
 */
type LockInfo = { pid: number; host: string; since: string; command: string; procStart: string | null };

export function lockFileOf(dataDir: string) {
  return `${path.resolve(dataDir)}.lock`;
}

/** Clock ticks since boot at which the process started (Linux); null where /proc is absent. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const COMMANDS: Record<string, string> = {
  main: '先锋服务器',
  backup: 'npm run backup',
  restore: 'npm run restore',
  reminders: 'npm run reminders',
  'audit-verify': 'npm run audit:verify',
};

/** What holds the lock, in words an operator recognises (the script's name otherwise). */
function commandName() {
  const script = path.basename(process.argv[1] ?? 'node').replace(/\.[cm]?[jt]s$/, '');
  return COMMANDS[script] ?? script;
}

function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // cannot look at another machine's processes
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const start = processStart(info.pid);
  return !(start && info.procStart && start !== info.procStart);
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

function busyMessage(dataDir: string, file: string, info: LockInfo | null) {
  const who = info
    ? `进程号 ${info.pid}${info.host !== hostname() ? `，主机 ${info.host}` : ''}，${info.command}，${new Date(info.since).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 起`
    : '刚刚启动';
  return [
    `内嵌数据库 ${dataDir} 正由另一个进程使用（${who}）。`,
    'PGlite 同一时间只能由一个进程打开：在服务器运行时复制或写入数据目录会得到不完整的备份，甚至损坏数据库。',
    `请先停止该进程（在它的终端按 Ctrl+C${info ? `，或 kill ${info.pid}` : ''}），再运行本命令。需要不停机备份，请改用 PostgreSQL（设置 DATABASE_URL）：pg_dump 在服务运行时也能得到一致的备份。`,
    ...(info && info.host !== hostname() ? [`若确认主机 ${info.host} 上已没有进程在使用它，删除 ${file} 后重试。`] : []),
  ].join('\n');
}

/**
 * Takes the lock of an embedded data directory, or refuses with an OperatorError naming the
 * holder. Returns the release function (also run when the process exits).
 */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: commandName(),
    procStart: processStart(process.pid),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      const release = () => {
        process.off('exit', release);
        if (readLock(file)?.pid === process.pid) unlinkSync(file);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(file);
    // An unreadable lock younger than a few seconds is one being written right now.
    const fresh = !holder && Date.now() - statMtime(file) < 5_000;
    if ((holder && isAlive(holder)) || fresh) throw new OperatorError(busyMessage(dataDir, file, holder));
    try {
      unlinkSync(file); // stale: its process is gone
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new OperatorError(busyMessage(dataDir, file, readLock(file)));
}

function statMtime(file: string) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
