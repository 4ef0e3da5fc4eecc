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
 * trigram-similar. One indexed query when every word is known (the usual case); one more for all
 * the misspelt words together, which looks candidates up in the distinct vocabulary (search_vocab:
 * every string one edit away by its primary key, trigram neighbours by its index) and counts only
 * the packs the server sees for the few it finds.
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
  // A half-typed word is known when some vocabulary word starts with it (through the
  // text_pattern_ops index; any pack's word will do, as this only decides not to correct).
  const typedPrefix = prefix
    ? sql`and not (q.w = ${prefix} and exists (select 1 from search_vocab v where v.word like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}))`
    : sql``;
  const missing = await database.rows<{ w: string }>(sql`
    select q.w from unnest(${sql.param(lower)}::text[]) as q(w)
    where not ${knownWord(guildId, sql`q.w`)} ${typedPrefix}`);
  if (missing.length === 0) return { text, corrected: null };
  const best = new Map<string, Candidate>();
  for (const [typed, list] of groupBy(
    await candidates(
      database,
      guildId,
      missing.map((m) => m.w),
    ),
    (c) => c.typed,
  )) {
    const choice = nearest(typed, list);
    if (choice) best.set(typed, choice);
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
 * correctQuery for a name that matched no one (a `speaker:` option). Most slips in a name are one
 * edit ("trotksy", "krooptkin"), so one statement both tells which words are known and looks up every
 * string one edit away from the others; no trigram lookup, so no transaction. A misspelt word with no
 * such neighbour goes the whole way through correctQuery.
 */
export async function correctName(database: Database, guildId: string, text: string): Promise<Corrected> {
  const all = queryWords(text);
  const lower = checkableWords(all);
  if (lower.length === 0) return { text, corrected: null };
  const typed: string[] = [];
  const edits: string[] = [];
  for (const w of lower) {
    for (const e of oneEdit(w)) {
      typed.push(w);
      edits.push(e);
    }
  }
  const rows = await database.rows<Candidate & { known: boolean }>(sql`
    with known as (
      select q.w from unnest(${sql.param(lower)}::text[]) as q(w) where ${knownWord(guildId, sql`q.w`)}
    ), found as (
      select distinct e.typed, v.word
      from unnest(${sql.param(typed)}::text[], ${sql.param(edits)}::text[]) as e(typed, w)
      join search_vocab v on v.word = e.w
      where e.typed not in (select w from known)
    )
    select f.typed, f.word, 0::float8 as sim, n.freq, n.name, false as known
    from found f cross join lateral ${visibleWordCount(guildId, sql`f.word`)} n
    where n.freq is not null
    union all
    select w, '', 0, 0, false, true from known`);
  const known = new Set(rows.filter((r) => r.known).map((r) => r.typed));
  const byTyped = groupBy(
    rows.filter((r) => !r.known),
    (c) => c.typed,
  );
  const best = new Map<string, Candidate>();
  for (const w of lower) {
    if (known.has(w)) continue;
    const choice = nearest(w, byTyped.get(w) ?? []);
    if (!choice) return correctQuery(database, guildId, text);
    best.set(w, choice);
  }
  return applied(text, all, best);
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
 * Candidate corrections for every misspelt word at once. Most slips are one edit (a letter
 * dropped, doubled, swapped or wrong): every string one edit away is looked up by the distinct
 * vocabulary's primary key. Harder ones (two edits, a half-typed name) come from the trigram
 * index, the most similar first. The vocabulary holds every pack's words, so each candidate found
 * is then counted in the packs this server sees; words it cannot see are dropped.
 */
async function candidates(database: Database, guildId: string, words: string[]): Promise<Candidate[]> {
  const typed: string[] = [];
  const edits: string[] = [];
  for (const w of words) {
    for (const e of oneEdit(w)) {
      typed.push(w);
      edits.push(e);
    }
  }
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
      select e.typed, v.word, 0::float8 as sim
      from unnest(${sql.param(typed)}::text[], ${sql.param(edits)}::text[]) as e(typed, w)
      join search_vocab v on v.word = e.w
      union all
      ${sql.join(
        words.map(
          (w) => sql`(select ${w}::text, v.word, similarity(v.word, ${w})::float8 as sim from search_vocab v
                      where v.word % ${w} order by sim desc, v.word limit ${CANDIDATES_PER_WORD})`,
        ),
        sql` union all `,
      )}
    )
    select f.typed, f.word, max(f.sim) as sim, n.freq, n.name
    from found f
    cross join lateral ${visibleWordCount(guildId, sql`f.word`)} n
    where n.freq is not null
    group by f.typed, f.word, n.freq, n.name`,
    );
  });
}

/** Every string one deletion, swap of neighbours, replacement or insertion away (Norvig's edits1). */
export function oneEdit(word: string): Set<string> {
  const chars = [...word];
  const letters = [...new Set([...'abcdefghijklmnopqrstuvwxyz', ...chars])];
  const out = new Set<string>();
  for (let i = 0; i <= chars.length; i++) {
    const head = chars.slice(0, i).join('');
    const tail = chars.slice(i);
    if (tail.length > 0) out.add(head + tail.slice(1).join(''));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2).join(''));
    for (const l of letters) {
      if (tail.length > 0) out.add(head + l + tail.slice(1).join(''));
      out.add(head + l + tail.join(''));
    }
  }
  out.delete(word);
  return out;
}

/**
 * The fewest edits away, then the most frequent, then the most trigram-similar; none beyond the
 * allowed edits. A word the typed one begins counts as one edit away ("makhno" → makhnovists),
 * so a half-remembered name completes rather than turning into a common word ("making").
 */
export function nearest(typed: string, candidates: readonly Candidate[]): Candidate | undefined {
  const max = allowedEdits([...typed].length);
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
