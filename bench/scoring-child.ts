/**
 * One fresh process for the scorer's figures (bench/scoring.ts starts it; not meant to be run by
 * hand). A fresh process is the only honest way to time a cold model load and read the RSS it adds,
 * and its embedder's cache starts empty, so no timed sentence finds its vector already computed.
 *
 *   node --expose-gc --import tsx bench/scoring-child.ts timing [--memory N] [--sentences N]
 *
 * Times the cold load, then ~150-word answers and single sentences; with --memory, goes on scoring
 * answers sampled from the drill benchmark's sentence pool until N answers were scored in all, and
 * reports the RSS before the model's load, after it, along the way and after the last answer.
 * --sentences: how many new sentences to embed one at a time (default 40).
 *
 * Prints one JSON line on stdout (a ChildReport) and nothing else there.
 */
import { readFileSync } from 'node:fs';

import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { memory: { type: 'string' }, sentences: { type: 'string', default: '40' } },
});
const memoryTotal = values.memory === undefined ? 0 : Number(values.memory);
const singles = Number(values.sentences);
if (positionals[0] !== 'timing' || !Number.isInteger(memoryTotal) || memoryTotal < 0 || !Number.isInteger(singles) || singles < 0) {
  process.stderr.write('usage: scoring-child.ts timing [--memory N] [--sentences N]\n');
  process.exit(2);
}

function rssMB(): number {
  return process.memoryUsage().rss / 1048576;
}

/** Peak RSS of this process so far (Linux), else the current RSS. */
function peakMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return rssMB();
}

function settledRssMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return rssMB();
}

/**
 * A fixed pure-JS workload shaped like the scorer's own arithmetic (dot products of 512-dim vectors):
 * on a shared machine, the scoring time over this floor says more than the milliseconds.
 */
function cpuFloor(runs: number): number[] {
  const a = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: 512 }, (_, i) => Math.cos(i));
  const out: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs + 20; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 2_000; k++) {
      let s = 0;
      for (let i = 0; i < 512; i++) s += a[i]! * b[i]!;
      sink += s;
    }
    if (r >= 20) out.push(performance.now() - t0);
  }
  if (sink === 42) process.stderr.write('');
  return out;
}

export interface AnswerRun {
  claimSlug: string;
  words: number;
  sentences: number;
  keyPoints: number;
  ms: number;
  /** Of which the embedder (the answer's sentences; the key points are already cached). */
  embedMs: number;
  autoScore: number;
}

export interface TimingReport {
  loadMs: number;
  rssBeforeLoadMB: number;
  rssAfterLoadMB: number;
  /** Embedding each rubric's key points the first time (a drill's first answer pays this once). */
  keyPointsMs: number[];
  /** The warm-up answers (3-key-point rubrics, 70–100 words), the first right after the load. */
  warmupMs: number[];
  answers: AnswerRun[];
  /** One new sentence embedded alone (a batch of one). */
  singleSentenceMs: number[];
  cpuFloorMs: number[];
  memory?: MemoryReport;
}

/** Memory, measured in the same process after the timed runs (when asked for). */
export interface MemoryReport {
  rssStartMB: number;
  rssImportedMB: number;
  rssLoadedMB: number;
  /** Answers scored in this process in all (timed ones, single sentences not counted, then pool answers). */
  answers: number;
  /** RSS after every 50 answers: whether it levels off. */
  rssCheckpointsMB: { answers: number; rssMB: number }[];
  rssAfterAnswersMB: number;
  rssAfterAnswersGcMB: number;
  peakMB: number;
  /** Distinct sentences the pool answers were made of, and the pool answers' scoring time. */
  poolSentences: number;
  poolScoringMs: number;
}

const rssStartMB = settledRssMB();
const { createEmbedder } = await import('../src/scoring/embedder.ts');
const { scoreText } = await import('../src/scoring/score.ts');
const { sentences } = await import('../src/scoring/text.ts');
const pool = await import('./answer-pool.ts');
const rssImportedMB = settledRssMB();
const embedder = createEmbedder();
const t0 = performance.now();
await embedder.start();
const loadMs = performance.now() - t0;
const rssLoadedMB = settledRssMB();

