/**
 * Riposte's search beside the two in-process libraries Discord bots reach for — Fuse.js (the usual
 * choice for autocomplete) and MiniSearch — and the naive `ILIKE` baseline:
 *
 * - speed: both libraries index the claims the bench server sees (the same rows Riposte searches:
 *   text, claimant, topic names and reference codes) in memory; each is timed on the bench's own
 *   search and autocomplete inputs (p50/p99), with its build time and the heap it holds;
 * - quality: hits@5 and MRR on the search-quality set (tests/db/search-quality-set.ts, the queries
 *   tests/db/search-quality.test.ts asserts for Riposte) over the first pack, for Riposte
 *   (searchClaims on an in-memory PGlite), both libraries and ILIKE. The libraries get every word
 *   Riposte reads: the claim's own fields and, weighted lower, its rebuttals, key points and the
 *   references and quotes it cites.
 *
 * Measured once per runner process (nothing here depends on the backend) and shown under each.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { searchClaims } from '../src/content/claims.ts';
import { importPackFile } from '../src/content/import.ts';
import { likePattern } from '../src/content/query-text.ts';
import { visiblePack } from '../src/content/visibility.ts';
import type { Database } from '../src/db/client.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { QUALITY_PACK, QUALITY_QUERIES } from '../tests/db/search-quality-set.ts';
import { BENCH_GUILD } from './generate.ts';
import { summarize, timeRuns, type Summary } from './measure.ts';

export interface PeerDoc {
  id: number;
  slug: string;
  text: string;
  attributedTo: string;
  keywords: string;
  /** Rebuttals, key points, cited references and quotes (quality corpus only). */
  more?: string;
}

export type PeerName = 'fuse' | 'minisearch';

export interface PeerEngine {
  name: PeerName;
  search(query: string, limit: number): number[];
}

/** Fuse.js as bots configure it: weighted keys, matches anywhere in a field (ignoreLocation). */
export function buildFuse(docs: readonly PeerDoc[]): PeerEngine {
  const keys = [
    { name: 'text', weight: 3 },
    { name: 'attributedTo', weight: 1 },
    { name: 'keywords', weight: 1 },
    ...(docs[0]?.more === undefined ? [] : [{ name: 'more', weight: 0.5 }]),
  ];
  const fuse = new Fuse(docs, { keys, ignoreLocation: true, threshold: 0.4 });
  return { name: 'fuse', search: (q, limit) => fuse.search(q, { limit }).map((r) => r.item.id) };
}

/** MiniSearch with prefix and fuzzy matching (its documented typo tolerance), the claim text boosted. */
export function buildMiniSearch(docs: readonly PeerDoc[]): PeerEngine {
  const fields = ['text', 'attributedTo', 'keywords', ...(docs[0]?.more === undefined ? [] : ['more'])];
  const mini = new MiniSearch<PeerDoc>({
    fields,
    storeFields: [],
    searchOptions: { boost: { text: 3, more: 0.5 }, prefix: true, fuzzy: 0.2 },
  });
  mini.addAll(docs as PeerDoc[]);
  return {
    name: 'minisearch',
    search: (q, limit) =>
      mini
        .search(q)
        .slice(0, limit)
        .map((r) => r.id as number),
  };
}

const BUILDERS: Record<PeerName, (docs: readonly PeerDoc[]) => PeerEngine> = { fuse: buildFuse, minisearch: buildMiniSearch };

/** The claims the bench server sees, with the fields Riposte's own vector holds. */
export async function loadClaimDocs(database: Database): Promise<PeerDoc[]> {
  return database.rows<PeerDoc>(sql`
    select c.id, c.slug, c.text, c.attributed_to as "attributedTo", c.keywords
    from claims c join packs p on p.id = c.pack_id where ${visiblePack(BENCH_GUILD)} order by c.id`);
}

