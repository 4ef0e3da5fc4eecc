import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Every database test runs on the embedded PGlite, and also on real PostgreSQL when
 * TEST_DATABASE_URL is set (TEST_BACKENDS=pglite,postgres picks explicitly). Each suite gets its own fresh database, so suites and parallel
 * workers never see each other's rows.
 */
export const backends: ('pglite' | 'postgres')[] = chooseBackends(process.env.TEST_BACKENDS, process.env.TEST_DATABASE_URL);

function chooseBackends(list: string | undefined, url: string | undefined): ('pglite' | 'postgres')[] {
  if (!list) return url ? ['pglite', 'postgres'] : ['pglite'];
  const chosen = list.split(',').map((b) => b.trim());
  for (const b of chosen) {
    if (b !== 'pglite' && b !== 'postgres') throw new Error(`TEST_BACKENDS: unknown backend "${b}" (use pglite, postgres)`);
  }
  if (chosen.includes('postgres') && !url) throw new Error('TEST_BACKENDS includes postgres but TEST_DATABASE_URL is not set');
  return chosen as ('pglite' | 'postgres')[];
}

export interface TestDatabase extends Database {
  /** postgres:// URL of this suite's database (real PostgreSQL only), for starting another process on it. */
  url?: string;
}

export async function createTestDatabase(backend: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return database;
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `riposte_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 5 });
  await migrate(database);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
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
