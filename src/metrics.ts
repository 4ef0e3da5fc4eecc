import { createServer } from 'node:http';
import { once } from 'node:events';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './log.ts';
import type { RouterOptions } from './interactions/router.ts';

/** One readiness check: ok, or why not (shown in /readyz's body for whoever investigates). */
export type Check = () => Promise<{ ok: boolean; detail?: string }>;

/** Jobs by kind and state, and how late the oldest due job is: read from the jobs table at scrape time. */
export interface JobStats {
  byKindAndState: { kind: string; state: 'due' | 'running' | 'scheduled' | 'paused'; count: number }[];
  /** Seconds the oldest due job (not running, not paused) has waited past its time; 0 when none. */
  lagSeconds: number;
}

/** What the gauges read when Prometheus scrapes (set once the app is up). */
export interface MetricSources {
  jobs(): Promise<JobStats>;
  /** The scheduler's view: when its last tick finished, how many outages it has seen. */
  scheduler(): { lastTickAt: Date | undefined; outages: number };
  /** Whether the database answers `select 1` now. */
  databaseUp(): Promise<boolean>;
  /** The pool's size limit (postgres.js opens connections on demand up to it; PGlite has one). */
  poolMax: number;
}

export interface Metrics {
  observe: NonNullable<RouterOptions['observe']>;
  /** Counts a rate limit Discord applied to the bot's REST requests (discord.js's rateLimited event). */
  rateLimited(global: boolean): void;
  setSources(sources: MetricSources): void;
  /** The checks /readyz runs (database, gateway or console, scheduler); until set, not ready. */
  setReadiness(checks: Record<string, Check>): void;
  close(): Promise<void>;
}

/** A check that has not answered by then counts as failed, so /readyz answers within its timeout. */
const CHECK_TIMEOUT_MS = 2000;

async function runChecks(
  checks: Record<string, Check> | undefined,
): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
  if (!checks) return { ready: false, checks: { startup: { ok: false, detail: 'still starting' } } };
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
      });
      const result = await Promise.race([
        check().catch((err: unknown) => ({ ok: false, detail: err instanceof Error ? err.message : String(err) })),
        timeout,
      ]);
      clearTimeout(timer);
      return [name, result] as const;
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

/**
 * Prometheus metrics on METRICS_PORT (interactions by command and outcome and how long they took,
 * Discord rate limits, jobs by state, scheduler lag and last tick, database up, outages, pool size),
 * `/healthz` (the process answers: for liveness probes and Docker's HEALTHCHECK, since restarting
 * cannot fix a database that is down) and `/readyz` (database reachable, gateway connected or
 * console, scheduler ticking: for load balancers and orchestrators).
 */
export async function startMetrics(port: number, log: Logger): Promise<Metrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const total = new Counter({
    name: 'riposte_interactions_total',
    help: 'Interactions handled, by kind, command and outcome',
    labelNames: ['kind', 'command', 'outcome'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'riposte_interaction_seconds',
    help: 'Time from receiving an interaction to the end of its handler',
    labelNames: ['kind', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const rateLimits = new Counter({
    name: 'riposte_discord_rate_limits_total',
    help: 'Rate limits Discord applied to REST requests (discord.js waited them out), global or per route',
    labelNames: ['global'] as const,
    registers: [registry],
  });
  let sources: MetricSources | undefined;
  // Both job gauges read one query per scrape (the registry collects its metrics concurrently).
  let jobsRead: { at: number; stats: Promise<JobStats | undefined> } | undefined;
  const readJobs = () => {
    if (!jobsRead || Date.now() - jobsRead.at > 1000) {
      jobsRead = { at: Date.now(), stats: sources ? sources.jobs().catch(() => undefined) : Promise.resolve(undefined) };
    }
    return jobsRead.stats;
  };
  new Gauge({
    name: 'riposte_jobs',
    help: 'Jobs in the queue by kind and state (due: waiting for a tick; running: leased; scheduled: later; paused: stopped with a reason)',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await readJobs())?.byKindAndState ?? []) this.set({ kind: r.kind, state: r.state }, r.count);
    },
  });
  new Gauge({
    name: 'riposte_scheduler_lag_seconds',
    help: 'How long the oldest due job has waited past its time',
    registers: [registry],
    async collect() {
      this.set((await readJobs())?.lagSeconds ?? 0);
    },
  });
  new Gauge({
    name: 'riposte_scheduler_last_tick_age_seconds',
    help: 'Seconds since the scheduler last finished a tick (-1 before the first)',
    registers: [registry],
    collect() {
      const last = sources?.scheduler().lastTickAt;
      this.set(last ? (Date.now() - last.getTime()) / 1000 : -1);
    },
  });
  new Gauge({
    name: 'riposte_database_outages',
    help: 'Database outages the scheduler has seen since start (each counted once, however many ticks it skipped)',
    registers: [registry],
    collect() {
      this.set(sources?.scheduler().outages ?? 0);
    },
  });
  new Gauge({
    name: 'riposte_database_up',
    help: '1 when the database answers select 1 at scrape time, else 0',
    registers: [registry],
    async collect() {
      this.set((await sources?.databaseUp().catch(() => false)) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'riposte_database_pool_max',
    help: 'The connection pool size limit of this process',
    registers: [registry],
    collect() {
      this.set(sources?.poolMax ?? 0);
    },
  });
  let readiness: Record<string, Check> | undefined;
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (req.url === '/readyz') {
      void runChecks(readiness).then((r) =>
        res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(r)}\n`),
      );
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
      .catch(() => res.writeHead(500).end());
  });
  server.listen(port);
  await once(server, 'listening');
  log.info({ port }, 'metrics listening');
  return {
    observe: (e) => {
      // Unknown command names come from outside; one label value for all of them keeps cardinality bounded.
      total.inc({ kind: e.kind, command: e.command || 'unknown', outcome: e.outcome });
      seconds.observe({ kind: e.kind, command: e.command || 'unknown' }, e.seconds);
    },
    rateLimited: (global) => {
      rateLimits.inc({ global: String(global) });
    },
    setSources: (s) => {
      sources = s;
    },
    setReadiness: (checks) => {
      readiness = checks;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would otherwise hold the close (and the shutdown) open.
        server.closeAllConnections();
      }),
  };
}
