#!/usr/bin/env node
// npm run bench: the city-scale benchmark on a throwaway PostgreSQL cluster (needs the Debian
// postgresql package) and on PGlite. Not a test: it prints figures for docs/benchmarks.md.
// npm run bench -- compliance [pg|pglite]: only the compliance heatmap part.
// npm run bench -- lists: the lists and supervision benchmark of issue 10 (overview, coverage, ledger).
// npm run bench -- assessment: the 年度考核 benchmark of issue 11 (computing the round, the published ranking).
// npm run bench -- contest: the 知识竞赛 benchmark of issue 12 (5,000 members answering, the live leaderboard).
// npm run bench -- list: only the member list and the import (a city without organisational life).
// npm run bench -- import: a 20,000-row roster imported on PGlite while other users browse.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const script = args[0] === 'import' ? 'apps/server/src/cli/bench-import.ts' : 'apps/server/src/cli/bench.ts';
const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
