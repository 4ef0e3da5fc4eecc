import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { truncate } from '../render/limits.ts';
import { queryRows, rowsOf, type Rows, type Tx } from '../db/rows.ts';
import { asksExactly, likePattern, prefixQuery, prefixTsquery, queryWords, searchText, typedText } from './query-text.ts';
import { wordsThenCorrected } from './autocomplete-words.ts';
import { correctQuery, typingCorrection } from './search-correct.ts';
import { withEllipses } from './snippet.ts';
import { visiblePack } from './visibility.ts';

export interface ClaimSummary {
  id: number;
  slug: string;
  text: string;
  attributedTo: string;
  packSlug: string;
}
export interface ClaimHit extends ClaimSummary {
  /** An excerpt with the matched words in **bold**. */
  snippet: string;
  rank: number;
}
export interface RebuttalNode {
  id: number;
  slug: string;
  text: string;
  keyPoints: string[];
  refs: { code: string; title: string }[];
  children: RebuttalNode[];
}
export interface ClaimDetail extends ClaimSummary {
  topics: { slug: string; name: string }[];
  refs: { code: string; title: string; work: string }[];
  rebuttals: RebuttalNode[];
  pack: { slug: string; title: string };
}

/**
 * The claims a server sees whose words match, at most `limit`: the global packs' claims through the
 * text indexes that cover them alone (`claims.global`), then the server's own packs' claims read
 * pack by pack. An index over every server's claims serves a big deployment badly: a frequent word
 * lists (or, past GIN_SAMPLE, samples) thousands of other servers' claims before the visible ones,
 * and the planner, taking a pack for the average pack (a hundred claims), would rather test every
 * visible claim's words than read it (213 ms for a rare word at 1,000,000 claims).
 * `match(vector)` is the condition on the vector: `c.search`, or with `all` the claim's own and
 * extra words together; the own packs' vector is wrapped so that only their pack index is read.
 */
function visibleMatching(
  guildId: string,
  opts: { columns: SQL; from?: SQL; all?: boolean; match: (vector: SQL) => SQL; limit: SQL | number; inIdOrder?: boolean },
): SQL {
  const vector = opts.all ? sql`(c.search || c.extra)` : sql`c.search`;
  const from = opts.from ?? sql``;
  // In id order the planner may walk the global claims' id index and stop at the limit, where a
  // match is frequent; for a rare one it still reads the text index (see claimsByWords).
  const order = opts.inIdOrder ? sql`order by c.id` : sql``;
  return sql`(select * from (
      (select ${opts.columns} from claims c ${from} where c.global and ${opts.match(vector)} ${order} limit ${opts.limit})
      union all
      (select ${opts.columns} from packs p join claims c on c.pack_id = p.id ${from}
       where p.guild_id = ${guildId} and ${opts.match(sql`(${vector} || ''::tsvector)`)} limit ${opts.limit})
    ) v limit ${opts.limit})`;
}

/** How many matches a search ranks at most; a word that hits more reports "1,000+". */
export const SEARCH_CANDIDATES = 1000;

/**
 * Claims holding only some of a query's words rank below every claim holding all of them; this
 * many are enough to order the rest of a page, and reading them costs about a millisecond per 100.
 */
const SOME_WORD_CANDIDATES = 500;

/** Claims found only through their extra words (rebuttals, key points, citations) are read at most this many. */
const EXTRA_CANDIDATES = 100;

export interface ClaimSearchResult {
  total: number;
  capped: boolean;
  hits: ClaimHit[];
  /** The query as searched after correcting misspelt words, or null when it was searched as typed. */
  corrected: string | null;
}

const HEADLINE = 'StartSel=**,StopSel=**,MaxWords=35,MinWords=15,MaxFragments=1';

/**
 * Full-text search, ranked: misspelt words are first corrected against the vocabulary
 * (search-correct.ts); then every claim sharing a stemmed word with the query is a candidate (so a
 * paraphrase finds it), claims matching all the words rank first. Claims that say none of the
 * words themselves but whose rebuttals, key points, references or cited quotes hold them all
 * follow (searchExtra). When nothing matches, trigram similarity takes over, unless a word was
 * quoted: that asks for exactly the word.
 *
 * Ranking reads every candidate's vector, so a word found in tens of thousands of claims ranks a
 * bounded set: those matching every word, then any word.
 */
