import { defineConfig } from 'vitest/config';

// Rule, service and HTTP tests. The database is real: PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set (scripts/test.mjs runs the suite on both).
export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/server/**/*.test.ts'],
    // *.postgres.test.ts need a PostgreSQL server (two processes on one database): PostgreSQL run only.
    exclude: ['**/node_modules/**', ...(process.env.TEST_DATABASE_URL ? [] : ['**/*.postgres.test.ts'])],
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
