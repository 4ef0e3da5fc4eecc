import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/client.ts';
import type { StoreMarker } from '../generate.ts';
import type { Summary } from '../measure.ts';
import type { Backend } from '../store.ts';

export interface BenchEnv {
  backend: Backend;
  database: Database;
  ctx: AppContext;
  marker: StoreMarker;
  quick: boolean;
  /** postgres:// URL of the bench database (PostgreSQL only). */
  url?: string | undefined;
  /** PGlite data folder. */
  dataDir?: string | undefined;
  /** The PostgreSQL admin URL (helpers that make their own scratch database use it). */
  adminUrl: string;
  /** Closes the bench's handle on the store (PGlite: so a bot process can open it); later cases cannot use it. */
  release(): Promise<void>;
  /** Runs `fn` when the store is released (before the e2e cases take it, or at the end): a case's own rows. */
  onRelease(fn: () => Promise<void>): void;
}

/** A latency target: the p99 (or the median, when `metric` says so) of the timed runs must not exceed `limitMs` (on PostgreSQL). */
export interface LatencyTarget {
  limitMs: number;
  metric?: 'p99' | 'median';
}

/** One timed operation, run many times against the floor. */
export interface LatencyCase {
  kind: 'latency';
  id: string;
  group: string;
  label: string;
  /** What was actually called, e.g. "handler commands/claim.ts /claim search" or "domain searchClaims". */
  via: string;
  runs: number;
  warmup?: number;
  /** Stop early once this many ms have passed (slow baselines). */
  budgetMs?: number;
  target?: LatencyTarget;
  /** Untimed, once: checks the call works and returns a note for the report (e.g. hit counts). */
  prepare?: () => Promise<string | undefined>;
  /** Untimed, before each run. */
  before?: (i: number) => Promise<void>;
  run: (i: number) => Promise<unknown>;
  /** Untimed, once after the runs. */
  after?: () => Promise<void>;
  /** EXPLAIN (ANALYZE, BUFFERS) of the case's main statement, printed when the target is missed. */
  explain?: () => Promise<string>;
  note?: string;
}

/** A figure measured some other way (throughput, memory); computed by the case itself. */
export interface ValueCase {
  kind: 'value';
  id: string;
  group: string;
  label: string;
  via: string;
  measure: () => Promise<ValueResult>;
}

export interface ValueResult {
  value: number;
  unit: string;
  target?: { op: '<=' | '>='; limit: number };
  /** Extra figures shown with it (e.g. p99 latency next to throughput). */
  detail?: Record<string, number | string>;
  note?: string | undefined;
}

/** A figure that cannot be measured yet: reported as missing, never invented. */
export interface MissingCase {
  kind: 'missing';
  id: string;
  group: string;
  label: string;
  reason: string;
  target?: string;
  /** Not measured on purpose (e.g. in --quick), rather than unavailable. */
  skipped?: boolean;
}

/** A latency figure measured by someone else's function (median, p99, maybe its own floor). */
export interface SummaryCase {
  kind: 'summary';
  id: string;
  group: string;
  label: string;
  via: string;
  target?: LatencyTarget;
  measure: () => Promise<{
    summary: Summary;
    floor?: Summary | undefined;
    /** What the floor is: a SELECT 1 burst (the default) or a fixed CPU workload (figures that touch no database). */
    floorKind?: 'select1' | 'cpu';
    detail?: Record<string, number | string>;
    note?: string;
  }>;
}

export type BenchCase = LatencyCase | ValueCase | SummaryCase | MissingCase;
