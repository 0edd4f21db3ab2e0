import { defineConfig } from 'vitest/config';

// End-to-end journeys: the real server (PGlite, demo city) serving the built console, driven by
// Debian's headless Chromium. The global setup builds what changed (scripts/build.mjs) and runs
// the bundled server (apps/server/dist/main.js), as npm start does.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // A journey that fails once because the machine is slow must not hide behind a retry.
    retry: 0,
  },
});
