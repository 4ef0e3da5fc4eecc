import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Any fixed number: every Riposte process on one database takes the same lock before migrating. */
const MIGRATION_LOCK = 7_341_902;

/** The newest migration's timestamp in drizzle-kit's journal (drizzle records it as created_at). */
function newestMigration(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/**
 * Whether the database already has every migration, by the same rule drizzle's migrator applies
 * (a migration runs when its timestamp is newer than the last one recorded). One indexed read instead
 * of the migrator's schema checks, hashing and lock: most starts have nothing to apply.
 */
export async function isUpToDate(database: Database): Promise<boolean> {
  try {
    const [row] = await database.rows<{ at: string | null }>(sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`);
    return row?.at != null && Number(row.at) >= newestMigration();
  } catch {
    // No migrations table yet: a new database.
    return false;
  }
}

/** Applies the drizzle-kit migrations; safe to call from several processes at once. */
export async function migrate(database: Database): Promise<void> {
  if (await isUpToDate(database)) return;
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
