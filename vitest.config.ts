import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One migrated PostgreSQL template per run (only when the run includes PostgreSQL).
    globalSetup: ['tests/setup/postgres-template.ts'],
    // PGlite takes seconds to boot and the e2e suites start real bot processes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
