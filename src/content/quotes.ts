import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import type { PackSource } from '../db/schema/index.ts';
import { asksExactly, likePattern, prefixQuery, prefixTsquery, searchText, typedText } from './query-text.ts';
import { wordsThenCorrected } from './autocomplete-words.ts';
import { correctQuery, type LazyCorrection, typingCorrection } from './search-correct.ts';
import { withEllipses } from './snippet.ts';
import { trigramRows, visiblePack, visiblePackIds } from './visibility.ts';

export interface QuoteView {
  id: number;
  slug: string;
  text: string;
  speaker: string;
  work: string | null;
  year: number | null;
  context: string | null;
  topics: { slug: string; name: string }[];
  pack: { slug: string; title: string; source: PackSource };
}

const quoteColumns = sql`
  q.id, q.slug, q.text, q.speaker, q.work, q.year, q.context,
  json_build_object('slug', p.slug, 'title', p.title, 'source', p.source) as pack,
  coalesce((select json_agg(json_build_object('slug', t.slug, 'name', t.name) order by t.name)
            from quote_topics qt join topics t on t.id = qt.topic_id where qt.quote_id = q.id), '[]'::json) as topics`;

export interface QuoteFilter {
  speaker?: string | undefined;
  /** Topic slug or name. */
  topicSlug?: string | undefined;
  packSlug?: string | undefined;
}

/**
 * A random visible quote matching the filter; the speaker matches case-insensitively, in part, and
 * a misspelt speaker ("trotksy") is corrected when it matches no one (`speakerCorrected`).
 * Sorting every quote by random() costs a full scan, so the unfiltered pick probes a random point
 * of the id range instead (ids after a gap are a little likelier); filtered picks read the k-th of
 * the topic's or speaker's quotes from an index (random_quote, migration 0009).
 */
export async function pickQuote(
  database: Database,
  guildId: string,
  filter: QuoteFilter = {},
): Promise<{ quote: QuoteView | null; speakerCorrected: string | null }> {
  const first = await randomQuoteRow(database, guildId, filter);
  if (first !== null || !filter.speaker) return { quote: first, speakerCorrected: null };
  // The speakers table is rebuilt in each import's transaction, so no match there is no match at all:
  // the name is corrected and tried once more.
  const { corrected } = await correctQuery(database, guildId, typedText(filter.speaker));
  const second = corrected ? await randomQuoteRow(database, guildId, { ...filter, speaker: corrected }) : null;
  return second === null ? { quote: null, speakerCorrected: null } : { quote: second, speakerCorrected: corrected };
}

/** A random visible quote matching the filter (see pickQuote). */
export async function randomQuote(database: Database, guildId: string, filter: QuoteFilter = {}): Promise<QuoteView | null> {
  return (await pickQuote(database, guildId, filter)).quote;
}

/**
 * A random visible quote matching the filter: one call of random_quote (migration 0009), a PL/pgSQL
 * function, so its pick and load keep their plans per connection. Its columns are quoteColumns'.
 */
async function randomQuoteRow(database: Database, guildId: string, filter: QuoteFilter): Promise<QuoteView | null> {
  const speaker = filter.speaker ? likePattern(typedText(filter.speaker)) : null;
  const [row] = await database.rows<QuoteView>(sql`
    select * from random_quote(${guildId}, ${speaker}::text, ${filter.topicSlug ?? null}::text, ${filter.packSlug ?? null}::text)`);
  return row ?? null;
}

export async function getQuote(database: Database, guildId: string, id: number): Promise<QuoteView | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [row] = await database.rows<QuoteView>(sql`
    select ${quoteColumns} from quotes q join packs p on p.id = q.pack_id
    where q.id = ${id} and ${visiblePack(guildId)}`);
  return row ?? null;
}

