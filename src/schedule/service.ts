import type { AppContext } from '../context.ts';
import { DAILY_JOB } from './daily-schedule.ts';
import { dailyQuoteJob } from './daily-post.ts';
import { Scheduler, type JobHandler } from './jobs.ts';

/** The daily quote's job kinds, for the process-wide scheduler. */
export const dailyJobHandlers: Record<string, JobHandler> = { [DAILY_JOB]: dailyQuoteJob };

/**
 * The scheduler as a background service: one tick at start (so downtime is caught up at once), then
 * every minute, or every config.tickMs (RIPOSTE_TICK_MS) in tests and development.
 */
export function schedulerService(ctx: AppContext, handlers: Record<string, JobHandler>): { name: string; start(): void; stop(): Promise<void> } {
  const scheduler = new Scheduler(ctx, handlers, ctx.config.tickMs ? { tickMs: ctx.config.tickMs } : {});
  return {
    name: 'scheduler',
    start: () => {
      scheduler.start();
      ctx.log.info({ kinds: Object.keys(handlers), tickMs: ctx.config.tickMs ?? 'every minute' }, 'scheduler started');
    },
    stop: () => scheduler.stop(),
  };
}
