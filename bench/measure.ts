import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';

export interface Summary {
  runs: number;
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    runs: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export interface TimeOptions {
  runs: number;
  warmup?: number | undefined;
  /** Untimed work before each run (resetting state the run changes). */
  before?: ((i: number) => Promise<void>) | undefined;
  /**
   * Stop early (with what was measured) once the timed runs took this many ms, but not before
   * `minRuns`: a case far slower than its target needs no thousand runs to show it.
   */
  budgetMs?: number;
  minRuns?: number;
}

/** Runs `fn` sequentially and returns each run's wall time in ms (performance.now). */
export async function timeRuns(fn: (i: number) => Promise<unknown>, opts: TimeOptions): Promise<number[]> {
  const warmup = opts.warmup ?? Math.min(50, Math.ceil(opts.runs / 10));
  const warmupBudget = opts.budgetMs === undefined ? Infinity : opts.budgetMs / 10;
  const warmStart = performance.now();
  for (let i = 0; i < warmup; i++) {
    await opts.before?.(i);
    await fn(i);
    if (performance.now() - warmStart > warmupBudget) break;
  }
  const samples: number[] = [];
  let spent = 0;
  const minRuns = opts.minRuns ?? 5;
  for (let i = 0; i < opts.runs; i++) {
    await opts.before?.(i);
    const t0 = performance.now();
    await fn(i);
    const ms = performance.now() - t0;
    samples.push(ms);
    spent += ms;
    if (opts.budgetMs !== undefined && spent > opts.budgetMs && samples.length >= minRuns) break;
    // Hard stop at twice the budget, with at least 5 runs, however slow each run is.
    if (opts.budgetMs !== undefined && spent > 2 * opts.budgetMs && samples.length >= 5) break;
  }
  return samples;
}

/** The floor: a `SELECT 1` round trip through the same Database (pool, driver, drizzle). */
export function floorQuery(database: Database): () => Promise<unknown> {
  return () => database.rows(sql`select 1`);
}

export async function measureFloor(database: Database, runs: number): Promise<Summary> {
  return summarize(await timeRuns(floorQuery(database), { runs, warmup: Math.min(50, runs) }));
}
