import { sql, type SQL } from 'drizzle-orm';

/** A server sees the global packs and its own, never another server's. `alias` is the packs table alias. */
export function visiblePack(guildId: string, alias = 'p'): SQL {
  return sql`(${sql.raw(alias)}.guild_id is null or ${sql.raw(alias)}.guild_id = ${guildId})`;
}

/** Longest query text a search accepts; longer input is refused with a clear message. */
export const MAX_QUERY_LENGTH = 200;
