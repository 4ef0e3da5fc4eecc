import type { Embedder } from './embedder.ts';
import { meanVector } from './embedder.ts';
import { deniedShare, features, logistic, pairUnit, toTarget, toUnit, type Idf, type Target, type Unit } from './features.ts';
import { contentStems, sentences } from './text.ts';
import fitted from './model/match-model.json' with { type: 'json' };

/**
 * Key-point matching: the answer is cut into units (each sentence, and each pair of adjacent
 * sentences, whose vector is the mean of the two), every unit is compared with every key point, and a
 * logistic model fitted on ArgKP-2021 (bench/scorer/train.ts) turns the signals into the probability
 * that the unit makes the key point. A key point's score is its best unit's probability.
 *
 * Two rules stand in front of the model, because no training pair shows them and a debate club will
 * try them first: a unit that is not prose (a list of words) makes nothing, and a unit that shares a
 * key point's words but states them with the opposite negation denies that key point rather than
 * making it.
 */
export interface MatchModel {
  version: string;
  weights: number[];
  threshold: number;
  /** How much a word of the claim being rebutted still weighs (0..1): every answer talks about the claim. */
  claimWordWeight: number;
  defaultIdf: number;
  idf: Record<string, number>;
}

export const MATCH_MODEL: MatchModel = fitted as unknown as MatchModel;

/**
 * Word weights for one rubric: the word's rarity in general debate English (IDF over the ArgKP
 * arguments), times its rarity among the rubric's key points (a word every key point uses tells
 * them apart no better than a stop word), lowered for words of the claim itself, which every answer
 * on the topic repeats. This context is what lets a matching word mean something.
 */
export function rubricIdf(model: MatchModel, targets: readonly Target[], opposing: string | null): Idf {
  const df = new Map<string, number>();
  for (const t of targets) for (const s of t.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const claimWords = new Set(opposing ? contentStems(opposing) : []);
  const n = targets.length;
  const cache = new Map<string, number>();
  return (stem) => {
    let w = cache.get(stem);
    if (w === undefined) {
      w =
        (model.idf[stem] ?? model.defaultIdf) *
        (Math.log((n + 1) / ((df.get(stem) ?? 0) + 1)) + 1) *
        (claimWords.has(stem) ? model.claimWordWeight : 1);
      cache.set(stem, w);
    }
    return w;
  };
}

/** How much of a key point's content a unit must negate to deny it. */
/** Any of the key point's content words denied is a denial (the share only has to be above zero). */
export const DENIAL_SHARE = 0.01;

export interface UnitMatch {
  /** Probability that the answer makes the key point (its best unit's), rounded for determinism. */
  score: number;
  /** First sentence of the best unit, or -1 when no unit could make it. */
  sentence: number;
  /** A unit used the key point's words but negated them. */
  denied: boolean;
}

export function unitsOf(sentenceTexts: readonly string[], vectors: readonly Float32Array[]): Unit[] {
  const units = sentenceTexts.map((t, i) => toUnit(t, vectors[i]!, i));
  const pairs = units.slice(1).map((b, i) => pairUnit(units[i]!, b, meanVector([vectors[i]!, vectors[i + 1]!])));
  return [...units, ...pairs];
}

export function matchUnits(
  units: readonly Unit[],
  targets: readonly Target[],
  opposing: string | null,
  model: MatchModel = MATCH_MODEL,
): UnitMatch[] {
  const idf = rubricIdf(model, targets, opposing);
  return targets.map((k) => {
    let best = 0;
    let sentence = -1;
    let denied = false;
    for (const u of units) {
      if (!u.prose) continue;
      const p = logistic(model.weights, features(u, k, targets, idf));
      // A denial is a unit that would make the key point but for its negation: "it is not true that
      // centralisation puts power in few hands". Negated words in a unit about something else deny nothing.
      // Only a sentence on its own denies: a pair would let a negation in the next sentence cancel a
      // point the first one makes ("…cannot be blamed where it was not applied. In Aragon they applied…").
      if (p >= model.threshold && u.single && deniedShare(u, k, idf) >= DENIAL_SHARE) {
        denied = true;
        continue;
      }
      if (p > best) {
        best = p;
        sentence = u.sentence;
      }
    }
    return { score: Math.round(best * 10_000) / 10_000, sentence, denied };
  });
}

/** Vectors for key points (cached by the embedder) and the answer's sentences, then the match. */
export async function matchAnswer(
  embedder: Embedder,
  answer: string,
  keyPoints: readonly string[],
  opposing: string | null,
  model: MatchModel = MATCH_MODEL,
) {
  const sents = sentences(answer);
  if (sents.length === 0 || keyPoints.length === 0) {
    return { sentences: sents, matches: keyPoints.map(() => ({ score: 0, sentence: -1, denied: false })) };
  }
  const [kpVecs, sentVecs] = await Promise.all([embedder.embed(keyPoints), embedder.embed(sents)]);
  const targets = keyPoints.map((t, i) => toTarget(t, kpVecs[i]!));
  return { sentences: sents, matches: matchUnits(unitsOf(sents, sentVecs), targets, opposing, model) };
}
