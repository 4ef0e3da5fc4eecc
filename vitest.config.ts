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
    // A worker keeps its modules between files: the scoring model, TensorFlow.js and the command
    // modules load once per worker instead of once per file (import time 40 s → 14 s here). The code
    // keeps no module-level mutable state to leak between files (cooldowns and the drills' background
    // work belong to each app context, src/app-context.ts).
    isolate: false,
  },
});
