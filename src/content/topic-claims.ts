import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { ClaimSummary } from './claims.ts';
import { visiblePack } from './visibility.ts';

export interface TopicClaims {
  topic: { slug: string; name: string };
  total: number;
  claims: ClaimSummary[];
}

/**
 * The visible claims on one topic (by slug, merged across packs as listTopics merges them), a page
 * at a time; null when no visible pack has that topic.
 */
export async function claimsOnTopic(
  database: Database,
  guildId: string,
  slug: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<TopicClaims | null> {
  if (!slug || slug.length > 80) return null;
  const [topic] = await database.rows<{ slug: string; name: string }>(sql`
    select t.slug, min(t.name) as name from topics t join packs p on p.id = t.pack_id
    where t.slug = ${slug} and ${visiblePack(guildId)} group by t.slug`);
  if (!topic) return null;
  const rows = await database.rows<ClaimSummary & { total: number }>(sql`
    select c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug", (count(*) over ())::int as total
    from claims c join packs p on p.id = c.pack_id
    where ${visiblePack(guildId)} and exists (
      select 1 from claim_topics ct join topics t on t.id = ct.topic_id
      join packs tp on tp.id = t.pack_id
      where ct.claim_id = c.id and t.slug = ${slug} and ${visiblePack(guildId, 'tp')})
    order by c.id
    limit ${opts.limit ?? 10} offset ${opts.offset ?? 0}`);
  return { topic, total: rows[0]?.total ?? 0, claims: rows.map(({ total: _t, ...c }) => c) };
}
