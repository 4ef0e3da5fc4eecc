/**
 * Working tool for search speed: times the search and autocomplete domain calls on a bench store
 * (fewer runs than the bench, no handler), and with --explain prints each statement's plan.
 *   npx tsx bench/probe-search.ts [--backend postgres|pglite] [--scale full] [--runs 200] [--explain] [filter]
 */
import { parseArgs } from 'node:util';
import { autocompleteClaims, searchClaims } from '../src/content/claims.ts';
import { autocompleteQuotes, autocompleteSpeakers, pickQuote, searchQuotes } from '../src/content/quotes.ts';
import { autocompleteReferences } from '../src/content/references.ts';
import { openDatabase } from '../src/db/client.ts';
import { BENCH_GUILD, NOUN_RANKS, SCALES, SPEAKER_RANKS } from './generate.ts';
import { summarize, timeRuns } from './measure.ts';
import { RecordingDatabase } from './recorder.ts';
import { benchDatabaseName, pgliteDir } from './store.ts';

const { values, positionals } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    scale: { type: 'string', default: 'full' },
    runs: { type: 'string', default: '200' },
    explain: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const scale = SCALES[values.scale as keyof typeof SCALES];
const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
url.pathname = `/${benchDatabaseName(scale)}`;
const inner =
  values.backend === 'pglite' ? await openDatabase({ dataDir: pgliteDir(scale) }) : await openDatabase({ url: url.toString(), max: 4 });
const rec = new RecordingDatabase(inner);
const db = rec.database;
const g = BENCH_GUILD;
const long = `the ${NOUN_RANKS[0]} must abolish ${NOUN_RANKS[7]} under ${NOUN_RANKS[1]} because the ${NOUN_RANKS[2]}`;
const top = SPEAKER_RANKS[0]!.split(' ').pop()!;
const cases: [string, () => Promise<unknown>][] = [
  ['search.frequent', () => searchClaims(db, g, NOUN_RANKS[0]!)],
  ['search.two-frequent', () => searchClaims(db, g, `${NOUN_RANKS[1]} ${NOUN_RANKS[2]}`)],
  ['search.mid', () => searchClaims(db, g, NOUN_RANKS[60]!)],
  ['search.rare', () => searchClaims(db, g, NOUN_RANKS[2_500]!)],
  ['search.phrase', () => searchClaims(db, g, `the ${NOUN_RANKS[2]} must abolish ${NOUN_RANKS[7]} under ${NOUN_RANKS[1]}`)],
  ['search.typo', () => searchClaims(db, g, 'capitlism')],
  ['search.typo-two', () => searchClaims(db, g, `capitlism ${NOUN_RANKS[60]}`)],
  ['ac.claims.1', () => autocompleteClaims(db, g, 's')],
  ['ac.claims.2', () => autocompleteClaims(db, g, 'st')],
  ['ac.claims.3', () => autocompleteClaims(db, g, 'sta')],
  ['ac.claims.typo', () => autocompleteClaims(db, g, 'capitlism')],
  ['ac.claims.long', () => autocompleteClaims(db, g, long)],
  ['ac.quotes.1', () => autocompleteQuotes(db, g, 'k')],
  ['ac.quotes.2', () => autocompleteQuotes(db, g, 'kr')],
  ['ac.quotes.3', () => autocompleteQuotes(db, g, 'kro')],
  ['ac.quotes.typo', () => autocompleteQuotes(db, g, 'kropotkn')],
  ['ac.quotes.long', () => autocompleteQuotes(db, g, long)],
  ['ac.speakers.1', () => autocompleteSpeakers(db, g, 'k', 5)],
  ['ac.speakers.2', () => autocompleteSpeakers(db, g, 'kr', 5)],
  ['ac.speakers.3', () => autocompleteSpeakers(db, g, 'kro')],
  ['ac.refs.1', () => autocompleteReferences(db, g, 'a')],
  ['ac.refs.2', () => autocompleteReferences(db, g, 'a.')],
  ['ac.refs.3', () => autocompleteReferences(db, g, 'a.2')],
  ['ac.refs.typo', () => autocompleteReferences(db, g, 'bureacracy')],
  ['ac.refs.long', () => autocompleteReferences(db, g, long)],
  ['quote.none', () => pickQuote(db, g, {})],
  ['quote.speaker', () => pickQuote(db, g, { speaker: top })],
  ['quote.speaker-typo', () => pickQuote(db, g, { speaker: top.slice(0, 2) + top[3] + top[2] + top.slice(4) })],
  ['quote.topic-speaker', () => pickQuote(db, g, { speaker: top, topicSlug: 'free-state' })],
  ['quote.search', () => searchQuotes(db, g, 'capitlism')],
];
const runs = Number(values.runs);
for (const [name, fn] of cases) {
  if (positionals.length && !positionals.some((p) => name.startsWith(p))) continue;
  const s = summarize(await timeRuns(fn, { runs, warmup: 5, budgetMs: 10_000 }));
  console.log(`${name.padEnd(22)} median ${s.median.toFixed(2).padStart(7)}  p99 ${s.p99.toFixed(2).padStart(7)}  (${s.runs})`);
  if (values.explain) console.log(await rec.explain(fn));
}
await inner.close();
