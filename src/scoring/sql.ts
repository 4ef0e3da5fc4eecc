import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** A transaction handle; drizzle's PgTransaction is a Db, so domain functions take Db and run inside either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Raw SQL rows from a Db or a transaction. Database.rows() does this for the top-level handle; inside
 * a transaction only the drizzle handle exists, and the drivers still differ (postgres.js returns an
 * array, PGlite an object with rows).
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
