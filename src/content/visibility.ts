import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';

/** A server sees the global packs and its own, never another server's. `alias` is the packs table alias. */
export function visiblePack(guildId: string, alias = 'p'): SQL {
  return sql`(${sql.raw(alias)}.guild_id is null or ${sql.raw(alias)}.guild_id = ${guildId})`;
}

/**
 * The ids of the packs a server sees, as an array for `pack_id = any(…)`: tables keyed by
 * (pack_id, …) are then probed for those packs alone, however many other servers' packs they hold.
 */
export function visiblePackIds(guildId: string): SQL {
  return sql`array(select p.id from packs p where ${visiblePack(guildId)})`;
}

/** Longest query text a search accepts; longer input is refused with a clear message. */
export const MAX_QUERY_LENGTH = 200;

/**
 * Runs a trigram lookup (`%`, `<%`) with sequential scans off, in its own transaction. On a table
 * of a few thousand rows (references, speakers, topics, the vocabulary) the planner prefers a scan
 * that computes word similarity for every row, ~17 µs each (34 ms for 2,000 reference titles),
 * to reading the trigram index (well under a millisecond).
 */
export async function trigramRows<T>(database: Database, query: SQL): Promise<T[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    return queryRows<T>(tx, query);
  });
}
