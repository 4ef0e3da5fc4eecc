import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export type Rows = <T>(query: SQL) => Promise<T[]>;

/**
 * Raw SQL rows from a Db or a transaction: postgres.js answers with an array, PGlite with
 * `{ rows }` (Database.rows does the same, but only for the top-level connection).
 */
export function rowsOf(db: Db): Rows {
  return async <T,>(query: SQL) => {
    const result = (await db.execute(query)) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
  };
}
