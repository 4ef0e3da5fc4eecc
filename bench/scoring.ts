/**
 * `npx tsx bench/scoring.ts [--quick]` — the scorer's speed and memory (issue 9), also run by
 * `npm run bench -- --only scoring`.
 *
 * Each figure comes from fresh processes (bench/scoring-child.ts), one after another, never two at
 * once: a fresh process has a cold model to time and an empty embedder cache, so every timed
 * sentence is embedded for real, as a member's new answer is. The first process also reads the RSS
 * before and after the model's load and after 200 answers. Scoring touches no database: these
 * figures are the same whatever the backend.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarize, type Summary } from './measure.ts';
import type { TimingReport } from './scoring-child.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./scoring-child.ts', import.meta.url));

export const SCORE_MEDIAN_TARGET_MS = 250;
export const MODEL_RSS_TARGET_MB = 200;
/** Answers scored in the memory process before its last RSS reading. */
export const MEMORY_ANSWERS = 200;

export interface ScoringFigures {
  processes: number;
  /** One answer, scored end to end (`scoreText`): sentences, their vectors, matching, the score. */
  answer: Summary;
  /** Of which: embedding the answer's sentences (one batch), and the rest (units, features, model). */
  embed: Summary;
  match: Summary;
  /** Per sentence, inside an answer's batch. */
  perSentenceInBatch: Summary;
  /** One new sentence embedded alone. */
  singleSentence: Summary;
  /** A rubric's key points, embedded the first time (then cached). */
  keyPoints: Summary;
  words: { min: number; median: number; max: number };
  sentences: { min: number; median: number; max: number };
  keyPointsPerRubric: { min: number; max: number };
  rubrics: number;
  /** Cold model loads, one per fresh process, and the first answer scored after each (kernels compile on first use). */
  loadMs: number[];
  firstAnswerMs: number[];
  /** The fixed CPU workload (bench/scoring-child.ts cpuFloor), measured in every process. */
  cpuFloor: Summary;
  memory: NonNullable<TimingReport['memory']>;
}

function runChild(args: string[]): Promise<TimingReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`scoring-child.ts exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ') || 'no output'}`));
        return;
      }
      resolve(JSON.parse(line) as TimingReport);
    });
  });
}

const range = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor((s.length - 1) / 2)] ?? 0, max: s[s.length - 1] ?? 0 };
};

/**
 * `processes` fresh processes of 26 timed answers each (2 → 52 runs; the brief asks ≥ 50); the first
 * also measures memory and single sentences.
 */
export async function benchScoring(opts: { quick?: boolean; log?: (line: string) => void } = {}): Promise<ScoringFigures> {
  const quick = opts.quick ?? false;
  const processes = quick ? 2 : 4;
  const log = opts.log ?? (() => {});
  const reports: TimingReport[] = [];
  for (let i = 0; i < processes; i++) {
    const first = i === 0;
    log(`scoring: process ${i + 1}/${processes}${first ? ` (with memory over ${MEMORY_ANSWERS} answers)` : ''} …\n`);
    reports.push(
      await runChild([
        'timing',
        ...(first ? ['--memory', String(MEMORY_ANSWERS)] : []),
        '--sentences',
        first ? (quick ? '20' : '40') : quick ? '0' : '20',
      ]),
    );
  }
  const answers = reports.flatMap((r) => r.answers);
  const memory = reports[0]!.memory;
  if (!memory) throw new Error('the first scoring process reported no memory figures');
  const kp = answers.map((a) => a.keyPoints);
  return {
    processes,
    answer: summarize(answers.map((a) => a.ms)),
    embed: summarize(answers.map((a) => a.embedMs)),
    match: summarize(answers.map((a) => a.ms - a.embedMs)),
    perSentenceInBatch: summarize(answers.map((a) => a.embedMs / a.sentences)),
    singleSentence: summarize(reports.flatMap((r) => r.singleSentenceMs)),
    keyPoints: summarize(reports.flatMap((r) => r.keyPointsMs)),
    words: range(answers.map((a) => a.words)),
    sentences: range(answers.map((a) => a.sentences)),
    keyPointsPerRubric: { min: Math.min(...kp), max: Math.max(...kp) },
    rubrics: new Set(answers.map((a) => a.claimSlug)).size,
    loadMs: reports.map((r) => r.loadMs),
    firstAnswerMs: reports.map((r) => r.warmupMs[0] ?? Number.NaN),
    cpuFloor: summarize(reports.flatMap((r) => r.cpuFloorMs)),
    memory,
  };
}

/** What the model adds: RSS before the load vs after 200 answers (the target), and with the scorer's imports. */
export function modelRss(m: ScoringFigures['memory']): { added: number; withImports: number; peakAdded: number } {
  return {
    added: m.rssAfterAnswersMB - m.rssImportedMB,
    withImports: m.rssAfterAnswersMB - m.rssStartMB,
    peakAdded: m.peakMB - m.rssImportedMB,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const f = await benchScoring({ quick: values.quick ?? false, log: (l) => process.stderr.write(l) });
  const ms = (s: Summary) => `median ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${s.runs} runs)`;
  const m = f.memory;
  const rss = modelRss(m);
  const lines = [
    `score one answer (${f.words.min}–${f.words.max} words, median ${f.words.median}; ${f.sentences.min}–${f.sentences.max} sentences; ${f.keyPointsPerRubric.min}–${f.keyPointsPerRubric.max} key points, ${f.rubrics} rubrics): ${ms(f.answer)} · target median ≤ ${SCORE_MEDIAN_TARGET_MS} ms`,
    `  of which embedding its sentences ${ms(f.embed)}; matching ${ms(f.match)}`,
    `  per sentence in the answer's batch: median ${f.perSentenceInBatch.median.toFixed(1)} ms; one sentence alone: ${ms(f.singleSentence)}`,
    `  a rubric's key points the first time: ${ms(f.keyPoints)}`,
    `  CPU floor (fixed JS workload): ${ms(f.cpuFloor)}; answer / floor = ${(f.answer.median / f.cpuFloor.median).toFixed(1)}× median`,
    `model load, cold, fresh process: ${f.loadMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}; the first answer after it: ${f.firstAnswerMs.map((x) => `${x.toFixed(0)} ms`).join(', ')}`,
    `RSS: start ${m.rssStartMB.toFixed(0)} MB, scorer imported ${m.rssImportedMB.toFixed(0)}, model loaded ${m.rssLoadedMB.toFixed(0)}, after ${m.answers} answers ${m.rssAfterAnswersMB.toFixed(0)} (after gc ${m.rssAfterAnswersGcMB.toFixed(0)}), peak ${m.peakMB.toFixed(0)}; every 50: ${m.rssCheckpointsMB.map((c) => c.rssMB.toFixed(0)).join(', ')}`,
    `  the model adds ${rss.added.toFixed(0)} MB (before load → after ${m.answers} answers; target ≤ ${MODEL_RSS_TARGET_MB}); with the scorer's imports ${rss.withImports.toFixed(0)} MB; peak ${rss.peakAdded.toFixed(0)} MB over before-load`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