let gcFn: (() => void) | undefined;
/** A full collection, so heap figures are what an index holds rather than garbage. */
function collect(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

export interface PeerSpeed {
  peer: PeerName;
  docs: number;
  buildMs: number;
  heapMB: number;
  queries: { key: string; query: string; summary: Summary; hits: number }[];
}

/**
 * Builds one library's index over `docs` and times each query (sequential runs, a time budget per
 * query so a slow library still reports). Heap is measured around the build after full collections.
 */
export async function timePeer(
  peer: PeerName,
  docs: readonly PeerDoc[],
  queries: readonly { key: string; query: string }[],
  opts: { runs: number; budgetMs: number },
): Promise<PeerSpeed> {
  collect();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let engine: PeerEngine | null = BUILDERS[peer](docs);
  const buildMs = performance.now() - t0;
  collect();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  const out: PeerSpeed = { peer, docs: docs.length, buildMs, heapMB, queries: [] };
  for (const q of queries) {
    const e = engine;
    const hits = e.search(q.query, 25).length;
    const samples = await timeRuns(async () => e.search(q.query, 25), { runs: opts.runs, warmup: 2, budgetMs: opts.budgetMs, minRuns: 5 });
    out.queries.push({ key: q.key, query: q.query, summary: summarize(samples), hits });
  }
  engine = null;
  collect();
  return out;
}

export interface QualityFigure {
  engine: string;
  hitsAt5: number;
  mrr: number;
  n: number;
  misses: string[];
}

function score(engine: string, ranked: (query: string) => Promise<string[]>): Promise<QualityFigure> {
  return (async () => {
    let hits = 0;
    let rr = 0;
    const misses: string[] = [];
    for (const { query, expect } of QUALITY_QUERIES) {
      const top = (await ranked(query)).slice(0, 5);
      const rank = top.findIndex((s) => expect.includes(s));
      if (rank >= 0) {
        hits++;
        rr += 1 / (rank + 1);
      } else misses.push(query);
    }
    const n = QUALITY_QUERIES.length;
    return { engine, hitsAt5: hits / n, mrr: rr / n, n, misses };
  })();
}

/**
 * hits@5 and MRR of Riposte, Fuse.js, MiniSearch and naive ILIKE on the search-quality set, the
 * first pack imported into a throwaway in-memory PGlite (the libraries read their documents from it).
 */
export async function qualityFigures(): Promise<QualityFigure[]> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(database);
    await importPackFile(database, QUALITY_PACK);
    const guild = '400000000000000001';
    const docs = await database.rows<PeerDoc>(sql`
      select c.id, c.slug, c.text, c.attributed_to as "attributedTo", c.keywords,
             concat_ws(' ',
               (select string_agg(r.text || ' ' || coalesce((select string_agg(k.text, ' ') from key_points k where k.rebuttal_id = r.id), ''), ' ')
                  from rebuttals r where r.claim_id = c.id),
               (select string_agg(f.title || ' ' || coalesce((select string_agg(q.speaker || ' ' || q.text, ' ')
                                                              from quote_refs qr join quotes q on q.id = qr.quote_id where qr.reference_id = f.id), ''), ' ')
                  from "references" f
                  where f.id in (select reference_id from claim_refs where claim_id = c.id
                                 union select rr.reference_id from rebuttal_refs rr join rebuttals r on r.id = rr.rebuttal_id where r.claim_id = c.id))
             ) as more
      from claims c order by c.id`);
    const slugOf = new Map(docs.map((d) => [d.id, d.slug]));
    const out: QualityFigure[] = [];
    out.push(
      await score('Riposte (searchClaims)', async (q) => (await searchClaims(database, guild, q, { limit: 5 })).hits.map((h) => h.slug)),
    );
    for (const peer of ['fuse', 'minisearch'] as const) {
      const engine = BUILDERS[peer](docs);
      out.push(await score(peer === 'fuse' ? 'Fuse.js' : 'MiniSearch', async (q) => engine.search(q, 5).map((id) => slugOf.get(id)!)));
    }
    out.push(
      await score('naive ILIKE', async (q) => {
        const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2);
        if (words.length === 0) return [];
        const patterns = words.map((w) => likePattern(w));
        // Ranked by how many of the words appear anywhere in the claim's fields (the best a LIKE can do).
        const rows = await database.rows<{ slug: string }>(sql`
          select c.slug from claims c
          where (c.text || ' ' || c.attributed_to || ' ' || c.keywords) ilike any (${sql.param(patterns)}::text[])
          order by (select count(*) from unnest(${sql.param(patterns)}::text[]) as p(x)
                    where (c.text || ' ' || c.attributed_to || ' ' || c.keywords) ilike p.x) desc, c.id
          limit 5`);
        return rows.map((r) => r.slug);
      }),
    );
    return out;
  } finally {
    await database.close();
  }
}
