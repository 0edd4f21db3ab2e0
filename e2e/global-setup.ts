import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from './support/server.ts';

const root = path.resolve(import.meta.dirname, '..');
const webDist = path.join(root, 'apps/web/dist/index.html');

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Builds what changed and starts the real server on a free port with the demo city. */
export default async function setup(project: TestProject) {
  // The server as `npm start` runs it: the console and the server built (only what changed).
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0 || !existsSync(webDist)) {
    throw new Error('构建失败：端到端测试需要构建好的管理端与服务器（node scripts/build.mjs）。');
  }
  const server = await startServer({ demo: true });
  project.provide('baseURL', server.baseURL);
  return server.stop;
}
