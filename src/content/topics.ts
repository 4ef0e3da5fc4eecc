import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { likePattern, typedText } from './query-text.ts';
import { trigramRows, visiblePack } from './visibility.ts';

export interface TopicCount {
  slug: string;
  name: string;
  claims: number;
  quotes: number;
}

/** Topics of every visible pack, merged by slug (two packs may both have "the-state"). */
export async function listTopics(database: Database, guildId: string): Promise<TopicCount[]> {
  return database.rows<TopicCount>(sql`
    select t.slug, min(t.name) as name,
           (select count(distinct ct.claim_id) from claim_topics ct join topics t2 on t2.id = ct.topic_id
              join packs p2 on p2.id = t2.pack_id where t2.slug = t.slug and ${visiblePack(guildId, 'p2')})::int as claims,
           (select count(distinct qt.quote_id) from quote_topics qt join topics t2 on t2.id = qt.topic_id
              join packs p2 on p2.id = t2.pack_id where t2.slug = t.slug and ${visiblePack(guildId, 'p2')})::int as quotes
    from topics t join packs p on p.id = t.pack_id
    where ${visiblePack(guildId)}
    group by t.slug order by lower(min(t.name)), min(t.name)`);
}

export async function autocompleteTopics(
  database: Database,
  guildId: string,
  typed: string,
  limit = 25,
): Promise<{ slug: string; name: string }[]> {
  const t = typedText(typed);
  const match = t.length === 0 ? sql`` : sql`and (t.name ilike ${likePattern(t)} or t.slug ilike ${likePattern(t)} or ${t} <% t.name)`;
  const query = sql`
    select t.slug, min(t.name) as name from topics t join packs p on p.id = t.pack_id
    where ${visiblePack(guildId)} ${match}
    group by t.slug order by lower(min(t.name)), min(t.name) limit ${limit}`;
  return t.length === 0 ? database.rows(query) : trigramRows(database, query);
}
