/** The soak's figures: interactions by kind, failures, latency percentiles, RSS growth, and the targets. */
import { summarize, type Summary } from './measure.ts';

export interface Sample {
  kind: string;
  /** Dispatch to the bot's first response as the fake saw it; NaN for a failure. */
  ms: number;
  /** ok; refused: the bot worded a member's mistake or a race (a closed drill, no votes left); failed. */
  outcome: 'ok' | 'refused' | 'failed';
}

export interface KindFigures {
  count: number;
  refused: number;
  failed: number;
  latencyMs: Summary;
}

/** Issue 11's targets for the soak. */
export const SOAK_TARGETS = { failed: 0, p99Ms: 3_000, rssGrowthPct: 10 } as const;

export interface SoakReport {
  durationMs: number;
  /** From the first interaction to the last answer (in-flight ones finish after the duration). */
  loadMs: number;
  members: number;
  drillChannels: number;
  drillsStarted: number;
  total: KindFigures;
  byKind: Record<string, KindFigures>;
  failures: { kind: string; reason: string; atMs: number }[];
  /** The bot's log lines at level error or above during the load. */
  errorLogs: { msg: string; err: string }[];
  warnings: Record<string, number>;
  /** Messages the fake found breaking a Discord limit. */
  violations: number;
  rss: {
    /** When the baseline is read: minute 1, or a fifth of a run shorter than 5 minutes. */
    baselineAtMs: number;
    baselineKb: number;
    endKb: number;
    maxKb: number;
    growthPct: number;
    /** [ms since the load started, kB], once a second. */
    samples: [number, number][];
  };
  exitCode: number | null;
  /** The targets missed, worded; empty when the run passed. */
  missed: string[];
}

function figures(samples: readonly Sample[]): KindFigures {
  const timed = samples.filter((s) => s.outcome !== 'failed').map((s) => s.ms);
  return {
    count: samples.length,
    refused: samples.filter((s) => s.outcome === 'refused').length,
    failed: samples.filter((s) => s.outcome === 'failed').length,
    latencyMs: summarize(timed),
  };
}

export function summarizeSoak(input: {
  durationMs: number;
  loadMs: number;
  members: number;
  drillChannels: number;
  drillsStarted: number;
  samples: readonly Sample[];
  failures: SoakReport['failures'];
  errorLogs: SoakReport['errorLogs'];
  warnings: Record<string, number>;
  violations: number;
  rss: [number, number][];
  exitCode: number | null;
}): SoakReport {
  const byKind: Record<string, KindFigures> = {};
  for (const kind of [...new Set(input.samples.map((s) => s.kind))].sort()) {
    byKind[kind] = figures(input.samples.filter((s) => s.kind === kind));
  }
  const total = figures(input.samples);
  const baselineAtMs = Math.min(60_000, input.durationMs / 5);
  const after = input.rss.filter(([t]) => t >= baselineAtMs);
  const baselineKb = (after[0] ?? input.rss[input.rss.length - 1] ?? [0, 0])[1];
  const endKb = (input.rss[input.rss.length - 1] ?? [0, 0])[1];
  const growthPct = baselineKb > 0 ? ((endKb - baselineKb) / baselineKb) * 100 : Number.NaN;
  const failed = total.failed + input.errorLogs.length;
  const missed: string[] = [];
  if (failed > SOAK_TARGETS.failed)
    missed.push(`${total.failed} failed interactions and ${input.errorLogs.length} error log lines (target 0)`);
  if (!(total.latencyMs.p99 < SOAK_TARGETS.p99Ms)) missed.push(`p99 ${total.latencyMs.p99} ms (target < ${SOAK_TARGETS.p99Ms} ms)`);
  if (!(growthPct < SOAK_TARGETS.rssGrowthPct)) missed.push(`RSS grew ${growthPct.toFixed(1)}% (target < ${SOAK_TARGETS.rssGrowthPct}%)`);
  return {
    durationMs: input.durationMs,
    loadMs: input.loadMs,
    members: input.members,
    drillChannels: input.drillChannels,
    drillsStarted: input.drillsStarted,
    total,
    byKind,
    failures: input.failures,
    errorLogs: input.errorLogs,
    warnings: input.warnings,
    violations: input.violations,
    rss: {
      baselineAtMs,
      baselineKb,
      endKb,
      maxKb: Math.max(...input.rss.map(([, kb]) => kb)),
      growthPct,
      samples: input.rss,
    },
    exitCode: input.exitCode,
    missed,
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '—' : String(Math.round(v)));
const mb = (kb: number) => (kb / 1024).toFixed(1);

/** The report as markdown: a table by kind, then RSS and the verdict. */
export function soakMarkdown(r: SoakReport, backend: string): string {
  const row = (name: string, f: KindFigures) =>
    `| ${name} | ${f.count} | ${f.refused} | ${f.failed} | ${ms(f.latencyMs.median)} | ${ms(f.latencyMs.p99)} | ${ms(f.latencyMs.max)} |`;
  const lines = [
    `### Soak on ${backend}: ${r.members} members, ${r.drillChannels} drill channel(s), ${Math.round(r.durationMs / 1000)} s (${r.drillsStarted} drills)`,
    '',
    '| interaction | count | refused | failed | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(r.byKind).map(([k, f]) => row(k, f)),
    row('**all**', r.total),
    '',
    `- Error log lines: ${r.errorLogs.length}; Discord limit violations: ${r.violations}; bot exit code ${r.exitCode}.`,
    `- RSS: ${mb(r.rss.baselineKb)} MB at ${Math.round(r.rss.baselineAtMs / 1000)} s, ${mb(r.rss.endKb)} MB at the end (${r.rss.growthPct >= 0 ? '+' : ''}${r.rss.growthPct.toFixed(1)}%), max ${mb(r.rss.maxKb)} MB.`,
    `- Warnings: ${
      Object.entries(r.warnings)
        .map(([m, n]) => `${m} ×${n}`)
        .join('; ') || 'none'
    }.`,
    r.missed.length
      ? `- **Missed:** ${r.missed.join('; ')}.`
      : `- Targets met: 0 failed, p99 < ${SOAK_TARGETS.p99Ms} ms, RSS growth < ${SOAK_TARGETS.rssGrowthPct}%.`,
  ];
  return lines.join('\n');
}
