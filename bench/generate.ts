import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { normalizeCode, slugify } from '../src/content/codes.ts';
import { refreshSearchIndex } from '../src/content/search-index.ts';
import { Rng, Zipf } from './prng.ts';
import {
  ADJECTIVES,
  CONNECTIVES,
  DETERMINERS,
  FIRST_NAMES,
  LAST_NAMES,
  MODALS,
  NOUNS,
  PREPOSITIONS,
  VERBS,
  syntheticWords,
} from './vocab.ts';

/**
 * The synthetic store: a reproducible, realistic-ish content set (packs, topics, references, claims
 * with rebuttal trees and key points, quotes, links), 10,000 servers with daily schedules and their
 * jobs, and one open drill with many answers. Built with big multi-row `INSERT … SELECT unnest(…)`
 * statements, which work the same on PostgreSQL and PGlite.
 */

/** Bumped whenever the generator's output changes; a store built by another version is rebuilt. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20_260_301;

export interface Scale {
  name: string;
  claims: number;
  /** Rebuttals per claim: the first ones answer the claim, the last counters the first. */
  rebuttalsPerClaim: number;
  quotes: number;
  references: number;
  globalPacks: number;
  guildPacks: number;
  /**
   * Share of claims and quotes in the global packs (default 0.95); the rest go to server packs. The
   * xl store grows as servers bring their own: 100,000 global claims and 9,000 servers × 100 own.
   */
  globalShare?: number;
  topicsPerGlobalPack: number;
  topicsPerGuildPack: number;
  servers: number;
  /** Servers whose daily job is due at bench time. */
  due: number;
  drillAnswers: number;
}

export const SCALES: Record<'xl' | 'full' | 'medium' | 'small' | 'quick', Scale> = {
  // The growth figures' largest store (bench/growth.ts): 10,000 servers × 100 own claims. Not built in CI.
  xl: {
    name: 'xl',
    claims: 1_000_000,
    rebuttalsPerClaim: 3,
    quotes: 500_000,
    references: 20_000,
    globalPacks: 20,
    guildPacks: 9_000,
    globalShare: 0.1,
    topicsPerGlobalPack: 40,
    topicsPerGuildPack: 10,
    servers: 10_000,
    due: 100,
    drillAnswers: 1_000,
  },
  full: {
    name: 'full',
    claims: 100_000,
    rebuttalsPerClaim: 3,
    quotes: 50_000,
    references: 2_000,
    globalPacks: 20,
    guildPacks: 20,
    topicsPerGlobalPack: 40,
    topicsPerGuildPack: 10,
    servers: 10_000,
    due: 100,
    drillAnswers: 1_000,
  },
  medium: {
    name: 'medium',
    claims: 25_000,
    rebuttalsPerClaim: 3,
    quotes: 12_500,
    references: 1_000,
    globalPacks: 20,
    guildPacks: 20,
    topicsPerGlobalPack: 40,
    topicsPerGuildPack: 10,
    servers: 10_000,
    due: 100,
    drillAnswers: 1_000,
  },
  small: {
    name: 'small',
    claims: 10_000,
    rebuttalsPerClaim: 3,
    quotes: 5_000,
    references: 1_000,
    globalPacks: 20,
    guildPacks: 20,
    topicsPerGlobalPack: 40,
    topicsPerGuildPack: 10,
    servers: 10_000,
    due: 100,
    drillAnswers: 1_000,
  },
  quick: {
    name: 'quick',
    claims: 5_000,
    rebuttalsPerClaim: 3,
    quotes: 2_500,
    references: 500,
    globalPacks: 10,
    guildPacks: 10,
    topicsPerGlobalPack: 30,
    topicsPerGuildPack: 10,
    servers: 10_000,
    due: 100,
    drillAnswers: 1_000,
  },
};

/** The server the benchmark asks as: it sees the global packs and its own pack. */
export const BENCH_GUILD = '900000000000000001';
export const BENCH_CHANNEL = '910000000000000001';
/** Other servers' ids: 9200… + index. */
export function serverId(i: number): string {
  return `92${String(i).padStart(16, '0')}`;
}

