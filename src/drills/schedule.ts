import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { drillSchedules } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import { cancelJob, getJob, upsertJob } from '../jobs/queue.ts';
import { nextCronRuns, validateCron } from '../jobs/cron-next.ts';
import { requeueUndeliveredResults, validateMinutes } from './lifecycle.ts';
import { assertTopicExists } from './pick.ts';

export const DRILL_SCHEDULED_JOB = 'drill_scheduled';

export type DrillSchedule = typeof drillSchedules.$inferSelect;

export interface ScheduleView {
  schedule: DrillSchedule;
  nextRuns: Date[];
  /** Why the schedule is paused (the bot lost the channel); null while it runs. */
  problem: string | null;
}

/**
 * One recurring drill per channel: setting it again replaces the channel's schedule. Its next run
 * is a job, so restarts and several processes start each drill once.
 */
export async function setDrillSchedule(
  db: Db,
  input: {
    guildId: string;
    channelId: string;
    cron: string;
    timezone: string;
    topic?: string | undefined;
    minutes: number;
    createdBy: string;
    now: Date;
  },
): Promise<ScheduleView> {
  const expr = validateCron(input.cron, input.timezone);
  validateMinutes(input.minutes);
  if (input.topic !== undefined) await assertTopicExists(db, input.guildId, input.topic);
  const nextRuns = nextCronRuns(expr, input.timezone, input.now, 3);
  if (nextRuns.length === 0) throw new UserError('schedule.never-fires', { expr });
  return db.transaction(async (tx) => {
    const old = await tx
      .delete(drillSchedules)
      .where(and(eq(drillSchedules.guildId, input.guildId), eq(drillSchedules.channelId, input.channelId)))
      .returning({ id: drillSchedules.id });
    for (const o of old) await cancelJob(tx, DRILL_SCHEDULED_JOB, String(o.id));
    const [schedule] = await tx
      .insert(drillSchedules)
      .values({
        guildId: input.guildId,
        channelId: input.channelId,
        cron: expr,
        timezone: input.timezone,
        topicSlug: input.topic ?? null,
        minutes: input.minutes,
        createdBy: input.createdBy,
        createdAt: input.now,
      })
      .returning();
    await upsertJob(tx, {
      guildId: input.guildId,
      kind: DRILL_SCHEDULED_JOB,
      key: String(schedule!.id),
      runAt: nextRuns[0]!,
      payload: { scheduleId: schedule!.id },
    });
    // The channel passed the caller's permission check: results it refused before are tried again.
    await requeueUndeliveredResults(tx, input.guildId, input.channelId, input.now);
    return { schedule: schedule!, nextRuns, problem: null };
  });
}

export async function listDrillSchedules(db: Db, guildId: string, now: Date): Promise<ScheduleView[]> {
  const rows = await db.select().from(drillSchedules).where(eq(drillSchedules.guildId, guildId)).orderBy(asc(drillSchedules.id));
  return Promise.all(
    rows.map(async (schedule) => {
      const job = await getJob(db, DRILL_SCHEDULED_JOB, String(schedule.id));
      const problem = job?.pausedReason ?? null;
      return { schedule, nextRuns: problem ? [] : nextCronRuns(schedule.cron, schedule.timezone, now, 3), problem };
    }),
  );
}

export async function getDrillSchedule(db: Db, scheduleId: number): Promise<DrillSchedule | undefined> {
  const [row] = await db.select().from(drillSchedules).where(eq(drillSchedules.id, scheduleId));
  return row;
}

/** Turns off the channel's recurring drill; false when there was none. */
export async function removeDrillSchedule(db: Db, guildId: string, channelId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const old = await tx
      .delete(drillSchedules)
      .where(and(eq(drillSchedules.guildId, guildId), eq(drillSchedules.channelId, channelId)))
      .returning({ id: drillSchedules.id });
    for (const o of old) await cancelJob(tx, DRILL_SCHEDULED_JOB, String(o.id));
    return old.length > 0;
  });
}
