#!/usr/bin/env node
// npm run bench: the city-scale benchmark on a throwaway PostgreSQL cluster (needs the Debian
// postgresql package) and on PGlite. Not a test: it prints figures for docs/benchmarks.md.
// npm run bench -- compliance [pg|pglite]: only the compliance heatmap part.
// npm run bench -- list: only the member list and the import (a city without organisational life).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
const root = path.resolve(import.meta.dirname, '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/bench.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
