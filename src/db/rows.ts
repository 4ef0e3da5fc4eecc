import type { SQL } from 'drizzle-orm';
import type { Db } from './handle.ts';

/** A transaction handle; drizzle's transaction is a Db too, so domain functions take Db and run inside either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type Rows = <T>(query: SQL) => Promise<T[]>;

/**
 * Raw SQL rows from a Db or a transaction: postgres.js answers with an array, PGlite with `{ rows }`.
 * Database.rows is this for the top-level handle; inside a transaction only the drizzle handle exists.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export function rowsOf(db: Db): Rows {
  return <T>(query: SQL) => queryRows<T>(db, query);
}
