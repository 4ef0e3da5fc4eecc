import type { JobHandler } from '../jobs/queue.ts';
import { UserError } from '../errors.ts';
import { DeliveryError } from '../messenger.ts';
import { nextCronRuns } from '../jobs/cron-next.ts';
import { deliverResults } from './delivery.ts';
import { DRILL_CLOSE_JOB, DRILL_RESULTS_JOB, DRILL_VOTE_END_JOB, findActiveDrill } from './lifecycle.ts';
import { closeAndPost, finishAndPost, startDrill } from './runner.ts';
import { DRILL_SCHEDULED_JOB, getDrillSchedule } from './schedule.ts';

function drillIdOf(key: string): number {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`bad drill job key ${key}`);
  return id;
}

/** A closed or finished drill makes its timer a no-op, so a timer that runs twice changes nothing. */
const closeDue: JobHandler = async (job, ctx) => {
  await closeAndPost(ctx, { drillId: drillIdOf(job.key), guildId: job.guildId, cancelTimer: false });
  return { done: true };
};

const votingDue: JobHandler = async (job, ctx) => {
  await finishAndPost(ctx, { drillId: drillIdOf(job.key), guildId: job.guildId, cancelTimer: false });
  return { done: true };
};

/**
 * A recurring drill: starts one in the schedule's channel unless one is still running there, then
 * moves to the next cron time. A channel the bot lost access to pauses the schedule until it is set
 * again (decided on codes: the DeliveryError's reason, the UserError's code, never a message's
 * words); a problem with the content (no claim on the topic) is logged and the schedule carries on.
 */
const scheduledDue: JobHandler = async (job, ctx) => {
  const schedule = await getDrillSchedule(ctx.database.db, drillIdOf(job.key));
  if (!schedule || schedule.guildId !== job.guildId) return { done: true };
  const log = ctx.log.child({ scheduleId: schedule.id, guildId: schedule.guildId });
  const busy = await findActiveDrill(ctx.database.db, schedule.guildId, schedule.channelId);
  if (busy) {
    log.info({ drillId: busy.id }, 'a drill is still running in the channel; skipping this scheduled drill');
  } else {
    try {
      await startDrill(ctx, {
        guildId: schedule.guildId,
        channelId: schedule.channelId,
        startedBy: schedule.createdBy,
        topic: schedule.topicSlug ?? undefined,
        minutes: schedule.minutes,
        scheduleId: schedule.id,
      });
    } catch (err) {
      if (err instanceof DeliveryError && err.permanent) return { pause: `cannot post in the channel: ${err.message}` };
      if (err instanceof UserError && err.code === 'drill.cannot-post') return { pause: err.message };
      if (!(err instanceof UserError)) throw err;
      log.warn({ err: err.message }, 'scheduled drill not started');
    }
  }
  const [next] = nextCronRuns(schedule.cron, schedule.timezone, ctx.clock.now(), 1);
  return next ? { nextRunAt: next } : { done: true };
};

export const drillJobHandlers: Record<string, JobHandler> = {
  [DRILL_CLOSE_JOB]: closeDue,
  [DRILL_VOTE_END_JOB]: votingDue,
  [DRILL_SCHEDULED_JOB]: scheduledDue,
  [DRILL_RESULTS_JOB]: deliverResults,
};
