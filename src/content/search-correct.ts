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
export async function correctQuery(database: Database, guildId: string, text: string, opts: { lastIsPrefix?: boolean } = {}): Promise<Corrected> {
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
  const candidates = await trigramCandidates(database, guildId, missing.map((m) => m.w));
  const best = new Map<string, Candidate>();
  for (const [typed, list] of groupBy(candidates, (c) => c.typed)) {
    const choice = nearest(typed, list);
    if (choice) best.set(typed, choice);
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
 * The vocabulary words most trigram-similar to each misspelt word. The planner would scan a small
 * vocabulary rather than read the trigram index, and computing similarity for every word is slow
 * on PGlite (tens of ms for a thousand words), so the index is made the only way in.
 */
async function trigramCandidates(database: Database, guildId: string, words: string[]): Promise<Candidate[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`
      select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
             set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`);
    return queryRows<Candidate>(tx, sql`
      select q.w as typed, c.word, c.freq, c.name, c.sim
      from unnest(${sql.param(words)}::text[]) as q(w)
      cross join lateral (
        select v.word, sum(v.nentry)::int as freq, bool_or(v.name) as name, similarity(v.word, q.w)::float8 as sim
        from search_words v join packs p on p.id = v.pack_id
        where v.word % q.w and ${visiblePack(guildId)}
        group by v.word
        order by sim desc, v.word
        limit ${CANDIDATES_PER_WORD}
      ) c`);
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