{
  const answers = pool.timedAnswers();
  // Warm the model (its first runs compile kernels) and the matcher on answers the timed runs never use.
  const warmupMs: number[] = [];
  for (const w of pool.warmupAnswers().slice(0, 4)) {
    const t = performance.now();
    await scoreText(w.rubric, w.text, embedder);
    warmupMs.push(performance.now() - t);
  }
  // Key points are embedded once per rubric and then served from the cache, as in a running bot.
  const keyPointsMs: number[] = [];
  for (const rubric of new Set(answers.map((a) => a.rubric))) {
    const t = performance.now();
    await embedder.embed(rubric.keyPoints.map((k) => k.text));
    keyPointsMs.push(performance.now() - t);
  }
  const cpuBefore = cpuFloor(100);
  let embedMs = 0;
  const timed = {
    start: () => embedder.start(),
    get ready() {
      return embedder.ready;
    },
    embed: async (texts: readonly string[]) => {
      const t = performance.now();
      const v = await embedder.embed(texts);
      embedMs += performance.now() - t;
      return v;
    },
  };
  const runs: AnswerRun[] = [];
  for (const a of answers) {
    embedMs = 0;
    const t = performance.now();
    const s = await scoreText(a.rubric, a.text, timed);
    runs.push({
      claimSlug: a.claimSlug,
      words: a.words,
      sentences: a.sentences,
      keyPoints: a.rubric.keyPoints.length,
      ms: performance.now() - t,
      embedMs,
      autoScore: s.autoScore,
    });
  }
  // Sentences of the pack's rebuttal texts: prose no timed answer contains.
  const { loadReferenceRebuttals } = await import('../tests/scoring/adversarial-set.ts');
  const rebuttalSentences = [...new Set([...loadReferenceRebuttals().values()].flatMap((r) => sentences(r.rebuttalText)))]
    .filter((s) => s.split(' ').length >= 8)
    .slice(0, singles);
  const singleSentenceMs: number[] = [];
  for (const s of rebuttalSentences) {
    const t = performance.now();
    await embedder.embed([s]);
    singleSentenceMs.push(performance.now() - t);
  }
  const memory = memoryTotal > 0 ? await measureMemory(runs.length) : undefined;
  const report: TimingReport = {
    loadMs,
    rssBeforeLoadMB: rssImportedMB,
    rssAfterLoadMB: rssLoadedMB,
    keyPointsMs,
    warmupMs,
    answers: runs,
    singleSentenceMs,
    cpuFloorMs: [...cpuBefore, ...cpuFloor(100)],
    ...(memory ? { memory } : {}),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Scores pool answers until `memoryTotal` answers were scored in this process, reading the RSS. */
async function measureMemory(scored: number): Promise<MemoryReport> {
  const claim = pool.drillClaim().claimSlug;
  const rubric = pool.packRubric(claim);
  const texts = pool.sampleAnswers(pool.sentencePool(claim), Math.max(0, memoryTotal - scored), 17);
  const rssCheckpointsMB: MemoryReport['rssCheckpointsMB'] = [];
  const t = performance.now();
  for (const text of texts) {
    await scoreText(rubric, text, embedder);
    if (++scored % 50 === 0) rssCheckpointsMB.push({ answers: scored, rssMB: rssMB() });
  }
  const poolScoringMs = performance.now() - t;
  const rssAfterAnswersMB = rssMB();
  return {
    rssStartMB,
    rssImportedMB,
    rssLoadedMB,
    answers: scored,
    rssCheckpointsMB,
    rssAfterAnswersMB,
    rssAfterAnswersGcMB: settledRssMB(),
    peakMB: peakMB(),
    poolSentences: new Set(texts.flatMap((x) => sentences(x))).size,
    poolScoringMs,
  };
}
