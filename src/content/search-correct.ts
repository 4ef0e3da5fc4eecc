import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { editDistance, type QueryWord, queryWords } from './query-text.ts';
import { visiblePack, visiblePackIds } from './visibility.ts';

export interface Corrected {
  /** What to search for: the query with misspelt words replaced. */
  text: string;
  /** The corrected query to show ("Showing results for …"), or null when nothing was changed. */
  corrected: string | null;
}

/** Trigram neighbours read per misspelt word (the most similar), before edit distance picks one. */
const CANDIDATES_PER_WORD = 20;
/** Vocabulary words a cut-short word may complete to, read in order (the prefix index's). */
const COMPLETIONS_PER_WORD = 20;
/** Words checked per query; longer queries are sentences, whose stray words matter less. */
const MAX_WORDS = 12;

/** How many edits a word of this length may be away from its correction. */
function allowedEdits(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

interface Candidate {
  typed: string;
  word: string;
  freq: number;
  name: boolean;
  sim: number;
}

/**
 * Spelling correction as the PostgreSQL documentation suggests for pg_trgm: each query word found
 * nowhere in the visible packs' vocabulary (neither as typed nor by its english stem) is replaced
 * by the nearest vocabulary word: the fewest edits, then the most frequent, then the most
 * trigram-similar. Most slips are one edit ("trotksy", "capitlism") or a word cut short, so one
 * statement tells which words are known and finds, for the others, every vocabulary word one edit
 * away (by their shared symmetric-delete keys, a key per letter typed) and the words they begin
 * (by the prefix index), counted in the packs the server sees. Only a word with no such neighbour
 * (two edits, "trotzki") takes the trigram index, in a second statement. Nothing is lost by looking one edit away first:
 * a trigram neighbour is never nearer than one edit, and the ones exactly one edit away are these.
 * With `lastIsPrefix` (autocomplete) the last word is still being typed: any word starting with it
 * counts as known.
 */
export async function correctQuery(
  database: Database,
  guildId: string,
  text: string,
  opts: { lastIsPrefix?: boolean } = {},
): Promise<Corrected> {
  const all = queryWords(text);
  const last = all.at(-1);
  const lower = checkableWords(all);
  if (lower.length === 0) return { text, corrected: null };
  const prefix = opts.lastIsPrefix && last && !last.quoted ? last.text.toLowerCase() : '';
  const rows = await database.rows<Candidate & { known: boolean }>(nearbySql(guildId, lower, prefix));
  const known = new Set(rows.filter((r) => r.known).map((r) => r.typed));
  const near = groupBy(
    rows.filter((r) => !r.known),
    (c) => c.typed,
  );
  const best = new Map<string, Candidate>();
  const far: string[] = [];
  for (const w of lower) {
    if (known.has(w)) continue;
    // Only a neighbour one edit away settles it: the trigram side may hold a likelier word two away.
    const choice = nearest(w, near.get(w) ?? [], 1);
    if (choice) best.set(w, choice);
    else far.push(w);
  }
  if (far.length > 0) {
    for (const [typed, list] of groupBy(await trigramCandidates(database, guildId, far), (c) => c.typed)) {
      const choice = nearest(typed, list);
      if (choice) best.set(typed, choice);
    }
  }
  return applied(text, all, best);
}

/** The text with each misspelt word replaced by its choice, or unchanged (corrected: null) when there is none. */
function applied(text: string, all: readonly QueryWord[], best: ReadonlyMap<string, Candidate>): Corrected {
  if (best.size === 0) return { text, corrected: null };
  let out = '';
  let at = 0;
  for (const w of all) {
    const choice = w.quoted ? undefined : best.get(w.text.toLowerCase());
    if (!choice) continue;
    out += text.slice(at, w.start) + displayed(choice, w.text);
    at = w.start + w.text.length;
  }
  out += text.slice(at);
  return { text: out, corrected: out };
}

/**
 * The query words the server's packs hold (known: true), and for each of the others the visible
 * vocabulary words one edit away or (from 4 letters) beginning with it, with their counts. A
 * half-typed last word (`prefix`) is known when some vocabulary word starts with it (any pack's word
 * will do, as this only decides not to correct). Words one edit away share a symmetric-delete key
 * with the typed word (search_vocab_deletes); the words it begins are a range of the prefix index
 * (text_pattern_ops compares bytes, and no character sorts after U+10FFFF).
 */
function nearbySql(guildId: string, lower: readonly string[], prefix: string): SQL {
  const typedPrefix = prefix
    ? sql`or (q.w = ${prefix} and exists (select 1 from search_vocab v where v.word like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}))`
    : sql``;
  return sql`
    with known as (
      select q.w from unnest(${sql.param(lower)}::text[]) as q(w) where ${knownWord(guildId, sql`q.w`)} ${typedPrefix}
    ), unknown as (
      select q.w from unnest(${sql.param(lower)}::text[]) as q(w) where q.w not in (select w from known)
    ), found as (
      select u.w as typed, x.word from unknown u
      cross join lateral vocab_delete_keys(u.w) as k(del)
      join search_vocab_deletes x on x.del = k.del
      union
      select u.w, c.word from unknown u
      cross join lateral (
        select v.word from search_vocab v
        where v.word ~>~ u.w and v.word ~<~ (u.w || chr(1114111)) order by v.word limit ${COMPLETIONS_PER_WORD}
      ) c
      where char_length(u.w) >= 4
    )
    select f.typed, f.word, similarity(f.word, f.typed)::float8 as sim, n.freq, n.name, false as known
    from found f cross join lateral ${visibleWordCount(guildId, sql`f.word`)} n
    where n.freq is not null
    union all
    select w, '', 0, 0, false, true from known`;
}

/**
 * True when the word (an SQL text expression) is one the server's packs hold, as typed or by its
 * english stem; stop words (no stem) count as known. By the (pack_id, word) key for each visible
 * pack: a common word has a row in every server's pack.
 */
function knownWord(guildId: string, w: SQL): SQL {
  return sql`(ts_lexize('english_stem', ${w}) = '{}'
    or exists (select 1 from search_words v where v.pack_id = any(${visiblePackIds(guildId)}) and v.word = ${w})
    or exists (select 1 from search_words v join packs p on p.id = v.pack_id
               where v.stem = (ts_lexize('english_stem', ${w}))[1] and ${visiblePack(guildId)}))`;
}

/** How often a vocabulary word occurs in the server's packs and whether it is a name: a lateral subquery (freq, name). */
function visibleWordCount(guildId: string, word: SQL): SQL {
  return sql`(
    select sum(v.nentry)::int as freq, bool_or(v.name) as name
    from search_words v where v.pack_id = any(${visiblePackIds(guildId)}) and v.word = ${word}
  )`;
}

/** A correction asked for lazily and at most once: the autocompletes answering one keystroke share it. */
export type LazyCorrection = () => Promise<Corrected>;

/** What someone is typing, corrected once however many autocompletes ask (the last word a prefix). */
export function typingCorrection(database: Database, guildId: string, typed: string): LazyCorrection {
  let once: Promise<Corrected> | undefined;
  return () => {
    once ??= correctQuery(database, guildId, typed, { lastIsPrefix: true });
    return once;
  };
}

/** The distinct lower-cased words worth checking: not quoted, no digits, 3–40 characters, at most MAX_WORDS. */
function checkableWords(all: readonly QueryWord[]): string[] {
  const checkable = all
    .filter((w) => !w.quoted && !/\p{N}/u.test(w.text) && [...w.text].length >= 3 && w.text.length <= 40)
    .slice(0, MAX_WORDS);
  return [...new Set(checkable.map((w) => w.text.toLowerCase()))];
}

/**
 * Candidates for the words nothing one edit away matched: the trigram index's most similar
 * vocabulary words, counted in the packs the server sees (words it cannot see are dropped).
 */
async function trigramCandidates(database: Database, guildId: string, words: string[]): Promise<Candidate[]> {
  // The vocabulary is small enough that the planner would rather compute similarity for every
  // word (5 ms at 3,600 words, tens on PGlite) than read the trigram index: the index is made the
  // only way in, for this statement's transaction, and each word's lookup names its word (a
  // lateral join's parameter would leave the planner guessing, and it picked a full btree scan).
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    return queryRows<Candidate>(
      tx,
      sql`
    with found as (
      ${sql.join(
        words.map(
          (w) => sql`(select ${w}::text as typed, v.word, similarity(v.word, ${w})::float8 as sim from search_vocab v
                      where v.word % ${w} order by sim desc, v.word limit ${CANDIDATES_PER_WORD})`,
        ),
        sql` union all `,
      )}
    )
    select f.typed, f.word, f.sim, n.freq, n.name
    from found f
    cross join lateral ${visibleWordCount(guildId, sql`f.word`)} n
    where n.freq is not null`,
    );
  });
}

/**
 * The fewest edits away, then the most frequent, then the most trigram-similar; none beyond the
 * allowed edits. A word the typed one begins counts as one edit away ("makhno" → makhnovists),
 * so a half-remembered name completes rather than turning into a common word ("making").
 */
export function nearest(typed: string, candidates: readonly Candidate[], maxEdits = Number.POSITIVE_INFINITY): Candidate | undefined {
  const max = Math.min(maxEdits, allowedEdits([...typed].length));
  const completes = [...typed].length >= 4;
  let best: { c: Candidate; d: number } | undefined;
  for (const c of candidates) {
    let d = editDistance(typed, c.word, max);
    if (completes && c.word.startsWith(typed)) d = Math.min(d, 1);
    if (d > max) continue;
    if (!best || d < best.d || (d === best.d && (c.freq > best.c.freq || (c.freq === best.c.freq && c.sim > best.c.sim)))) best = { c, d };
  }
  return best?.c;
}

/** Names as they are written; other words follow the case the person typed. */
function displayed(choice: Candidate, typed: string): string {
  const capital = choice.name || /^\p{Lu}/u.test(typed);
  return capital ? choice.word.charAt(0).toUpperCase() + choice.word.slice(1) : choice.word;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
