import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { packs, quotes, quoteTopics, topics, type PackSource } from '../db/schema/index.ts';
import type { Reply } from '../interactions/types.ts';

type Embed = NonNullable<Reply['embeds']>[number];

export interface DailyQuote {
  id: number;
  text: string;
  speaker: string;
  work: string | null;
  year: number | null;
  context: string | null;
  topics: { slug: string; name: string }[];
  pack: { slug: string; title: string; source: PackSource };
}

/** A quote the server can see (global pack or its own), with what the post shows. */
export async function loadDailyQuote(db: Db, guildId: string, id: number): Promise<DailyQuote | null> {
  const [row] = await db
    .select({
      id: quotes.id,
      text: quotes.text,
      speaker: quotes.speaker,
      work: quotes.work,
      year: quotes.year,
      context: quotes.context,
      packSlug: packs.slug,
      packTitle: packs.title,
      source: packs.source,
    })
    .from(quotes)
    .innerJoin(packs, eq(packs.id, quotes.packId))
    .where(and(eq(quotes.id, id), or(isNull(packs.guildId), eq(packs.guildId, guildId))));
  if (!row) return null;
  const topicRows = await db
    .select({ slug: topics.slug, name: topics.name })
    .from(quoteTopics)
    .innerJoin(topics, eq(topics.id, quoteTopics.topicId))
    .where(eq(quoteTopics.quoteId, id))
    .orderBy(topics.slug);
  return {
    id: row.id,
    text: row.text,
    speaker: row.speaker,
    work: row.work,
    year: row.year,
    context: row.context,
    topics: topicRows,
    pack: { slug: row.packSlug, title: row.packTitle, source: row.source },
  };
}

// The same purple as /quote (src/render/style.ts), without pulling the render layer into the domain.
const QUOTE_COLOUR = 0x8e44ad;

function attribution(q: DailyQuote): string {
  const work = q.work ? `, *${q.work}*` : '';
  const year = q.year === null ? '' : ` (${q.year < 0 ? `${-q.year} BCE` : q.year})`;
  return `— **${q.speaker}**${work}${year}`;
}

function sourceLine(source: PackSource): string {
  const year = source.year === undefined ? '' : ` (${source.year})`;
  const title = source.url ? `[${source.title}](${source.url})` : source.title;
  return `${title}, ${source.author}${year}`;
}

/**
 * The daily post. `topicSlug` is the schedule's topic; without one the quote's first topic
 * points to the claims to debate.
 */
export function dailyEmbed(q: DailyQuote, opts: { topicSlug?: string | null; title?: string } = {}): Embed {
  const topic = opts.topicSlug ?? q.topics[0]?.slug;
  const debate = topic ? `Debate it: \`/claim random topic:${topic}\`` : 'Debate it: `/claim random`';
  const lines = [`“${q.text}”`, '', attribution(q)];
  if (q.context) lines.push('', `-# ${q.context}`);
  lines.push('', debate);
  return {
    title: opts.title ?? 'Quote of the day',
    description: lines.join('\n').slice(0, 4096),
    color: QUOTE_COLOUR,
    fields: [{ name: 'Source', value: `${sourceLine(q.pack.source)} · pack \`${q.pack.slug}\``.slice(0, 1024) }],
  };
}
