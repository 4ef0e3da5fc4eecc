import { benchScoring, MEMORY_ANSWERS, MODEL_RSS_TARGET_MB, modelRss, SCORE_MEDIAN_TARGET_MS, type ScoringFigures } from '../scoring.ts';
import type { BenchCase, BenchEnv } from './types.ts';

const GROUP = 'scoring (no database: the same on both backends)';
const VIA =
  'bench/scoring.ts benchScoring: fresh processes (bench/scoring-child.ts), scoreText (src/scoring/score.ts) with createEmbedder (USE-lite); floor = a fixed pure-JS workload in the same processes';

/** Measured once per runner process: scoring touches no database, so the second backend reuses it. */
let measured: Promise<ScoringFigures> | null = null;

/**
 * The scorer's speed and memory. Lazy: the processes start when the first scoring figure is measured,
 * so `--only` without scoring costs nothing.
 */
export function scoringCases(env: BenchEnv, log: (line: string) => void): BenchCase[] {
  const figures = () => (measured ??= benchScoring({ quick: env.quick, log }));
  const reused = (f: ScoringFigures) => `${f.processes} fresh processes, measured once per run and shown for each backend`;
  return [
    {
      kind: 'summary',
      id: 'scoring.answer',
      group: GROUP,
      label: 'score one ~150-word answer (4–5 key points, sentences new to the cache)',
      via: VIA,
      target: { limitMs: SCORE_MEDIAN_TARGET_MS, metric: 'median' },
      measure: async () => {
        const f = await figures();
        return {
          summary: f.answer,
          floor: f.cpuFloor,
          floorKind: 'cpu',
          detail: {
            words: `${f.words.min}–${f.words.max} (median ${f.words.median})`,
            sentences: `${f.sentences.min}–${f.sentences.max}`,
            'embedding median': `${f.embed.median.toFixed(0)} ms`,
            'matching median': `${f.match.median.toFixed(0)} ms`,
            'matching p99': `${f.match.p99.toFixed(0)} ms`,
          },
          note: `${f.rubrics} rubrics of the first pack, real answers of tests/scoring/adversarial-set.ts (two joined per run); ${reused(f)}`,
        };
      },
    },
    {
      kind: 'summary',
      id: 'scoring.sentence',
      group: GROUP,
      label: 'embed one new sentence alone (USE-lite)',
      via: VIA,
      measure: async () => {
        const f = await figures();
        return {
          summary: f.singleSentence,
          floor: f.cpuFloor,
          floorKind: 'cpu',
          detail: {
            "per sentence in an answer's batch, median": `${f.perSentenceInBatch.median.toFixed(1)} ms`,
            "a rubric's key points the first time, median": `${f.keyPoints.median.toFixed(0)} ms`,
          },
          note: "sentences of the first pack's rebuttal texts",
        };
      },
    },
    {
      kind: 'value',
      id: 'scoring.model-load',
      group: GROUP,
      label: 'model load, cold, in a fresh process (median)',
      via: VIA,
      measure: async () => {
        const f = await figures();
        const sorted = [...f.loadMs].sort((a, b) => a - b);
        return {
          value: sorted[Math.floor((sorted.length - 1) / 2)]!,
          unit: 'ms',
          detail: {
            each: f.loadMs.map((x) => `${x.toFixed(0)} ms`).join(' '),
            'first answer after it (kernels compile on first use)': f.firstAnswerMs.map((x) => `${x.toFixed(0)} ms`).join(' '),
          },
          note: 'the weight files are in the OS page cache after the first load',
        };
      },
    },
    {
      kind: 'value',
      id: 'scoring.model-rss',
      group: GROUP,
      label: `RSS the model adds (before load → after ${MEMORY_ANSWERS} answers)`,
      via: VIA,
      measure: async () => {
        const f = await figures();
        const m = f.memory;
        const rss = modelRss(m);
        return {
          value: rss.added,
          unit: 'MB',
          target: { op: '<=', limit: MODEL_RSS_TARGET_MB },
          detail: {
            'before import': `${m.rssStartMB.toFixed(0)} MB`,
            'before load': `${m.rssImportedMB.toFixed(0)} MB`,
            'after load': `${m.rssLoadedMB.toFixed(0)} MB`,
            [`after ${m.answers}`]: `${m.rssAfterAnswersMB.toFixed(0)} MB`,
            peak: `${m.peakMB.toFixed(0)} MB`,
            'with the scorer imports': `+${rss.withImports.toFixed(0)} MB`,
          },
          note: `RSS every 50 answers: ${m.rssCheckpointsMB.map((c) => c.rssMB.toFixed(0)).join(', ')} MB`,
        };
      },
    },
  ];
}
