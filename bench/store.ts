import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.ts';
import { isUpToDate, migrate } from '../src/db/migrate.ts';
import { buildStore, markerMatches, readMarker, type Scale, type StoreMarker } from './generate.ts';

export type Backend = 'postgres' | 'pglite';

export interface OpenStoreOptions {
  backend: Backend;
  scale: Scale;
  seed: number;
  rebuild: boolean;
  /** Admin URL of the PostgreSQL server; the bench creates its own database next to it. */
  adminUrl: string;
  /** Pool size for PostgreSQL. */
  max?: number;
}

export interface Store {
  database: Database;
  marker: StoreMarker;
  /** True when an existing store with the same seed and scale was reused. */
  reused: boolean;
  /** postgres:// URL of the bench database (PostgreSQL only), for a bot process under test. */
  url?: string;
  /** PGlite data folder. */
  dataDir?: string;
  /** Where the store lives, for the report. */
  location: string;
}

/** The bench's own database name for a scale; nothing else is ever created or dropped. */
export function benchDatabaseName(scale: Scale): string {
  return scale.name === 'full' ? 'riposte_bench' : `riposte_bench_${scale.name}`;
}

export function pgliteDir(scale: Scale): string {
  return fileURLToPath(new URL(`./.store/pglite-${scale.name}`, import.meta.url));
}

/**
 * Opens the bench store for a backend, reusing it when its marker row says it was built with the
 * same generator, seed and scale; otherwise (or with --rebuild) the bench's own database (or PGlite
 * folder) is dropped, created, migrated and filled.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.backend === 'pglite') {
    const dataDir = pgliteDir(opts.scale);
    if (!opts.rebuild) {
      const database = await openDatabase({ dataDir });
      await migrateReused(database);
      const marker = await readMarker(database);
      if (markerMatches(marker, opts.scale, opts.seed)) return { database, marker, reused: true, dataDir, location: dataDir };
      await database.close();
    }
    await rm(dataDir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir });
    await migrate(database);
    const marker = await buildStore(database, { scale: opts.scale, seed: opts.seed });
    return { database, marker, reused: false, dataDir, location: dataDir };
  }

  const name = benchDatabaseName(opts.scale);
  const url = new URL(opts.adminUrl);
  url.pathname = `/${name}`;
  const admin = postgres(opts.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
    if (exists && !opts.rebuild) {
      const database = await openDatabase({ url: url.toString(), max: opts.max ?? 10 });
      await migrateReused(database);
      const marker = await readMarker(database);
      if (markerMatches(marker, opts.scale, opts.seed)) {
        return { database, marker, reused: true, url: url.toString(), location: redact(url) };
      }
      await database.close();
    }
    if (exists) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const database = await openDatabase({ url: url.toString(), max: opts.max ?? 10 });
  await migrate(database);
  const marker = await buildStore(database, { scale: opts.scale, seed: opts.seed });
  return { database, marker, reused: false, url: url.toString(), location: redact(url) };
}

/**
 * Applies new migrations to a reused store, then vacuums: a migration that rewrites rows (a backfill)
 * leaves dead row versions the figures would read through, and PGlite has no autovacuum.
 */
async function migrateReused(database: Database): Promise<void> {
  if (await isUpToDate(database)) return;
  await migrate(database);
  await database.rows(sql`vacuum analyze`);
}

/** Drops the bench's database (PostgreSQL) or folder (PGlite); the store is rebuilt next time. */
export async function dropStore(backend: Backend, scale: Scale, adminUrl: string): Promise<void> {
  if (backend === 'pglite') {
    await rm(pgliteDir(scale), { recursive: true, force: true });
    return;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${benchDatabaseName(scale)} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function redact(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  return copy.toString();
}
