import { defineConfig } from 'vitest/config';

// End-to-end journeys: the real server (PGlite, demo city) serving the built console, driven by
// Debian's headless Chromium. Build the console first: npm run build -w apps/web.
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
