import { createServer } from 'node:http';
import { once } from 'node:events';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './log.ts';
import type { RouterOptions } from './interactions/router.ts';

export interface Metrics {
  observe: NonNullable<RouterOptions['observe']>;
  close(): Promise<void>;
}

/** Prometheus metrics on METRICS_PORT: interactions by command and outcome, and how long they took. */
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
  const server = createServer((req, res) => {
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
