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
});
