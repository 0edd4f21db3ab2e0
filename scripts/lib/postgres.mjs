// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's binaries, run as the postgres
// OS user (PostgreSQL refuses root), on a free loopback port, removed when stopped.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** durable=false turns fsync off (tests); benchmarks keep PostgreSQL's defaults. */
export async function startPostgres({ durable = false } = {}) {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(path.join(tmpdir(), 'xf-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPg = (args) => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]);
  const [c1, a1] = asPg([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  execFileSync(c1, a1, { stdio: 'ignore' });
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB${fast}`;
  const [c2, a2] = asPg([path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'log'), '-o', opts, '-w', 'start']);
  execFileSync(c2, a2, { stdio: 'ignore' });
  const stop = () => {
    const [c3, a3] = asPg([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
    spawnSync(c3, a3, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}
