/**
 * Real answers for the scoring and drill-close benchmarks, all from the hand-written adversarial set
 * (tests/scoring/adversarial-set.ts) and the first pack's key points: no word soups. Since the new
 * scorer reads sentences by meaning, a benchmark answer must be prose for its matching to cost what a
 * member's answer costs and to make (or miss) key points as one would.
 */
import { countWords, ADVERSARIAL_SET, loadReferenceRebuttals, type AdversarialClaim } from '../tests/scoring/adversarial-set.ts';
import type { Rubric } from '../src/scoring/rubric.ts';
import { sentences } from '../src/scoring/text.ts';
import { Rng } from './prng.ts';

/** The categories that are prose arguments (the keyword-stuffed answers are not: the scorer skips them early). */
const PROSE = ['strong', 'paraphrase', 'partial', 'offTopic', 'arguesClaim'] as const;
/** Answers are 20–1,500 characters (src/drills/answers.ts). */
const MAX_CHARS = 1_500;

export const POOL_SIZE = 200;

/** The first pack's rubric for a claim slug, read from the pack file (no database). */
export function packRubric(slug: string): Rubric {
  const r = loadReferenceRebuttals().get(slug);
  if (!r) throw new Error(`the first pack has no claim "${slug}"`);
  return {
    rebuttalId: null,
    opposing: r.claimText,
    keyPoints: r.keyPoints.map((text, i) => ({ id: i + 1, position: i, text })),
    refs: r.refs.map((code) => ({ code, title: code })),
  };
}

export interface TimedAnswer {
  claimSlug: string;
  rubric: Rubric;
  text: string;
  words: number;
  sentences: number;
}

/**
 * ~150-word answers for timing one answer's scoring, against the claims whose rubric has 4 or 5 key
 * points. The set's answers are 40–160 words, so each timed answer joins two of one claim's answers
 * (strong + partial, paraphrase + off-topic: a member who argues the point, then adds another or
 * wanders): 130–180 words of real prose, and no sentence shared between two timed answers, so none
 * finds its vectors in the embedder's cache.
 */
export function timedAnswers(): TimedAnswer[] {
  const refs = loadReferenceRebuttals();
  const out: TimedAnswer[] = [];
  for (const c of ADVERSARIAL_SET) {
    const kp = refs.get(c.claimSlug)?.keyPoints.length ?? 0;
    if (kp < 4 || kp > 5) continue;
    const rubric = packRubric(c.claimSlug);
    for (const text of [`${c.strong} ${c.partial}`, `${c.paraphrase} ${c.offTopic}`]) {
      out.push({ claimSlug: c.claimSlug, rubric, text, words: countWords(text), sentences: sentences(text).length });
    }
  }
  return out;
}

/**
 * Answers to warm the model and the matcher up with, on claims `timedAnswers` does not use (their
 * rubrics have 3 key points), so the timed rubrics' key points are not yet in the cache.
 */
export function warmupAnswers(): { rubric: Rubric; text: string }[] {
  const refs = loadReferenceRebuttals();
  return ADVERSARIAL_SET.filter((c) => {
    const kp = refs.get(c.claimSlug)?.keyPoints.length ?? 0;
    return kp < 4 || kp > 5;
  }).map((c) => ({ rubric: packRubric(c.claimSlug), text: c.strong }));
}

/** The claim a benchmark drill is on: of the set's claims, the one with the most key points (the heaviest match). */
export function drillClaim(): AdversarialClaim {
  const refs = loadReferenceRebuttals();
  const kp = (c: AdversarialClaim) => refs.get(c.claimSlug)?.keyPoints.length ?? 0;
  return [...ADVERSARIAL_SET].sort((a, b) => kp(b) - kp(a) || a.claimSlug.localeCompare(b.claimSlug))[0]!;
}

export interface SentencePool {
  /** Sentences of answers to the drill's own claim: most make one of its key points, some deny them. */
  own: string[];
  /** Sentences from answers to other claims of the pack: on the debate, off this rubric. */
  other: string[];
}

/**
 * ~200 distinct sentences: every sentence of the prose answers to `claim`, then sentences of the
 * other claims' prose answers, taken round-robin so every claim and category is represented.
 */
export function sentencePool(claimSlug: string, size = POOL_SIZE): SentencePool {
  const own = new Set<string>();
  const claim = ADVERSARIAL_SET.find((c) => c.claimSlug === claimSlug);
  if (!claim) throw new Error(`no adversarial answers for "${claimSlug}"`);
  for (const cat of PROSE) for (const s of sentences(claim[cat])) own.add(s);
  const queues = ADVERSARIAL_SET.filter((c) => c.claimSlug !== claimSlug).flatMap((c) => PROSE.map((cat) => sentences(c[cat])));
  const other = new Set<string>();
  for (let i = 0; own.size + other.size < size && queues.some((q) => i < q.length); i++) {
    for (const q of queues) {
      const s = q[i];
      if (s && !own.has(s) && own.size + other.size < size) other.add(s);
    }
  }
  return { own: [...own], other: [...other] };
}

/**
 * `n` distinct answers of 2–8 sentences sampled from the pool (≤ 1,500 characters), deterministic
 * for a seed. Mixes as a drill would get them: a third argue the claim's own points, a third mix its
 * points with other arguments, a third answer some other claim.
 */
export function sampleAnswers(pool: SentencePool, n: number, seed = 9): string[] {
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const kind = out.length % 3;
    const count = rng.int(2, 8);
    const picked: string[] = [];
    for (let i = 0; i < count; i++) {
      const fromOwn = kind === 0 ? rng.chance(0.85) : kind === 1 ? rng.chance(0.4) : rng.chance(0.05);
      const s = rng.pick(fromOwn && pool.own.length ? pool.own : pool.other);
      if (picked.includes(s)) continue;
      if ([...picked, s].join(' ').length > MAX_CHARS) break;
      picked.push(s);
    }
    const text = picked.join(' ');
    if (picked.length < 2 || seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

export function wordStats(texts: readonly string[]): { min: number; median: number; max: number } {
  const w = texts.map(countWords).sort((a, b) => a - b);
  return { min: w[0] ?? 0, median: w[Math.floor((w.length - 1) / 2)] ?? 0, max: w[w.length - 1] ?? 0 };
}
