import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { QuoteView } from '../content/quotes.ts';
import type { Reply } from '../interactions/types.ts';
import { correctionLine } from './claims.ts';
import { truncate } from './limits.ts';
import { pageButtons } from './pagination.ts';
import { inline, plural } from './format.ts';
import { COLOURS, openMenu } from './style.ts';

export const QUOTE_PAGE_SIZE = 5;

function workLine(q: QuoteView): string | null {
  if (!q.work && !q.year) return null;
  return [q.work ? `*${inline(q.work)}*` : null, q.year ? String(q.year) : null].filter(Boolean).join(', ');
}

/** A quote in full; `note` (e.g. a corrected speaker) goes above it. */
export function quoteReply(q: QuoteView, note?: string): Reply {
  const fields: APIEmbedField[] = [];
  const work = workLine(q);
  if (work) fields.push({ name: 'From', value: truncate(work, 1024) });
  if (q.context) fields.push({ name: 'Context', value: truncate(q.context, 1024) });
  if (q.topics.length > 0) fields.push({ name: 'Topics', value: truncate(q.topics.map((t) => t.name).join(', '), 1024) });
  const src = q.pack.source;
  return {
    ...(note ? { content: truncate(note, 2000) } : {}),
    embeds: [
      {
        author: { name: truncate(q.speaker, 256) },
        description: `“${q.text}”`,
        color: COLOURS.quote,
        fields,
        footer: {
          text: truncate(
            `Quote #${q.id} · ${q.pack.title} · quoted in ${src.title} (${src.author}${src.year ? `, ${src.year}` : ''})`,
            2048,
          ),
        },
      },
    ],
  };
}

/**
 * The daily post: the quote, who said it, and where to debate it. `topicSlug` is the schedule's
 * topic; without one the quote's first topic points to the claims.
 */
export function dailyQuoteEmbed(q: QuoteView, opts: { topicSlug?: string | null | undefined; title?: string } = {}): APIEmbed {
  const topic = opts.topicSlug ?? q.topics[0]?.slug;
  const debate = topic ? `Debate it: \`/claim random topic:${topic}\`` : 'Debate it: `/claim random`';
  const work = workLine(q);
  const lines = [`“${q.text}”`, '', `— **${inline(q.speaker)}**${work ? `, ${work}` : ''}`];
  if (q.context) lines.push('', `-# ${q.context}`);
  lines.push('', debate);
  const src = q.pack.source;
  const title = src.url ? `[${src.title}](${src.url})` : src.title;
  return {
    title: opts.title ?? 'Quote of the day',
    description: truncate(lines.join('\n'), 4096),
    color: COLOURS.quote,
    fields: [
      { name: 'Source', value: truncate(`${title}, ${src.author}${src.year ? ` (${src.year})` : ''} · pack \`${q.pack.slug}\``, 1024) },
    ],
  };
}

const SEARCH_TITLE = /^Quotes matching “(.*)”$/s;

export function quoteQueryFromTitle(title: string | undefined): string | null {
  return SEARCH_TITLE.exec(title ?? '')?.[1] ?? null;
}

export function quoteSearchReply(
  query: string,
  result: { total: number; hits: (QuoteView & { snippet: string })[]; corrected?: string | null },
  page: number,
  viewer: { owner: string; expires: number },
): Reply {
  const pages = Math.max(1, Math.ceil(result.total / QUOTE_PAGE_SIZE));
  const lines = result.hits.map(
    (h) => `**#${h.id}** “${truncate(inline(h.snippet || h.text), 360)}”\n— *${truncate(inline(h.speaker), 80)}*`,
  );
  if (result.corrected) lines.unshift(correctionLine(result.corrected, query));
  return {
    embeds: [
      {
        title: `Quotes matching “${query}”`,
        description: truncate(lines.join('\n\n'), 4096),
        color: COLOURS.quote,
        footer: { text: `${plural(result.total, 'quote')} · page ${page + 1} of ${pages} · pick one below to see it in full` },
      },
    ],
    components: [
      ...openMenu(
        'quote:open',
        'Open a quote…',
        result.hits.map((h) => ({ label: `#${h.id} ${h.text}`, value: String(h.id), description: h.speaker })),
      ),
      ...pageButtons({ command: 'quote', view: 's', arg: '', ...viewer }, page, pages),
    ],
  };
}
