import type { AppContext } from '../context.ts';
import { Scheduler, type JobHandler } from './queue.ts';

/**
 * The scheduler as a background service: one tick at start (so downtime is caught up at once), then
 * every minute, or every config.tickMs (RIPOSTE_TICK_MS) in tests and development.
 */
export function schedulerService(
  ctx: AppContext,
  handlers: Record<string, JobHandler>,
): {
  name: string;
  start(): void;
  stop(): Promise<void>;
  check(): { ok: boolean; detail?: string };
  stats(): { lastTickAt: Date | undefined; outages: number };
} {
  const scheduler = new Scheduler(ctx, handlers, ctx.config.tickMs ? { tickMs: ctx.config.tickMs } : {});
  // Ticking means a tick finished within three intervals (a minute each, unless RIPOSTE_TICK_MS).
  const staleMs = 3 * (ctx.config.tickMs ?? 60_000);
  return {
    name: 'scheduler',
    check: () => {
      const last = scheduler.lastTickAt;
      if (!last) return { ok: false, detail: 'no tick has finished yet' };
      const age = Date.now() - last.getTime();
      return age <= staleMs ? { ok: true } : { ok: false, detail: `last tick finished ${Math.round(age / 1000)} s ago` };
    },
    start: () => {
      scheduler.start();
      ctx.log.info({ kinds: Object.keys(handlers), tickMs: ctx.config.tickMs ?? 'every minute' }, 'scheduler started');
    },
    stop: () => scheduler.stop(),
    stats: () => ({ lastTickAt: scheduler.lastTickAt, outages: scheduler.outages }),
  };
}
