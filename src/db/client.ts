import { accessSync, constants, mkdirSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import { queryRows } from './rows.ts';
import { StartupError, errorCode } from '../startup-error.ts';
import type { Db } from './handle.ts';

export type { Db };

/** Connections one process may hold (postgres.js opens them on demand, up to this). */
export const DATABASE_POOL_MAX = 10;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Runs raw SQL and returns its rows, hiding the drivers' different result shapes. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder, or 'memory://' for a throwaway store. */
  dataDir?: string | undefined;
  /** PGlite only: start from this data-folder tarball (PGlite's dumpDataDir) instead of an empty cluster. */
  loadDataDir?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  max?: number;
  /**
   * PostgreSQL only: keep retrying an unreachable server this many seconds before giving up with a
   * StartupError (DATABASE_CONNECT_TIMEOUT_S). 0 or absent: the first failure is final.
   */
  waitSeconds?: number;
  /** Told once when the server is not reachable yet and Riposte starts waiting for it. */
  onWaiting?: (line: string) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts.dataDir ?? './data', opts.loadDataDir);
}

/** Where a postgres:// URL points, for messages: host, port and database, never the user's password. */
export function describePostgres(url: string): { host: string; port: number; database: string; user: string; text: string } {
  const u = new URL(url);
  const host = decodeURIComponent(u.hostname) || 'localhost';
  const port = Number(u.port || 5432);
  const user = decodeURIComponent(u.username) || 'postgres';
  // PostgreSQL's default database is the one named like the user.
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
  return { host, port, database, user, text: `PostgreSQL at ${host}:${port}, database "${database}"` };
}

/**
 * Codes of errors that mean "the server is not reachable right now" rather than "the query is wrong":
 * network failures, postgres.js's own connection errors, and a server starting up or shutting down.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
]);

/** Whether an error (or its cause, as drizzle wraps driver errors) says the database is unreachable. */
export function isConnectionError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && CONNECTION_CODES.has(code);
}

/** Seconds postgres.js waits for a connection before failing the query; short, so members hear back fast. */
const CONNECT_TIMEOUT_S = 2;

/**
 * postgres.js's default reconnect delay grows by 3× per failed connect up to 20 s and is shared by the
 * pool, so after an outage of a minute eight queries at once waited 4–13 s. Capped at 0.5 s with
 * jitter, the pool reconnects within a second of the server coming back.
 */
export function reconnectBackoffSeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 0.5) * (0.5 + Math.random() / 2);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: opts.max ?? DATABASE_POOL_MAX,
    onnotice: () => {},
    connection: { application_name: 'riposte' },
    connect_timeout: CONNECT_TIMEOUT_S,
    backoff: reconnectBackoffSeconds,
  });
  try {
    await waitForPostgres(url, () => client`select 1`, opts);
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    rows: <T>(query: SQL) => queryRows<T>(db, query),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Probes the server until it answers: an unreachable one is retried with a capped backoff (0.25 s
 * doubling to 5 s) until waitSeconds pass; a refused login or a missing database fails at once, as
 * waiting cannot fix those.
 */
async function waitForPostgres(url: string, probe: () => Promise<unknown>, opts: OpenOptions): Promise<void> {
  const where = describePostgres(url);
  const deadline = performance.now() + (opts.waitSeconds ?? 0) * 1000;
  let delayMs = 250;
  let told = false;
  for (;;) {
    try {
      await probe();
      return;
    } catch (err) {
      const code = errorCode(err);
      if (code === '28P01' || code === '28000') {
        throw new StartupError(
          `${where.text} refused user "${where.user}" (${err instanceof Error ? err.message : code}); check the user and password in DATABASE_URL.`,
          { cause: err },
        );
      }
      if (code === '3D000') {
        throw new StartupError(
          `${where.text} does not exist; create it (createdb -h ${where.host} -p ${where.port} -U ${where.user} ${where.database}) or fix the database name in DATABASE_URL.`,
          { cause: err },
        );
      }
      if (!isConnectionError(err)) throw err;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new StartupError(
          `${where.text} is not reachable (${code})${opts.waitSeconds ? ` after ${opts.waitSeconds} s of retrying` : ''}; check that the server runs and DATABASE_URL points at it (DATABASE_CONNECT_TIMEOUT_S sets how long to wait).`,
          { cause: err },
        );
      }
      if (!told) {
        told = true;
        opts.onWaiting?.(`waiting for ${where.text} (${code}); retrying for up to ${opts.waitSeconds} s`);
      }
      await new Promise((r) => setTimeout(r, Math.min(delayMs, left)));
      delayMs = Math.min(delayMs * 2, 5000);
    }
  }
}

async function openPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  if (!dataDir.startsWith('memory://')) ensureWritable(dataDir);
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    rows: <T>(query: SQL) => queryRows<T>(db, query),
    close: () => client.close(),
  };
}

/** DATA_DIR must exist (created if not) and be writable, else PGlite fails later with an obscure error. */
function ensureWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    throw new StartupError(
      `DATA_DIR "${dataDir}" is not a writable folder (${errorCode(err) ?? String(err)}); set DATA_DIR to a folder Riposte may write to, or fix its permissions.`,
      { cause: err },
    );
  }
}