export interface StoreCounts {
  packs: number;
  topics: number;
  references: number;
  claims: number;
  rebuttals: number;
  keyPoints: number;
  quotes: number;
  claimTopics: number;
  claimRefs: number;
  rebuttalRefs: number;
  quoteTopics: number;
  quoteRefs: number;
  dailySchedules: number;
  jobs: number;
  drillAnswers: number;
}

export interface StoreMarker {
  generator: number;
  seed: number;
  scale: Scale;
  counts: StoreCounts;
  buildMs: number;
  builtAt: string;
  drillId: number;
}

const MARKER_KEY = 'bench:store';
const SEARCH_INDEX_KEY = 'bench:search-index';
/**
 * Bumped whenever refreshSearchIndex (src/content/search-index.ts) fills something new: a reused
 * store then has its search aids rebuilt (minutes) instead of the whole store (tens of minutes).
 */
export const SEARCH_INDEX_VERSION = 1;

/**
 * The search aids an import builds (claims' extra vectors, the vocabulary, the speakers): the
 * generator writes rows directly, so it runs the importer's own refreshSearchIndex on every pack,
 * and the benchmark measures the real path. Skipped when the store already has this version's.
 */
export async function ensureSearchIndex(database: Database, progress?: Progress): Promise<void> {
  const [done] = await database.rows<{ value: string }>(sql`select value from app_state where key = ${SEARCH_INDEX_KEY}`);
  if (done?.value === String(SEARCH_INDEX_VERSION)) return;
  const packs = await database.rows<{ id: number }>(sql`select id from packs order by id`);
  // Every claim's extra vector is rewritten: maintaining the GIN index over it row by row costs
  // most of the time, so it is dropped for the refresh and built again once (as the load does).
  const extraIndexes = await database.rows<{ name: string; def: string }>(sql`
    select quote_ident(indexname) as name, indexdef as def from pg_indexes
    where schemaname = 'public' and tablename = 'claims' and indexdef like '%extra%'`);
  for (const ix of extraIndexes) await database.rows(sql.raw(`drop index ${ix.name}`));
  let n = 0;
  for (const p of packs) {
    await database.db.transaction(async (tx) => {
      // refreshSearchIndex ends with ANALYZE of its tables, right for one import; run for each of
      // the xl store's 9,020 packs at full sampling it would cost most of the build. A small sample
      // here is enough: the VACUUM ANALYZE below sets the statistics the benchmark runs with.
      await tx.execute(sql`set local default_statistics_target = 1`);
      if (database.kind === 'postgres') await tx.execute(sql`set local synchronous_commit = off`);
      await refreshSearchIndex(tx, p.id);
    });
    progress?.step('search index (refreshSearchIndex per pack)', ++n, packs.length);
  }
  for (const ix of extraIndexes) {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      await tx.execute(sql.raw(ix.def));
    });
  }
  // Every claim's extra vector was rewritten: vacuum away the old row versions, refresh statistics
  // (and merge GIN pending lists, which PGlite has no autovacuum to do).
  await database.rows(sql`vacuum analyze claims, search_words, search_vocab, search_vocab_deletes, search_speakers`);
  await database.rows(sql`
    insert into app_state (key, value) values (${SEARCH_INDEX_KEY}, ${String(SEARCH_INDEX_VERSION)})
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

export async function readMarker(database: Database): Promise<StoreMarker | null> {
  try {
    const [row] = await database.rows<{ value: string }>(sql`select value from app_state where key = ${MARKER_KEY}`);
    return row ? (JSON.parse(row.value) as StoreMarker) : null;
  } catch {
    return null;
  }
}

export function markerMatches(marker: StoreMarker | null, scale: Scale, seed: number): marker is StoreMarker {
  return (
    marker !== null &&
    marker.generator === GENERATOR_VERSION &&
    marker.seed === seed &&
    JSON.stringify(marker.scale) === JSON.stringify(scale)
  );
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr

export class Progress {
  private readonly started = performance.now();
  private lastLine = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly label: string) {}

  step(stage: string, done: number, total: number): void {
    const now = performance.now();
    const finished = done >= total;
    if (!finished && now - this.lastLine < (this.tty ? 200 : 5000)) return;
    this.lastLine = now;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const line = `[${this.label}] ${stage}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct}%) ${this.elapsed()}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}${finished ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }

  note(text: string): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`[${this.label}] ${text} ${this.elapsed()}\n`);
  }

  elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1)}s`;
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const nouns = [...new Set<string>([...NOUNS, ...syntheticWords(2_770, 7)])];
/** Nouns by Zipf rank: index 0 is the most common. Exported so the benchmark can pick frequent and rare words. */
export const NOUN_RANKS: readonly string[] = nouns;
const nounZipf = new Zipf(nouns, 1);
const verbZipf = new Zipf(VERBS, 1);
const adjZipf = new Zipf(ADJECTIVES, 1);

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clause(rng: Rng, used: string[]): string {
  const n1 = nounZipf.sample(rng);
  const n2 = nounZipf.sample(rng);
  used.push(n1, n2);
  const parts: string[] = [rng.pick(DETERMINERS)];
  if (rng.chance(0.4)) parts.push(adjZipf.sample(rng));
  parts.push(n1, rng.pick(MODALS), verbZipf.sample(rng), rng.pick(DETERMINERS));
  if (rng.chance(0.3)) parts.push(adjZipf.sample(rng));
  parts.push(n2);
  if (rng.chance(0.6)) {
    const n3 = nounZipf.sample(rng);
    used.push(n3);
    parts.push(rng.pick(PREPOSITIONS), rng.pick(DETERMINERS), n3);
  }
  return parts.join(' ');
}

/** One sentence of one to three clauses; the nouns it used are appended to `used`. */
function sentence(rng: Rng, used: string[] = [], maxClauses = 3): string {
  let s = clause(rng, used);
  const extra = rng.int(0, maxClauses - 1);
  for (let i = 0; i < extra; i++) s += ` ${rng.pick(CONNECTIVES)} ${clause(rng, used)}`;
  return `${cap(s)}.`;
}

function paragraph(rng: Rng, sentences: number, used: string[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, used));
  return out.join(' ');
}

const speakers = (() => {
  const rng = new Rng(11);
  const names: string[] = [];
  // The head: real thinkers (first name i with last name i), then invented combinations.
  for (let i = 0; i < LAST_NAMES.length; i++) names.push(`${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[i]}`);
  const seen = new Set(names);
  const extra = syntheticWords(400, 13);
  while (names.length < 400) {
    const name = `${rng.pick(FIRST_NAMES)} ${cap(extra[names.length % extra.length]!)}`;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    } else extra.push(`${extra[names.length % extra.length]}s`);
  }
  return names;
})();
/** Speakers by Zipf rank (index 0 most quoted). */
export const SPEAKER_RANKS: readonly string[] = speakers;
const speakerZipf = new Zipf(speakers, 1);

function referenceCode(k: number): string {
  if (k % 10 === 9) {
    const m = Math.floor(k / 10);
    return `Appendix ${Math.floor(m / 9) + 1}.${(m % 9) + 1} Q${(k % 7) + 1}`;
  }
  const j = k - Math.floor(k / 10);
  return `${String.fromCharCode(65 + (Math.floor(j / 81) % 26))}.${(Math.floor(j / 9) % 9) + 1}.${(j % 9) + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Bulk inserts

type Column = { name: string; type: string; values: unknown[] };

/** One `INSERT … SELECT * FROM unnest(…)` for many rows; each column is one array parameter. */
async function insertColumns(database: Database, table: string, columns: Column[], select?: (cols: string[]) => SQL): Promise<void> {
  const n = columns[0]?.values.length ?? 0;
  if (n === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  // Arrays travel as int[] or text[] (which both drivers serialize); other types are cast per row.
  const wire = (t: string) => (t === 'int' || t === 'bigint' ? t : 'text');
  const arrays = sql.join(
    columns.map((c) => sql`${sql.param(c.values)}::${sql.raw(wire(c.type))}[]`),
    sql`, `,
  );
  const cols = columns.map((c) => (wire(c.type) === c.type ? `u."${c.name}"` : `u."${c.name}"::${c.type}`));
  const projection = select ? select(cols) : sql.raw(cols.join(', '));
  await database.rows(sql`
    insert into ${sql.raw(`"${table}"`)} (${sql.raw(names)})
    select ${projection} from unnest(${arrays}) as u(${sql.raw(names)})`);
}

/** Columns collected row by row, flushed as one statement. */
class Batch {
  private readonly cols: Column[];
  constructor(
    readonly table: string,
    spec: [name: string, type: string][],
    private readonly select?: (cols: string[]) => SQL,
  ) {
    this.cols = spec.map(([name, type]) => ({ name, type, values: [] }));
  }
  get size(): number {
    return this.cols[0]?.values.length ?? 0;
  }
  push(...values: unknown[]): void {
    for (let i = 0; i < this.cols.length; i++) this.cols[i]!.values.push(values[i] ?? null);
  }
  async flush(database: Database): Promise<number> {
    const n = this.size;
    if (n === 0) return 0;
    await insertColumns(database, this.table, this.cols, this.select);
    for (const c of this.cols) c.values = [];
    return n;
  }
}

/** Tables the build fills; their secondary indexes are dropped during the load and rebuilt after it. */
const LOADED_TABLES = [
  'packs',
  'topics',
  'references',
  'claims',
  'rebuttals',
  'key_points',
  'quotes',
  'claim_topics',
  'quote_topics',
  'claim_refs',
  'rebuttal_refs',
  'quote_refs',
  'daily_schedules',
  'jobs',
  'drills',
  'drill_answers',
];

const SERIAL_TABLES = ['packs', 'topics', 'references', 'claims', 'rebuttals', 'key_points', 'quotes', 'jobs', 'drills', 'drill_answers'];

// ---------------------------------------------------------------------------------------------
// The build

export interface BuildOptions {
  scale: Scale;
  seed: number;
  /** Statements run at once (PostgreSQL); PGlite has one connection. */
  parallel?: number;
}

/**
 * Fills an empty, migrated database. Indexes other than primary keys and constraints are dropped
 * first and rebuilt at the end (one bulk index build is much faster than maintaining GIN indexes row
 * by row), then VACUUM ANALYZE, then the marker row that lets the next run reuse the store.
 */
export async function buildStore(database: Database, opts: BuildOptions): Promise<StoreMarker> {
  const { scale, seed } = opts;
  const started = performance.now();
  const progress = new Progress(`build ${database.kind} ${scale.name}`);
  const root = new Rng(seed);
  const counts: StoreCounts = {
    packs: 0,
    topics: 0,
    references: 0,
    claims: 0,
    rebuttals: 0,
    keyPoints: 0,
    quotes: 0,
    claimTopics: 0,
    claimRefs: 0,
    rebuttalRefs: 0,
    quoteTopics: 0,
    quoteRefs: 0,
    dailySchedules: 0,
    jobs: 0,
    drillAnswers: 0,
  };

  const indexes = await database.rows<{ name: string; def: string }>(sql`
    select quote_ident(ic.relname) as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relname = any(${sql.param(LOADED_TABLES)}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by ic.relname`);
  for (const ix of indexes) await database.rows(sql.raw(`drop index ${ix.name}`));
  progress.note(`dropped ${indexes.length} secondary indexes for the load`);

  // Packs ----------------------------------------------------------------------------------------
  const packCount = scale.globalPacks + scale.guildPacks;
  const packBatch = new Batch('packs', [
    ['id', 'int'],
    ['slug', 'text'],
    ['guild_id', 'text'],
    ['title', 'text'],
    ['description', 'text'],
    ['source', 'jsonb'],
    ['licence', 'text'],
    ['version', 'int'],
    ['synonyms', 'jsonb'],
  ]);
  const prng = root.fork('packs');
  for (let p = 1; p <= packCount; p++) {
    const global = p <= scale.globalPacks;
    const guild = global ? null : p === scale.globalPacks + 1 ? BENCH_GUILD : serverId(p);
    const title = `${cap(adjZipf.sample(prng))} ${cap(nounZipf.sample(prng))} ${global ? 'Reader' : 'Notes'} ${p}`;
    packBatch.push(
      p,
      `${slugify(title, 30)}`,
      guild,
      title,
      sentence(prng),
      JSON.stringify({ title, author: speakerZipf.sample(prng), year: prng.int(1850, 2025) }),
      'CC BY-SA 4.0',
      1,
      JSON.stringify([
        ['labour', 'labor'],
        ['organisation', 'organization'],
        ['defence', 'defense'],
      ]),
    );
  }
  counts.packs = await packBatch.flush(database);
  progress.step('packs', counts.packs, packCount);

  // Topics ---------------------------------------------------------------------------------------
  const topicRng = root.fork('topics');
  const topicsByPack: number[][] = [];
  const topicNames = new Map<number, string>();
  const topicBatch = new Batch('topics', [
    ['id', 'int'],
    ['pack_id', 'int'],
    ['slug', 'text'],
    ['name', 'text'],
    ['description', 'text'],
  ]);
  let topicId = 0;
  for (let p = 1; p <= packCount; p++) {
    const n = p <= scale.globalPacks ? scale.topicsPerGlobalPack : scale.topicsPerGuildPack;
    const ids: number[] = [];
    const seen = new Set<string>();
    while (ids.length < n) {
      const name = `${cap(adjZipf.sample(topicRng))} ${nounZipf.sample(topicRng)}`;
      if (seen.has(name)) continue;
      seen.add(name);
      topicId++;
      ids.push(topicId);
      topicNames.set(topicId, name);
      topicBatch.push(topicId, p, slugify(name), name, topicRng.chance(0.5) ? sentence(topicRng, [], 1) : null);
    }
    topicsByPack[p] = ids;
  }
  counts.topics = await topicBatch.flush(database);
  progress.step('topics', counts.topics, counts.topics);

  // References -----------------------------------------------------------------------------------
  const refRng = root.fork('references');
  const refsByPack: number[][] = Array.from({ length: packCount + 1 }, () => []);
  const refCodes = new Map<number, string>();
  const refBatch = new Batch('references', [
    ['id', 'int'],
    ['pack_id', 'int'],
    ['code', 'text'],
    ['code_norm', 'text'],
    ['title', 'text'],
    ['work', 'text'],
    ['url', 'text'],
  ]);
  const globalRefs = Math.floor(scale.references * 0.9);
  for (let id = 1; id <= scale.references; id++) {
    const p = id <= globalRefs ? ((id - 1) % scale.globalPacks) + 1 : scale.globalPacks + ((id - 1) % scale.guildPacks) + 1;
    const list = refsByPack[p]!;
    const code = referenceCode(list.length);
    list.push(id);
    refCodes.set(id, code);
    const title = cap(clause(refRng, []));
    refBatch.push(
      id,
      p,
      code,
      normalizeCode(code),
      title.slice(0, 120),
      `${cap(nounZipf.sample(refRng))} and ${cap(nounZipf.sample(refRng))}`,
      refRng.chance(0.3) ? `https://example.org/ref/${id}` : null,
    );
  }
  counts.references = await refBatch.flush(database);
  progress.step('references', counts.references, scale.references);

  // Claims, with their topics, references, rebuttal trees and key points -------------------------
  const claimRng = root.fork('claims');
  const rebRng = root.fork('rebuttals');
  const globalClaimShare = scale.globalShare ?? 0.95;
  const pickPack = (rng: Rng) =>
    rng.chance(globalClaimShare) ? rng.int(1, scale.globalPacks) : scale.globalPacks + rng.int(1, scale.guildPacks);
  const claimBatch = new Batch('claims', [
    ['id', 'int'],
    ['pack_id', 'int'],
    ['slug', 'text'],
    ['text', 'text'],
    ['attributed_to', 'text'],
    ['keywords', 'text'],
  ]);
  const claimTopicBatch = new Batch('claim_topics', [
    ['claim_id', 'int'],
    ['topic_id', 'int'],
  ]);
  const claimRefBatch = new Batch('claim_refs', [
    ['claim_id', 'int'],
    ['reference_id', 'int'],
  ]);
  const rebBatch = new Batch('rebuttals', [
    ['id', 'int'],
    ['pack_id', 'int'],
    ['claim_id', 'int'],
    ['parent_id', 'int'],
    ['slug', 'text'],
    ['text', 'text'],
    ['position', 'int'],
  ]);
  const rebRefBatch = new Batch('rebuttal_refs', [
    ['rebuttal_id', 'int'],
    ['reference_id', 'int'],
  ]);
  const kpBatch = new Batch(
    'key_points',
    [
      ['id', 'int'],
      ['rebuttal_id', 'int'],
      ['position', 'int'],
      ['text', 'text'],
      ['terms', 'text'],
    ],
    (c) => sql.raw(`${c[0]}, ${c[1]}, ${c[2]}, ${c[3]}, string_to_array(${c[4]}, '|')`),
  );
  let rebuttalId = 0;
  let keyPointId = 0;
  const CLAIM_CHUNK = database.kind === 'pglite' ? 2_000 : 5_000;
  const flushClaims = async () => {
    counts.claims += await claimBatch.flush(database);
    counts.claimTopics += await claimTopicBatch.flush(database);
    counts.claimRefs += await claimRefBatch.flush(database);
    counts.rebuttals += await rebBatch.flush(database);
    counts.rebuttalRefs += await rebRefBatch.flush(database);
    counts.keyPoints += await kpBatch.flush(database);
  };
  for (let id = 1; id <= scale.claims; id++) {
    const p = pickPack(claimRng);
    const text = sentence(claimRng, [], 2);
    const topicIds = (() => {
      const list = topicsByPack[p]!;
      return claimRng.distinct(list.length, claimRng.int(1, 3)).map((i) => list[i]!);
    })();
    const refIds = (() => {
      const list = refsByPack[p]!;
      if (list.length === 0 || claimRng.chance(0.5)) return [];
      return claimRng.distinct(list.length, claimRng.int(1, 2)).map((i) => list[i]!);
    })();
    const keywords = [...topicIds.map((t) => topicNames.get(t)!), ...refIds.map((r) => refCodes.get(r)!)].join(' ');
    claimBatch.push(id, p, `c-${id}`, text, speakerZipf.sample(claimRng), keywords);
    for (const t of topicIds) claimTopicBatch.push(id, t);
    for (const r of refIds) claimRefBatch.push(id, r);

    let firstRoot = 0;
    for (let k = 0; k < scale.rebuttalsPerClaim; k++) {
      rebuttalId++;
      const counter = k === scale.rebuttalsPerClaim - 1 && k > 0;
      if (k === 0) firstRoot = rebuttalId;
      const used: string[] = [];
      const rtext = paragraph(rebRng, rebRng.int(2, 4), used);
      rebBatch.push(rebuttalId, p, id, counter ? firstRoot : null, `r-${rebuttalId}`, rtext, counter ? 0 : k);
      const refs = refsByPack[p]!;
      if (refs.length > 0 && rebRng.chance(0.3)) {
        for (const i of rebRng.distinct(refs.length, rebRng.int(1, 2))) rebRefBatch.push(rebuttalId, refs[i]!);
      }
      const kps = rebRng.int(2, 4);
      for (let pos = 0; pos < kps; pos++) {
        keyPointId++;
        const kpUsed: string[] = [];
        const kpText = sentence(rebRng, kpUsed, 1);
        const terms = rebRng.chance(0.5) ? [...new Set(kpUsed)].slice(0, 3).join('|') : '';
        kpBatch.push(keyPointId, rebuttalId, pos, kpText, terms);
      }
    }
    if (claimBatch.size >= CLAIM_CHUNK) {
      await flushClaims();
      progress.step('claims (+ topics, refs, rebuttals, key points)', counts.claims, scale.claims);
    }
  }
  await flushClaims();
  progress.step('claims (+ topics, refs, rebuttals, key points)', counts.claims, scale.claims);

  // Quotes ---------------------------------------------------------------------------------------
  const quoteRng = root.fork('quotes');
  const quoteBatch = new Batch('quotes', [
    ['id', 'int'],
    ['pack_id', 'int'],
    ['slug', 'text'],
    ['text', 'text'],
    ['speaker', 'text'],
    ['work', 'text'],
    ['year', 'int'],
    ['context', 'text'],
  ]);
  const quoteTopicBatch = new Batch('quote_topics', [
    ['quote_id', 'int'],
    ['topic_id', 'int'],
  ]);
  const quoteRefBatch = new Batch('quote_refs', [
    ['quote_id', 'int'],
    ['reference_id', 'int'],
  ]);
  const flushQuotes = async () => {
    counts.quotes += await quoteBatch.flush(database);
    counts.quoteTopics += await quoteTopicBatch.flush(database);
    counts.quoteRefs += await quoteRefBatch.flush(database);
  };
  for (let id = 1; id <= scale.quotes; id++) {
    const p = pickPack(quoteRng);
    quoteBatch.push(
      id,
      p,
      `q-${id}`,
      paragraph(quoteRng, quoteRng.int(1, 3)),
      speakerZipf.sample(quoteRng),
      quoteRng.chance(0.8) ? `${cap(adjZipf.sample(quoteRng))} ${cap(nounZipf.sample(quoteRng))}` : null,
      quoteRng.chance(0.9) ? quoteRng.int(1840, 2020) : null,
      quoteRng.chance(0.3) ? sentence(quoteRng, [], 1) : null,
    );
    const topics = topicsByPack[p]!;
    for (const i of quoteRng.distinct(topics.length, quoteRng.int(1, 2))) quoteTopicBatch.push(id, topics[i]!);
    const refs = refsByPack[p]!;
    if (refs.length > 0 && quoteRng.chance(0.2)) quoteRefBatch.push(id, refs[quoteRng.int(0, refs.length - 1)]!);
    if (quoteBatch.size >= CLAIM_CHUNK) {
      await flushQuotes();
      progress.step('quotes (+ topics, refs)', counts.quotes, scale.quotes);
    }
  }
  await flushQuotes();
  progress.step('quotes (+ topics, refs)', counts.quotes, scale.quotes);

  // Servers with daily schedules, and their jobs --------------------------------------------------
  counts.dailySchedules = await insertSchedules(database, scale, root.fork('schedules'));
  counts.jobs = await resetDailyJobs(database, scale, new Date(), seed);
  progress.step('servers (daily_schedules + jobs)', counts.dailySchedules, scale.servers);

  // One open drill with many answers --------------------------------------------------------------
  const drill = await insertDrill(database, scale, root.fork('drill'));
  counts.drillAnswers = drill.answers;
  progress.step('drill answers', counts.drillAnswers, scale.drillAnswers);

  for (const t of SERIAL_TABLES) {
    await database.rows(
      sql.raw(`select setval(pg_get_serial_sequence('"${t}"', 'id'), coalesce((select max(id) from "${t}"), 0) + 1, false)`),
    );
  }

  // Indexes back, then statistics ---------------------------------------------------------------
  const parallel = Math.max(1, database.kind === 'pglite' ? 1 : (opts.parallel ?? 2));
  const queue = [...indexes];
  let rebuilt = 0;
  const worker = async () => {
    for (let ix = queue.shift(); ix; ix = queue.shift()) {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
        await tx.execute(sql.raw(ix.def));
      });
      rebuilt++;
      progress.step('rebuilding indexes', rebuilt, indexes.length);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (indexes.length === 0) progress.step('rebuilding indexes', 0, 0);
  progress.note('vacuum analyze');
  await database.rows(sql`vacuum analyze`);
  // After the statistics: without them the planner joins a pack's rows by nested loops.
  await ensureSearchIndex(database, progress);
  if (database.kind === 'postgres') await database.rows(sql`checkpoint`).catch(() => undefined);

  const marker: StoreMarker = {
    generator: GENERATOR_VERSION,
    seed,
    scale,
    counts,
    buildMs: Math.round(performance.now() - started),
    builtAt: new Date().toISOString(),
    drillId: drill.drillId,
  };
  await database.rows(sql`
    insert into app_state (key, value) values (${MARKER_KEY}, ${JSON.stringify(marker)})
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
  progress.note(`store built in ${(marker.buildMs / 1000).toFixed(1)}s`);
  return marker;
}

const TIMEZONES = [
  'Europe/London',
  'Europe/Paris',
  'Europe/Madrid',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Africa/Lagos',
  'UTC',
];

async function insertSchedules(database: Database, scale: Scale, rng: Rng): Promise<number> {
  const batch = new Batch('daily_schedules', [
    ['guild_id', 'text'],
    ['channel_id', 'text'],
    ['time', 'text'],
    ['timezone', 'text'],
    ['topic_slug', 'text'],
    ['created_by', 'text'],
  ]);
  for (let i = 1; i <= scale.servers; i++) {
    const time = `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`;
    batch.push(serverId(i), `93${String(i).padStart(16, '0')}`, time, rng.pick(TIMEZONES), null, `94${String(i).padStart(16, '0')}`);
  }
  return batch.flush(database);
}

/** The jobs-table kind of the daily post (src/daily/schedule.ts DAILY_JOB). */
export const DAILY_JOB_KIND = 'daily_quote';

/**
 * (Re)writes every server's daily job relative to `now`: exactly `scale.due` of them are due (run_at
 * within the last ten minutes), the rest spread over the next 24 hours. The benchmark calls this
 * before measuring the scheduler, so the figure never depends on when the store was built.
 */
export async function resetDailyJobs(database: Database, scale: Scale, now: Date, seed: number): Promise<number> {
  const rng = new Rng(seed ^ 0x5eed);
  const due = new Set(rng.distinct(scale.servers, scale.due).map((i) => i + 1));
  await database.rows(sql`delete from jobs where kind = ${DAILY_JOB_KIND}`);
  await database.rows(sql`delete from daily_posts`);
  const batch = new Batch('jobs', [
    ['guild_id', 'text'],
    ['kind', 'text'],
    ['key', 'text'],
    ['run_at', 'timestamptz'],
  ]);
  const t = now.getTime();
  for (let i = 1; i <= scale.servers; i++) {
    const offset = due.has(i) ? -rng.int(1_000, 600_000) : rng.int(60_000, 86_400_000);
    batch.push(serverId(i), DAILY_JOB_KIND, serverId(i), new Date(t + offset).toISOString());
  }
  return batch.flush(database);
}

async function insertDrill(database: Database, scale: Scale, rng: Rng): Promise<{ drillId: number; answers: number }> {
  // The first claim's first rebuttal gets a rubric with explicit terms and a reference to cite.
  const [target] = await database.rows<{ claim_id: number; rebuttal_id: number; pack_id: number }>(sql`
    select r.claim_id, r.id as rebuttal_id, r.pack_id from rebuttals r where r.parent_id is null order by r.id limit 1`);
  if (!target) throw new Error('no rebuttal to drill on');
  const kps = await database.rows<{ id: number; text: string }>(
    sql`select id, text from key_points where rebuttal_id = ${target.rebuttal_id} order by position`,
  );
  const termsByKp = kps.map((k) =>
    k.text
      .toLowerCase()
      .replace(/[^a-z\s]/g, ' ')
      .split(/\s+/)
      .filter((w) => nouns.includes(w))
      .slice(0, 3),
  );
  for (let i = 0; i < kps.length; i++) {
    await database.rows(sql`update key_points set terms = ${sql.param(termsByKp[i]!)}::text[] where id = ${kps[i]!.id}`);
  }
  const [ref] = await database.rows<{ id: number; code: string }>(sql`
    select id, code from "references" where pack_id = ${target.pack_id} order by id limit 1`);
  if (ref) {
    await database.rows(
      sql`insert into rebuttal_refs (rebuttal_id, reference_id) values (${target.rebuttal_id}, ${ref.id}) on conflict do nothing`,
    );
  }
  const closesAt = new Date(Date.now() + 3_600_000);
  const [drill] = await database.rows<{ id: number }>(sql`
    insert into drills (guild_id, channel_id, claim_id, rebuttal_id, mode, status, started_by, closes_at)
    values (${BENCH_GUILD}, ${BENCH_CHANNEL}, ${target.claim_id}, ${target.rebuttal_id}, 'standard', 'open', '950000000000000001', ${closesAt.toISOString()})
    returning id`);
  const batch = new Batch('drill_answers', [
    ['drill_id', 'bigint'],
    ['guild_id', 'text'],
    ['user_id', 'text'],
    ['display_name', 'text'],
    ['text', 'text'],
  ]);
  const allTerms = termsByKp.flat();
  for (let i = 1; i <= scale.drillAnswers; i++) {
    const words: string[] = [];
    let body = paragraph(rng, rng.int(2, 6), words);
    const mention = allTerms.filter(() => rng.chance(0.5));
    if (mention.length > 0) body += ` The ${mention.join(' and the ')} matter here.`;
    if (ref && rng.chance(0.3)) body += ` See ${ref.code}.`;
    batch.push(drill!.id, BENCH_GUILD, `96${String(i).padStart(16, '0')}`, `Member ${i}`, body);
  }
  const answers = await batch.flush(database);
  return { drillId: Number(drill!.id), answers };
}
