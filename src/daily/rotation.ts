import { sql, type SQL } from 'drizzle-orm';
import type { Rows } from '../db/rows.ts';

/** Which quotes a server's daily post draws from. */
export interface QuotePool {
  guildId: string;
  topicSlug: string | null;
  packSlug: string | null;
}

/**
 * Quotes of packs the server sees, narrowed to the pack and topic. Walks quotes by pack_id
 * (quotes_pack_slug_uq) and topics by (pack_id, slug); packs are few.
 */
function eligible(pool: QuotePool): SQL {
  return sql`
    from quotes q
    join packs p on p.id = q.pack_id
    where (p.guild_id is null or p.guild_id = ${pool.guildId})
      ${pool.packSlug === null ? sql`` : sql`and p.slug = ${pool.packSlug}`}
      ${
        pool.topicSlug === null
          ? sql``
          : sql`and exists (select 1 from quote_topics qt join topics t on t.id = qt.topic_id where qt.quote_id = q.id and t.slug = ${pool.topicSlug})`
      }`;
}

/** Posted (or being posted) in this cycle; uses daily_posts_guild_cycle_idx. */
function postedInCycle(guildId: string, cycle: number): SQL {
  return sql`exists (select 1 from daily_posts dp where dp.guild_id = ${guildId} and dp.cycle = ${cycle} and dp.quote_id = q.id)`;
}

/**
 * The next quote of the cycle, or null when every eligible quote was posted in it. The order is a
 * hash of (server, cycle, quote): shuffled afresh each cycle and for each server, yet stable within
 * a cycle, so /daily preview shows exactly what the next post will be.
 */
export async function nextQuoteInCycle(rows: Rows, pool: QuotePool, cycle: number): Promise<number | null> {
  const [row] = await rows<{ id: number }>(sql`
    select q.id ${eligible(pool)}
      and not ${postedInCycle(pool.guildId, cycle)}
    order by md5(${pool.guildId} || ':' || ${cycle}::text || ':' || q.id::text)
    limit 1`);
  return row ? Number(row.id) : null;
}

export async function poolCounts(rows: Rows, pool: QuotePool, cycle: number): Promise<{ total: number; remaining: number }> {
  const [row] = await rows<{ total: number; remaining: number }>(sql`
    select count(*)::int as total, (count(*) filter (where not ${postedInCycle(pool.guildId, cycle)}))::int as remaining
    ${eligible(pool)}`);
  return { total: Number(row?.total ?? 0), remaining: Number(row?.remaining ?? 0) };
}
