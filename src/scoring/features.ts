import { dot } from './embedder.ts';
import { contentStems, isProse, negatedStems } from './text.ts';

/**
 * The signals the match model combines, for one unit of an answer (a sentence, or two adjacent
 * sentences) against one key point. The same code computes them for training (bench/scorer) and for
 * scoring, so the fitted weights mean the same thing in both.
 */
export interface Unit {
  text: string;
  vec: Float32Array;
  stems: ReadonlySet<string>;
  /** Stems the unit puts under a negation. */
  negated: ReadonlySet<string>;
  prose: boolean;
  /** Index of the unit's first sentence in the answer. */
  sentence: number;
  /** One sentence, not a pair of adjacent ones. */
  single: boolean;
}

export interface Target {
  text: string;
  vec: Float32Array;
  stems: ReadonlySet<string>;
  negated: ReadonlySet<string>;
}

export type Idf = (stem: string) => number;

export function toTarget(text: string, vec: Float32Array): Target {
  return { text, vec, stems: new Set(contentStems(text)), negated: negatedStems(text) };
}

export function toUnit(text: string, vec: Float32Array, sentence: number): Unit {
  return { text, vec, stems: new Set(contentStems(text)), negated: negatedStems(text), prose: isProse(text), sentence, single: true };
}

/**
 * Two adjacent sentences read as one unit: their words and denials together, and prose only when both
 * are ("straw man; reject all authority" is still a list). Built from the sentences' own units, so no
 * sentence is tagged or stemmed twice.
 */
export function pairUnit(a: Unit, b: Unit, vec: Float32Array): Unit {
  return {
    text: `${a.text} ${b.text}`,
    vec,
    stems: new Set([...a.stems, ...b.stems]),
    negated: new Set([...a.negated, ...b.negated]),
    prose: a.prose && b.prose,
    sentence: a.sentence,
    single: false,
  };
}

/** The IDF-weighted share of the key point's content stems for which `counts` holds. */
function keyPointShare(k: Target, idf: Idf, counts: (stem: string) => boolean): number {
  let all = 0;
  let hit = 0;
  for (const s of k.stems) {
    const w = idf(s);
    all += w;
    if (counts(s)) hit += w;
  }
  return all === 0 ? 0 : hit / all;
}

/** Share of the key point's content (IDF-weighted) that the unit uses. */
export function idfRecall(u: Unit, k: Target, idf: Idf): number {
  return keyPointShare(k, idf, (s) => u.stems.has(s));
}

/**
 * Share of the key point's content (IDF-weighted) that the unit denies: the key point says X, the
 * unit says "not X" or "it is not true that X". The other direction (the key point says "not X",
 * the unit says X) is left to the model: "affirmative action is just…" is not a denial of "…is not just".
 */
export function deniedShare(u: Unit, k: Target, idf: Idf): number {
  return keyPointShare(k, idf, (s) => u.negated.has(s) && !k.negated.has(s));
}

/** Cosine of binary IDF-weighted bags of stems. */
export function tfidfCosine(u: Unit, k: Target, idf: Idf): number {
  let num = 0;
  let nu = 0;
  let nk = 0;
  for (const s of u.stems) nu += idf(s) ** 2;
  for (const s of k.stems) {
    const w = idf(s) ** 2;
    nk += w;
    if (u.stems.has(s)) num += w;
  }
  return nu === 0 || nk === 0 ? 0 : num / Math.sqrt(nu * nk);
}

export const FEATURE_NAMES = [
  'bias',
  'cosine',
  'cosine margin over the other key points',
  'IDF recall of the key point',
  'TF-IDF cosine',
  'TF-IDF margin over the other key points',
  'cosine × IDF recall',
  'share of the key point negated',
  'log words',
] as const;

/** Feature vector of unit `u` against key point `k`, among the rubric's key points `all` (k included). */
export function features(u: Unit, k: Target, all: readonly Target[], idf: Idf): number[] {
  const cos = dot(u.vec, k.vec);
  const lex = tfidfCosine(u, k, idf);
  let otherCos = -1;
  let otherLex = 0;
  for (const o of all) {
    if (o === k) continue;
    otherCos = Math.max(otherCos, dot(u.vec, o.vec));
    otherLex = Math.max(otherLex, tfidfCosine(u, o, idf));
  }
  const rec = idfRecall(u, k, idf);
  return [
    1,
    cos,
    otherCos === -1 ? 0 : cos - otherCos,
    rec,
    lex,
    all.length > 1 ? lex - otherLex : 0,
    cos * rec,
    deniedShare(u, k, idf),
    Math.log1p(u.stems.size),
  ];
}

export function logistic(weights: readonly number[], x: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (weights[i] ?? 0) * x[i]!;
  return 1 / (1 + Math.exp(-z));
}