export async function searchQuotes(
  database: Database,
  guildId: string,
  query: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<{ total: number; hits: (QuoteView & { snippet: string })[]; corrected: string | null }> {
  const { text: q, corrected } = await correctQuery(database, guildId, searchText(query));
  const limit = opts.limit ?? 5;
  const offset = opts.offset ?? 0;
  // Candidates as in searchClaims: the word matches (sampled past GIN_SAMPLE) and the quotes of
  // speakers the query names, each bounded, then ranked; a query matching more than
  // QUOTE_CANDIDATES quotes counts that many.
  const rows = await database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('gin_fuzzy_search_limit', ${String(GIN_SAMPLE)}, true)`);
    return queryRows<QuoteView & { snippet: string; total: number }>(
      tx,
      sql`
    with w as (
      select websearch_to_tsquery('english', ${q}) as every_word,
             nullif(replace(plainto_tsquery('english', ${q})::text, '&', '|'), '')::tsquery as any_word
    ), candidates as (
      (select q.id, q.search from quotes q join packs p on p.id = q.pack_id, w
       where ${visiblePack(guildId)} and w.any_word is not null and q.search @@ w.any_word limit ${QUOTE_CANDIDATES})
      union
      (select q.id, q.search from search_speakers s join packs p on p.id = s.pack_id
         join quotes q on q.pack_id = s.pack_id and q.speaker = s.speaker
       where ${visiblePack(guildId)} and ${q.length >= 3} and s.speaker ilike ${likePattern(q)} limit ${QUOTE_CANDIDATES})
    ), hits as (
      select k.id, ts_rank_cd(k.search, w.any_word, 32) + case when k.search @@ w.every_word then 1 else 0 end as rank,
             count(*) over () as total
      from candidates k, w
      order by rank desc, k.id limit ${limit} offset ${offset}
    )
    select ${quoteColumns}, h.total::int as total,
           -- A speaker match on stop words alone ("the", "and") has no words to highlight: the opening then.
           coalesce(ts_headline('english', q.text, w.any_word, 'StartSel=**,StopSel=**,MaxWords=35,MinWords=15,MaxFragments=1'),
                    left(q.text, 200)) as snippet
    from hits h join quotes q on q.id = h.id join packs p on p.id = q.pack_id, w
    order by h.rank desc, h.id`,
    );
  });
  // A quoted word asks for exactly that word: no trigram look-alikes when nothing holds it.
  if (rows.length > 0 || offset > 0 || asksExactly(query)) {
    return {
      total: rows[0]?.total ?? 0,
      hits: rows.map(({ total: _t, ...r }) => ({ ...r, snippet: withEllipses(r.snippet, r.text) })),
      corrected,
    };
  }
  const fuzzy = await database.rows<QuoteView & { snippet: string; total: number }>(sql`
    select ${quoteColumns}, left(q.text, 200) as snippet, (count(*) over ())::int as total
    from quotes q join packs p on p.id = q.pack_id
    where ${visiblePack(guildId)} and (${q} <% q.text or ${q} <% q.speaker)
    order by greatest(word_similarity(${q}, q.text), word_similarity(${q}, q.speaker)) desc, q.id
    limit ${limit}`);
  return { total: fuzzy[0]?.total ?? 0, hits: fuzzy.map(({ total: _t, ...r }) => r), corrected };
}

/** Quotes whose words or speaker start with what was typed; typo-tolerant trigram matches fill in. Bounded like autocompleteClaims. */
export async function autocompleteQuotes(
  database: Database,
  guildId: string,
  typed: string,
  limit = 25,
  correct: LazyCorrection = typingCorrection(database, guildId, typedText(typed)),
): Promise<{ id: number; text: string; speaker: string }[]> {
  type Choice = { id: number; text: string; speaker: string };
  const t = typedText(typed);
  const prefix = prefixQuery(t);
  if (!prefix) {
    return database.rows(sql`
      select q.id, q.text, q.speaker from quotes q join packs p on p.id = q.pack_id
      where ${visiblePack(guildId)} order by q.id limit ${limit}`);
  }
  return wordsThenCorrected(t, prefix, limit, {
    byWords: (text, p) => quotesByWords(database, guildId, text, p, limit),
    correct,
    lookAlike: () =>
      database.rows<Choice>(sql`
        with candidates as (
          (select q.id from quotes q join packs p on p.id = q.pack_id
           where ${visiblePack(guildId)} and ${t} <% q.speaker limit ${CHOICE_CANDIDATES})
          union
          (select q.id from quotes q join packs p on p.id = q.pack_id
           where ${visiblePack(guildId)} and ${t} <% q.text limit ${CHOICE_CANDIDATES})
        )
        select q.id, q.text, q.speaker from candidates k join quotes q on q.id = k.id
        order by greatest(word_similarity(${t}, q.text), word_similarity(${t}, q.speaker)) desc, q.id
        limit ${limit}`),
  });
}

async function quotesByWords(
  database: Database,
  guildId: string,
  t: string,
  prefix: string,
  limit: number,
): Promise<{ id: number; text: string; speaker: string }[]> {
  return database.rows(sql`
    with candidates as (
      select q.id, q.text, q.speaker from quotes q join packs p on p.id = q.pack_id
      where ${visiblePack(guildId)} and q.search @@ ${prefixTsquery(prefix)}
      limit ${CHOICE_CANDIDATES}
    )
    select id, text, speaker from candidates
    order by (speaker ilike ${likePattern(t)} or text ilike ${likePattern(t)}) desc, length(text), id
    limit ${limit}`);
}

/** Autocomplete reads at most this many candidates per source before ordering them. */
const CHOICE_CANDIDATES = 100;

/** /quote search ranks at most this many word matches and as many quotes of named speakers. */
const QUOTE_CANDIDATES = 1_000;
/** gin_fuzzy_search_limit for /quote search (see searchClaims). */
const GIN_SAMPLE = 5_000;

/** Speakers matching what is typed, most quoted first; `correct` is shared with the quote choices of the same keystroke. */
export async function autocompleteSpeakers(
  database: Database,
  guildId: string,
  typed: string,
  limit = 25,
  correct: LazyCorrection = typingCorrection(database, guildId, typedText(typed)),
): Promise<string[]> {
  const t = typedText(typed);
  const found = await speakersMatching(database, guildId, t, limit);
  if (found.length > 0 || t.length < 3 || t.length > 60) return found;
  // "trotksy": no speaker is even trigram-close in the whole name; the corrected word finds him.
  const { corrected } = await correct();
  return corrected ? speakersMatching(database, guildId, corrected, limit) : found;
}

async function speakersMatching(database: Database, guildId: string, t: string, limit: number): Promise<string[]> {
  // 1–2 characters (or a phrase) have no trigram to look up: every visible speaker is compared,
  // lower() LIKE being about twice as quick as ILIKE.
  const match =
    t.length === 0
      ? sql``
      : t.length < 3 || t.length > 60
        ? sql`and lower(s.speaker) like ${likePattern(t.toLowerCase())}`
        : sql`and (s.speaker ilike ${likePattern(t)} or ${t} <% s.speaker)`;
  // Most-quoted first, from the speakers table's counts (a few hundred rows per pack, not every
  // quote). With a trigram to look up, its index leads and the packs filter what it finds; without
  // one, the visible packs' rows are read by the primary key, so other servers' speakers (most of
  // the table once many servers bring packs) are never scanned. (The key leading a trigram lookup
  // tested word similarity on every visible row: 23 ms.)
  const trigram = t.length >= 3 && t.length <= 60;
  const visible = trigram
    ? sql`s.pack_id in (select p.id from packs p where ${visiblePack(guildId)})`
    : sql`s.pack_id = any(${visiblePackIds(guildId)})`;
  const query = sql`
    select s.speaker from search_speakers s
    where ${visible} ${match}
    group by s.speaker order by sum(s.quotes) desc, s.speaker limit ${limit}`;
  const rows = trigram ? await trigramRows<{ speaker: string }>(database, query) : await database.rows<{ speaker: string }>(query);
  return rows.map((r) => r.speaker);
}
