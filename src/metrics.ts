import { createServer } from 'node:http';
import { once } from 'node:events';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './log.ts';
import type { RouterOptions } from './interactions/router.ts';

/** One readiness check: ok, or why not (shown in /readyz's body for whoever investigates). */
export type Check = () => Promise<{ ok: boolean; detail?: string }>;

export interface Metrics {
  observe: NonNullable<RouterOptions['observe']>;
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
 * Prometheus metrics on METRICS_PORT (interactions by command and outcome, and how long they took),
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
