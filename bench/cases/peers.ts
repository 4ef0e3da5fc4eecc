import { loadClaimDocs, qualityFigures, timePeer, type PeerName, type PeerSpeed, type QualityFigure } from '../peers.ts';
import { autocompleteInputs, searchQueries } from './content.ts';
import type { BenchCase, BenchEnv } from './types.ts';

const NAMES: Record<PeerName, string> = { fuse: 'Fuse.js', minisearch: 'MiniSearch' };

/** Measured once per runner process: in-memory libraries do not depend on the backend. */
const speed = new Map<PeerName, Promise<PeerSpeed>>();
let quality: Promise<QualityFigure[]> | null = null;

/** The peer queries: the bench's /claim search inputs and the claim autocomplete inputs. */
function peerQueries(): { key: string; query: string; what: string }[] {
  return [
    ...searchQueries().map((q) => ({ key: `search.${q.key}`, query: q.query, what: q.what })),
    ...autocompleteInputs().claims.map((a) => ({ key: `autocomplete.${a.key}`, query: a.typed, what: `autocomplete, ${a.what}` })),
  ];
}

/**
 * Fuse.js and MiniSearch over the claims the bench server sees, on the same inputs as /claim search
 * and claim autocomplete; their build time and heap; and hits@5 / MRR on the search-quality set
 * beside Riposte's and naive ILIKE's. Lazy: nothing is built unless a peers figure is selected.
 */
export function peerCases(env: BenchEnv): BenchCase[] {
  const runs = env.quick ? 20 : 200;
  const budgetMs = env.quick ? 1_000 : 8_000;
  const figures = (peer: PeerName) => {
    let p = speed.get(peer);
    if (!p) {
      p = loadClaimDocs(env.database).then((docs) => timePeer(peer, docs, peerQueries(), { runs, budgetMs }));
      speed.set(peer, p);
    }
    return p;
  };
  const cases: BenchCase[] = [];
  for (const peer of ['fuse', 'minisearch'] as const) {
    const via = `bench/peers.ts: ${NAMES[peer]} in memory over the visible claims (text, claimant, topic names, reference codes); measured once per run`;
    cases.push({
      kind: 'value',
      id: `peers.${peer}.build`,
      group: 'peers: in-process libraries',
      label: `${NAMES[peer]}: build the index`,
      via,
      measure: async () => {
        const f = await figures(peer);
        return { value: f.buildMs, unit: 'ms', detail: { docs: f.docs, 'heap held': `${f.heapMB.toFixed(0)} MB` } };
      },
    });
    for (const q of peerQueries()) {
      cases.push({
        kind: 'summary',
        id: `peers.${peer}.${q.key}`,
        group: 'peers: in-process libraries',
        label: `${NAMES[peer]} "${q.query.length > 24 ? `${q.query.slice(0, 24)}…` : q.query}" (${q.what})`,
        via,
        measure: async () => {
          const f = await figures(peer);
          const m = f.queries.find((x) => x.key === q.key)!;
          return { summary: m.summary, note: `${m.hits} hits (of 25 asked)` };
        },
      });
    }
  }
  const quality$ = () => (quality ??= qualityFigures());
  for (const [key, engine] of [
    ['riposte', 'Riposte (searchClaims)'],
    ['fuse', 'Fuse.js'],
    ['minisearch', 'MiniSearch'],
    ['ilike', 'naive ILIKE'],
  ] as const) {
    cases.push({
      kind: 'value',
      id: `peers.quality.${key}`,
      group: 'peers: search quality (first pack)',
      label: `${engine}: hits@5 on the search-quality set`,
      via: 'bench/peers.ts qualityFigures: tests/db/search-quality-set.ts over packs/marxism-or-anarchism.yaml in an in-memory PGlite',
      measure: async () => {
        const f = (await quality$()).find((x) => x.engine === engine)!;
        return {
          value: Math.round(f.hitsAt5 * 1000) / 10,
          unit: '%',
          detail: { MRR: f.mrr.toFixed(3), queries: f.n },
          note: f.misses.length ? `misses: ${f.misses.join(' · ')}` : undefined,
        };
      },
    });
  }
  return cases;
}
