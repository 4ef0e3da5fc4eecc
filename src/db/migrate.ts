import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Any fixed number: every Riposte process on one database takes the same lock before migrating. */
const MIGRATION_LOCK = 7_341_902;

/** Applies the drizzle-kit migrations; safe to call from several processes at once. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(database.db as never, { migrationsFolder });
    return;
  }
  const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
  // The lock is held by one pooled connection's transaction while the migrator runs on another
  // (so the pool needs two); a second process waits here, then finds nothing left to apply.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await run(database.db as never, { migrationsFolder });
  });
}
