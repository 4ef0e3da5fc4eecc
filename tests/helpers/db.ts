import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { chooseBackends } from '../setup/backends.ts';
import { pgliteTemplate } from '../setup/pglite-template.ts';
import { databaseUrl } from '../setup/postgres-template.ts';

/**
 * Every database test runs on the embedded PGlite, and also on real PostgreSQL when
 * TEST_DATABASE_URL is set (TEST_BACKENDS=pglite,postgres picks explicitly). Each suite gets its own
 * fresh database, so suites and parallel workers never see each other's rows: on PGlite a copy of one
 * migrated data folder per worker (tests/setup/pglite-template.ts), on PostgreSQL a copy of one
 * migrated template database per run (tests/setup/postgres-template.ts).
 */
export const backends: ('pglite' | 'postgres')[] = chooseBackends(process.env.TEST_BACKENDS, process.env.TEST_DATABASE_URL);

export interface TestDatabase extends Database {
  /** postgres:// URL of this suite's database (real PostgreSQL only), for starting another process on it. */
  url?: string;
}

export async function createTestDatabase(backend: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate() });
    // Nothing to apply unless the template predates a migration; then this keeps the suite correct.
    await migrate(database);
    return database;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('a PostgreSQL test database needs TEST_DATABASE_URL');
  const name = `riposte_t_${randomBytes(6).toString('hex')}`;
  const template = inject('riposteTemplateDatabase');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await createDatabase(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const database = await openDatabase({ url, max: 5 });
  await migrate(database);
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * A copy of the template when the run has one (without the global setup: an empty database that
 * createTestDatabase migrates). PostgreSQL refuses to copy a template someone else is copying at that
 * instant ("being accessed by other users", 55006), so that is retried briefly.
 */
async function createDatabase(admin: postgres.Sql, name: string, template: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** describe() once per backend; `get()` returns that backend's migrated database inside tests. */
export function describeEachBackend(title: string, body: (get: () => TestDatabase, backend: 'pglite' | 'postgres') => void): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(backend);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      }, backend);
    });
  }
}
