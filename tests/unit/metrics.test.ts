import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { createLogger } from '../../src/log.ts';
import { startMetrics } from '../../src/metrics.ts';

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('metrics', () => {
  it('counts interactions by command and outcome, with their durations', async () => {
    const port = await freePort();
    const metrics = await startMetrics(port, createLogger('silent', { pretty: false }));
    try {
      metrics.observe({ kind: 'command', command: 'claim', outcome: 'ok', seconds: 0.02 });
      metrics.observe({ kind: 'command', command: 'claim', outcome: 'user_error', seconds: 0.01 });
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('riposte_interactions_total{kind="command",command="claim",outcome="ok"} 1');
      expect(text).toContain('riposte_interactions_total{kind="command",command="claim",outcome="user_error"} 1');
      expect(text).toContain('riposte_interaction_seconds_count{kind="command",command="claim"} 2');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await metrics.close();
    }
  });

  it('answers /healthz while alive and /readyz from its checks: database, gateway, scheduler', async () => {
    const port = await freePort();
    const metrics = await startMetrics(port, createLogger('silent', { pretty: false }));
    const get = async (path: string) => {
      const r = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: r.status, body: await r.text() };
    };
    try {
      expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
      // Still starting: no checks yet.
      expect((await get('/readyz')).status).toBe(503);

      let gateway = true;
      metrics.setReadiness({
        database: async () => ({ ok: true }),
        gateway: async () => (gateway ? { ok: true } : { ok: false, detail: 'gateway not connected' }),
        scheduler: async () => ({ ok: true }),
      });
      const ready = await get('/readyz');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({
        ready: true,
        checks: { database: { ok: true }, gateway: { ok: true }, scheduler: { ok: true } },
      });

      gateway = false;
      const notReady = await get('/readyz');
      expect(notReady.status).toBe(503);
      expect(JSON.parse(notReady.body).checks.gateway).toEqual({ ok: false, detail: 'gateway not connected' });

      // A database that hangs or throws makes the answer "not ready", in bounded time.
      metrics.setReadiness({
        database: () => new Promise(() => {}),
        scheduler: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      });
      // Bounded by the check's own timeout, which the detail names (no wall-clock assertion here).
      const hung = await get('/readyz');
      expect(hung.status).toBe(503);
      expect(JSON.parse(hung.body).checks).toEqual({
        database: { ok: false, detail: 'no answer within 2000 ms' },
        scheduler: { ok: false, detail: 'connect ECONNREFUSED' },
      });
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await metrics.close();
    }
  });

  it('reports jobs by state, scheduler lag and last tick, database up, outages, pool size and Discord rate limits', async () => {
    const port = await freePort();
    const metrics = await startMetrics(port, createLogger('silent', { pretty: false }));
    try {
      let up = true;
      metrics.setSources({
        jobs: async () => ({
          byKindAndState: [
            { kind: 'daily_quote', state: 'scheduled', count: 40 },
            { kind: 'drill_results', state: 'paused', count: 2 },
          ],
          lagSeconds: 12.5,
        }),
        scheduler: () => ({ lastTickAt: new Date(Date.now() - 30_000), outages: 3 }),
        databaseUp: async () => {
          if (!up) throw new Error('connect ECONNREFUSED');
          return true;
        },
        poolMax: 10,
      });
      metrics.rateLimited(false);
      metrics.rateLimited(false);
      metrics.rateLimited(true);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('riposte_jobs{kind="daily_quote",state="scheduled"} 40');
      expect(text).toContain('riposte_jobs{kind="drill_results",state="paused"} 2');
      expect(text).toContain('riposte_scheduler_lag_seconds 12.5');
      expect(Number(/^riposte_scheduler_last_tick_age_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(30);
      expect(text).toContain('riposte_database_outages 3');
      expect(text).toContain('riposte_database_up 1');
      expect(text).toContain('riposte_database_pool_max 10');
      expect(text).toContain('riposte_discord_rate_limits_total{global="false"} 2');
      expect(text).toContain('riposte_discord_rate_limits_total{global="true"} 1');
      up = false;
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('riposte_database_up 0');
    } finally {
      await metrics.close();
    }
  });
});
