import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { editDistance, queryWords } from './query-text.ts';
import { visiblePack } from './visibility.ts';

export interface Corrected {
  /** What to search for: the query with misspelt words replaced. */
  text: string;
  /** The corrected query to show ("Showing results for …"), or null when nothing was changed. */
  corrected: string | null;
}

/** Candidates read per misspelt word (the most trigram-similar), before edit distance picks one. */
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
 * by the nearest vocabulary word: trigram-similar candidates from the index, the fewest edits,
 * then the most frequent. Costs one indexed query when every word is known, two otherwise.
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
  const checkable = all
    .filter((w) => !w.quoted && !/\p{N}/u.test(w.text) && [...w.text].length >= 3 && w.text.length <= 40)
    .slice(0, MAX_WORDS);
  if (checkable.length === 0) return { text, corrected: null };
  const lower = [...new Set(checkable.map((w) => w.text.toLowerCase()))];
  const prefix = opts.lastIsPrefix && last && !last.quoted ? last.text.toLowerCase() : '';
  const visible = visiblePack(guildId);
  const missing = await database.rows<{ w: string }>(sql`
    select q.w from unnest(${sql.param(lower)}::text[]) as q(w)
    where ts_lexize('english_stem', q.w) <> '{}'
      and not exists (select 1 from search_words v join packs p on p.id = v.pack_id where v.word = q.w and ${visible})
      and not exists (select 1 from search_words v join packs p on p.id = v.pack_id
                      where v.stem = (ts_lexize('english_stem', q.w))[1] and ${visible})
      and not (q.w = ${prefix} and exists (select 1 from search_words v join packs p on p.id = v.pack_id
                                          where v.word like q.w || '%' and ${visible}))`);
  if (missing.length === 0) return { text, corrected: null };
  const best = await oneEditAway(
    database,
    guildId,
    missing.map((m) => m.w),
  );
  // Harder slips (two edits, a half-typed name) go to the trigram index, which costs more.
  const harder = missing.map((m) => m.w).filter((w) => !best.has(w));
  if (harder.length > 0) {
    for (const [typed, list] of groupBy(await trigramCandidates(database, guildId, harder), (c) => c.typed)) {
      const choice = nearest(typed, list);
      if (choice) best.set(typed, choice);
    }
  }
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
 * Most slips are one edit (a letter dropped, doubled, swapped or wrong): every string one edit
 * from each word, looked up exactly in the vocabulary's btree index, finds them in a millisecond
 * where the trigram index takes tens. The most frequent visible word wins.
 */
async function oneEditAway(database: Database, guildId: string, words: string[]): Promise<Map<string, Candidate>> {
  const editsOf = new Map(words.map((w) => [w, oneEdit(w)]));
  const all = [...new Set([...editsOf.values()].flatMap((e) => [...e]))];
  const found = await database.rows<{ word: string; freq: number; name: boolean }>(sql`
    select v.word, sum(v.nentry)::int as freq, bool_or(v.name) as name
    from (select distinct w from unnest(${sql.param(all)}::text[]) as e(w)) e
    join search_words v on v.word = e.w
    join packs p on p.id = v.pack_id
    where ${visiblePack(guildId)}
    group by v.word`);
  const best = new Map<string, Candidate>();
  for (const [typed, edits] of editsOf) {
    for (const f of found) {
      if (!edits.has(f.word)) continue;
      const current = best.get(typed);
      if (!current || f.freq > current.freq || (f.freq === current.freq && f.word < current.word)) best.set(typed, { typed, ...f, sim: 0 });
    }
  }
  return best;
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
 * The vocabulary words most trigram-similar to each misspelt word. The planner would scan a small
 * vocabulary rather than read the trigram index, and computing similarity for every word is slow
 * on PGlite (tens of ms for a thousand words), so the index is made the only way in.
 */
async function trigramCandidates(database: Database, guildId: string, words: string[]): Promise<Candidate[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`
      select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
             set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`);
    return queryRows<Candidate>(
      tx,
      sql`
      select q.w as typed, c.word, c.freq, c.name, c.sim
      from unnest(${sql.param(words)}::text[]) as q(w)
      cross join lateral (
        select v.word, sum(v.nentry)::int as freq, bool_or(v.name) as name, similarity(v.word, q.w)::float8 as sim
        -- Fenced so the trigram index drives: joined first to the packs, the planner would walk each
        -- pack's words computing similarity for every one.
        from (select v.pack_id, v.word, v.nentry, v.name from search_words v where v.word % q.w offset 0) v
        join packs p on p.id = v.pack_id
        where ${visiblePack(guildId)}
        group by v.word
        order by sim desc, v.word
        limit ${CANDIDATES_PER_WORD}
      ) c`,
    );
  });
}

/**
 * Below pg_trgm's default 0.3 so that one swapped pair in a short name ("trotksy": 0.33) stays well
 * inside; edit distance then rejects the merely similar.
 */
const SIMILARITY_THRESHOLD = 0.25;

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