export async function searchClaims(
  database: Database,
  guildId: string,
  query: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<ClaimSearchResult> {
  const typed = searchText(query);
  const { text: q, corrected } = await correctQuery(database, guildId, typed);
  const limit = opts.limit ?? 5;
  const offset = opts.offset ?? 0;
  return database.db.transaction(async (tx) => {
    const rows = rowsOf(tx);
    // A word in half the store would otherwise make the index list every claim holding it before
    // the first row is read; past GIN_SAMPLE matches it returns a random sample instead, and those
    // searches report "1,000+" anyway. Local to this transaction.
    await tx.execute(sql`select set_config('gin_fuzzy_search_limit', ${String(GIN_SAMPLE)}, true)`);
    // With one word "any word" is "every word": a second pass would find nothing new. With several,
    // claims holding some of the words fill what the claims holding every word left of
    // SEARCH_CANDIDATES, at most SOME_WORD_CANDIDATES (nothing, for two common words), read lexeme
    // by lexeme, each scan bounded to an equal share (and sampled past GIN_SAMPLE): one scan of
    // "a | b | c" lists every claim holding any of them before the first is read, which for a
    // sentence of common words is most of the store. A scan that fills its share means more claims
    // hold that word than are ranked.
    const severalWords = queryWords(q).length > 1;
    const anyWordPass = severalWords
      ? sql`, share as (
          select ceil(least(${SOME_WORD_CANDIDATES}, ${SEARCH_CANDIDATES} - (select count(*) from every))::numeric / greatest(count(*), 1))::int as n
          from unnest(to_tsvector('english', ${q}))
        ), some_word as materialized (
          select l.lexeme, k.id, k.search
          from unnest(to_tsvector('english', ${q})) as l
          cross join lateral ${visibleMatching(guildId, {
            columns: sql`c.id, c.search`,
            from: sql`, q`,
            match: (v) => sql`${v} @@ quote_literal(l.lexeme)::tsquery and not c.search @@ q.every_word`,
            limit: sql`(select n from share)`,
          })} k
        ), filled as (
          select coalesce(bool_or(n >= (select n from share)), false) as share_filled
          from (select count(*) as n from some_word group by lexeme) x
        )`
      : sql`, filled as (select false as share_filled)`;
    const someWordRows = severalWords ? sql`union all select distinct on (id) id, search, false as every from some_word` : sql``;
    type Row = ClaimHit & { total: number; every: boolean; filled: boolean };
    // Own matches from the first: extra matches holding every word slot in between own ones holding
    // every word and own ones holding some, so the page is cut after merging (a few dozen rows deep).
    // Candidates carry their vector from the index scan; only the page's rows are read again.
    const found = await rows<Row>(sql`
      with q as (
        select websearch_to_tsquery('english', ${q}) as every_word,
               nullif(replace(plainto_tsquery('english', ${q})::text, '&', '|'), '')::tsquery as any_word
      ), every as materialized (
        select * from ${visibleMatching(guildId, {
          columns: sql`c.id, c.search`,
          from: sql`, q`,
          match: (v) => sql`${v} @@ q.every_word`,
          limit: SEARCH_CANDIDATES,
        })} e
      ) ${anyWordPass}, candidates as (
        select id, search, true as every from every
        ${someWordRows}
      ), ranked as (
        select k.id, k.every, ts_rank(k.search, q.any_word, 32) + case when k.every then 1 else 0 end as rank,
               count(*) over () as total
        from candidates k, q
        order by rank desc, k.id
        limit ${offset + limit}
      )
      select c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug", h.rank::float8 as rank,
             h.every, h.total::int as total, (select share_filled from filled) as filled,
             ts_headline('english', c.text, q.any_word, ${HEADLINE}) as snippet
      from ranked h join claims c on c.id = h.id join packs p on p.id = c.pack_id, q
      order by h.rank desc, h.id`);
    const own = found.map(({ total: _t, every, filled: _f, ...r }) => ({ hit: { ...r, snippet: withEllipses(r.snippet, r.text) }, every }));
    const ownTotal = found[0]?.total ?? 0;
    const page = (list: ClaimHit[]) => list.slice(offset, offset + limit);
    // More claims say the words themselves than can be ranked (a thousand, or a word's share of
    // them): the search through rebuttals is skipped, as its matches would be cut from a ranking
    // that already cannot hold every claim saying the words, and the count says "N+".
    if (ownTotal >= SEARCH_CANDIDATES) return { total: SEARCH_CANDIDATES, capped: true, hits: page(own.map((o) => o.hit)), corrected };
    if (found[0]?.filled) return { total: ownTotal, capped: true, hits: page(own.map((o) => o.hit)), corrected };
    const extra = await searchExtra(tx, guildId, q, offset + limit);
    // A claim holding some words itself and the rest in its rebuttals is promoted to the extra matches.
    const promoted = new Set(extra.hits.map((h) => h.id));
    const merged = [
      ...own.filter((o) => o.every).map((o) => o.hit),
      ...extra.hits,
      ...own.filter((o) => !o.every && !promoted.has(o.hit.id)).map((o) => o.hit),
    ];
    const total = Math.min(ownTotal + extra.total - extra.alsoOwn, SEARCH_CANDIDATES);
    if (total > 0 || offset > 0) return { total, capped: total >= SEARCH_CANDIDATES, hits: page(merged), corrected };
    if (asksExactly(typed)) return { total: 0, capped: false, hits: [], corrected };
    return { ...(await fuzzyClaims(rows, guildId, q, limit)), corrected };
  });
}

/**
 * gin_fuzzy_search_limit for searches: an index scan matching more rows than this returns a random
 * sample of about this many. Above SEARCH_CANDIDATES (with room for other servers' claims, which
 * the index also holds), so every count a reply shows exactly is still exact.
 */
const GIN_SAMPLE = 5_000;

/**
 * Claims holding every word only together with their extra words (rebuttals and key points, then
 * the references they cite and those references' quotes), ranked by how prominently the extra
 * words hold them; they rank below claims holding every word themselves, above claims holding
 * only some (`alsoOwn` counts those among them, found by their own words too). Skipped for a word in a thousand claims' own text. The extra vectors are ten times a claim's own: a sequential
 * scan would read every one, which the planner, seeing a small table, would pick; the GIN index is
 * made the only way in.
 */
async function searchExtra(
  tx: Tx,
  guildId: string,
  q: string,
  limit: number,
): Promise<{ total: number; alsoOwn: number; hits: ClaimHit[] }> {
  type Row = ClaimHit & { total: number; alsoOwn: number };
  const found = sql`
    select id from ${visibleMatching(guildId, {
      columns: sql`c.id`,
      all: true,
      match: (v) => sql`${v} @@ websearch_to_tsquery('english', ${q}) and not c.search @@ websearch_to_tsquery('english', ${q})`,
      limit: EXTRA_CANDIDATES,
    })} e`;
  {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    // ts_rank, not ts_rank_cd: extra vectors are ten times a claim's own, and cover density over
    // them cost ~40 µs a claim (4 ms for a hundred) where ts_rank costs a tenth of that.
    const rows = await queryRows<Row>(
      tx,
      sql`
      with found as (${found})
      select c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug",
             (0.5 * ts_rank(c.extra, websearch_to_tsquery('english', ${q}), 32))::float8 as rank,
             (count(*) over ())::int as total,
             (count(*) filter (where c.search @@ nullif(replace(plainto_tsquery('english', ${q})::text, '&', '|'), '')::tsquery) over ())::int as "alsoOwn"
      from found k join claims c on c.id = k.id join packs p on p.id = c.pack_id
      order by rank desc, c.id
      limit ${limit}`,
    );
    return {
      total: rows[0]?.total ?? 0,
      alsoOwn: rows[0]?.alsoOwn ?? 0,
      hits: rows.map(({ alsoOwn: _a, ...r }) => ({ ...stripTotal(r), snippet: truncate(r.text, 200) })),
    };
  }
}

/** A typo: the closest claims by trigram word similarity, among a bounded set of candidates. */
async function fuzzyClaims(
  rows: Rows,
  guildId: string,
  q: string,
  limit: number,
): Promise<{ total: number; capped: boolean; hits: ClaimHit[] }> {
  const found = await rows<ClaimHit & { total: number }>(sql`
    with candidates as (
      select c.id from claims c join packs p on p.id = c.pack_id
      where ${visiblePack(guildId)} and ${q} <% c.text limit ${FUZZY_CANDIDATES}
    )
    select c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug",
           word_similarity(${q}, c.text)::float8 as rank, (count(*) over ())::int as total
    from candidates k join claims c on c.id = k.id join packs p on p.id = c.pack_id
    order by rank desc, c.id
    limit ${limit}`);
  const total = found[0]?.total ?? 0;
  return { total, capped: total >= FUZZY_CANDIDATES, hits: found.map((r) => ({ ...stripTotal(r), snippet: truncate(r.text, 200) })) };
}

/** Trigram matching rechecks every candidate's text, so typo searches look at this many at most. */
const FUZZY_CANDIDATES = 200;

function stripTotal<T extends { total: number }>(row: T): Omit<T, 'total'> {
  const { total: _total, ...rest } = row;
  return rest;
}

/** Autocomplete reads at most this many candidates before ordering them, whatever the store's size. */
const CHOICE_CANDIDATES = 100;

/**
 * Choices as a person types: claims containing the typed words (the last one as a prefix), through
 * the full-text index; when those are too few, typo-tolerant trigram matches fill in. Each source
 * stops after a bounded number of candidates, which are then ordered by closeness.
 */
export async function autocompleteClaims(
  database: Database,
  guildId: string,
  typed: string,
  limit = 25,
): Promise<{ id: number; text: string }[]> {
  const t = typedText(typed);
  const prefix = prefixQuery(t);
  if (!prefix) {
    return database.rows(sql`
      select c.id, c.text from claims c join packs p on p.id = c.pack_id
      where ${visiblePack(guildId)} order by c.id limit ${limit}`);
  }
  return wordsThenCorrected(t, prefix, limit, {
    byWords: (text, p) => claimsByWords(database, guildId, text, p, limit),
    correct: typingCorrection(database, guildId, t),
    lookAlike: () =>
      database.rows<{ id: number; text: string }>(sql`
        with candidates as (
          select c.id, c.text from claims c join packs p on p.id = c.pack_id
          where ${visiblePack(guildId)} and ${t} <% c.text
          limit ${CHOICE_CANDIDATES}
        )
        select id, text from candidates order by word_similarity(${t}, text) desc, id limit ${limit}`),
  });
}

/**
 * Claims containing the typed words, the last as a prefix, through the full-text indexes (the
 * global packs' and the server's own packs', as search reads them); whole-phrase matches first.
 */
async function claimsByWords(
  database: Database,
  guildId: string,
  t: string,
  prefix: string,
  limit: number,
): Promise<{ id: number; text: string }[]> {
  return database.rows<{ id: number; text: string }>(sql`
    with candidates as ${visibleMatching(guildId, {
      columns: sql`c.id, c.text`,
      match: (vector) => sql`${vector} @@ ${prefixTsquery(prefix)}`,
      limit: CHOICE_CANDIDATES,
      inIdOrder: true,
    })}
    select id, text from candidates
    order by (text ilike ${likePattern(t)}) desc, length(text), id
    limit ${limit}`);
}

export async function getClaim(database: Database, guildId: string, id: number): Promise<ClaimDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const [base] = await database.rows<ClaimSummary & { packTitle: string }>(sql`
    select c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug", p.title as "packTitle"
    from claims c join packs p on p.id = c.pack_id
    where c.id = ${id} and ${visiblePack(guildId)}`);
  if (!base) return null;
  const [topicRows, refRows, rebuttalRows, kpRows, rebRefRows] = await Promise.all([
    database.rows<{ slug: string; name: string }>(sql`
      select t.slug, t.name from claim_topics ct join topics t on t.id = ct.topic_id where ct.claim_id = ${id} order by t.name`),
    database.rows<{ code: string; title: string; work: string }>(sql`
      select r.code, r.title, r.work from claim_refs cr join "references" r on r.id = cr.reference_id where cr.claim_id = ${id} order by r.code`),
    database.rows<{ id: number; slug: string; text: string; parentId: number | null }>(sql`
      select id, slug, text, parent_id as "parentId" from rebuttals where claim_id = ${id} order by position, id`),
    database.rows<{ rebuttalId: number; text: string }>(sql`
      select k.rebuttal_id as "rebuttalId", k.text from key_points k join rebuttals r on r.id = k.rebuttal_id
      where r.claim_id = ${id} order by k.rebuttal_id, k.position`),
    database.rows<{ rebuttalId: number; code: string; title: string }>(sql`
      select rr.rebuttal_id as "rebuttalId", x.code, x.title from rebuttal_refs rr
      join rebuttals r on r.id = rr.rebuttal_id join "references" x on x.id = rr.reference_id
      where r.claim_id = ${id} order by x.code`),
  ]);
  const nodes = new Map<number, RebuttalNode>();
  for (const r of rebuttalRows) nodes.set(r.id, { id: r.id, slug: r.slug, text: r.text, keyPoints: [], refs: [], children: [] });
  for (const k of kpRows) nodes.get(k.rebuttalId)?.keyPoints.push(k.text);
  for (const x of rebRefRows) nodes.get(x.rebuttalId)?.refs.push({ code: x.code, title: x.title });
  const roots: RebuttalNode[] = [];
  for (const r of rebuttalRows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const { packTitle, ...summary } = base;
  return { ...summary, topics: topicRows, refs: refRows, rebuttals: roots, pack: { slug: base.packSlug, title: packTitle } };
}

/** A random visible claim, optionally on one topic (matched by slug or name across packs). */
export async function randomClaim(database: Database, guildId: string, topic?: string): Promise<ClaimDetail | null> {
  const filter = topic
    ? sql`and exists (select 1 from claim_topics ct join topics t on t.id = ct.topic_id
                      where ct.claim_id = c.id and (t.slug = ${topic} or lower(t.name) = lower(${topic})))`
    : sql``;
  const [row] = await database.rows<{ id: number }>(sql`
    select c.id from claims c join packs p on p.id = c.pack_id
    where ${visiblePack(guildId)} ${filter}
    order by random() limit 1`);
  return row ? getClaim(database, guildId, row.id) : null;
}
