#!/usr/bin/env node
// Runs the built server, or one of its operations commands, in this process:
//   node scripts/run.mjs [--web] <main|backup|restore|audit-verify|reminders> [args…]
// First builds what changed since the last build (scripts/build.mjs; --web: the console too) and
// then imports apps/server/dist/<name>.js with source maps on, so stack traces name .ts lines.
// `npm start` is `node scripts/run.mjs --web main`. Production without npm:
//   node scripts/build.mjs && node --enable-source-maps apps/server/dist/main.js
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildWeb, SERVER_ENTRIES, serverDist } from './build.mjs';

const args = process.argv.slice(2);
const web = args[0] === '--web';
if (web) args.shift();
const [name, ...rest] = args;
const programs = Object.keys(SERVER_ENTRIES).filter((n) => !n.startsWith('workers/'));
if (!name || !programs.includes(name)) {
  console.error(`用法：node scripts/run.mjs [--web] <${programs.join('|')}> [参数…]`);
  process.exit(2);
}

// Build notes go to stderr: a command's own output (a backup's file name) stays alone on stdout.
const log = (m) => console.error(m);
try {
  if (web) buildWeb({ log });
  await buildServer({ log });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

const entry = path.join(serverDist, `${name}.js`);
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(entry).href);
