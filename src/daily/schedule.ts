import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { dailyPosts, dailySchedules, packs, quotes, topics } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import { poolCounts, type QuotePool } from './rotation.ts';
import { cancelJob, getJob, pauseJob, upsertJob } from '../jobs/queue.ts';
import { rowsOf } from '../db/rows.ts';
import { isValidTimeZone, nextLocalRun, parseLocalTime, type LocalTime } from '../jobs/timezone.ts';

/** The jobs-table kind of a server's daily post; its key is the guild id. */
export const DAILY_JOB = 'daily_quote';

export type DailySchedule = typeof dailySchedules.$inferSelect;

export function parseDailyTime(text: string): LocalTime {
  const time = parseLocalTime(text);
  if (!time) throw new UserError('daily.bad-time', { text: text.trim().slice(0, 40) });
  return time;
}

/** The zone's canonical name (Intl accepts any letter case), or a UserError. */
export function parseDailyTimezone(text: string): string {
  const name = text.trim();
  if (!isValidTimeZone(name)) throw new UserError('daily.unknown-timezone', { name: name.slice(0, 60) });
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

export function scheduleTime(s: DailySchedule): LocalTime {
  const time = parseLocalTime(s.time);
  if (!time) throw new Error(`stored daily time is invalid: ${s.time}`);
  return time;
}

export function schedulePool(s: Pick<DailySchedule, 'guildId' | 'topicSlug' | 'packSlug'>): QuotePool {
  return { guildId: s.guildId, topicSlug: s.topicSlug, packSlug: s.packSlug };
}

export async function getDailySchedule(db: Db, guildId: string): Promise<DailySchedule | undefined> {
  const [row] = await db.select().from(dailySchedules).where(eq(dailySchedules.guildId, guildId));
  return row;
}

async function hasPost(db: Db, guildId: string, localDate: string): Promise<boolean> {
  const [row] = await db
    .select({ status: dailyPosts.status })
    .from(dailyPosts)
    .where(and(eq(dailyPosts.guildId, guildId), eq(dailyPosts.localDate, localDate)));
  return row !== undefined && row.status !== 'failed';
}

/** The next post: the next occurrence of the local time, skipping a day whose slot is already taken. */
export async function nextDailyRun(db: Db, s: DailySchedule, now: Date): Promise<Date> {
  const time = scheduleTime(s);
  let next = nextLocalRun(now, time, s.timezone);
  if (await hasPost(db, s.guildId, next.localDate)) next = nextLocalRun(next.at, time, s.timezone);
  return next.at;
}

async function checkPool(db: Db, pool: QuotePool): Promise<{ total: number; remaining: number }> {
  const visible = or(isNull(packs.guildId), eq(packs.guildId, pool.guildId));
  if (pool.packSlug !== null) {
    const [pack] = await db
      .select({ id: packs.id })
      .from(packs)
      .where(and(visible, eq(packs.slug, pool.packSlug)))
      .limit(1);
    if (!pack) throw new UserError('daily.unknown-pack', { pack: pool.packSlug });
  }
  if (pool.topicSlug !== null) {
    const [topic] = await db
      .select({ id: topics.id })
      .from(topics)
      .innerJoin(packs, eq(packs.id, topics.packId))
      .where(and(visible, eq(topics.slug, pool.topicSlug), pool.packSlug === null ? undefined : eq(packs.slug, pool.packSlug)))
      .limit(1);
    if (!topic) throw new UserError('daily.unknown-topic', { topic: pool.topicSlug, pack: pool.packSlug });
  }
  const counts = await poolCounts(rowsOf(db), pool, 1);
  if (counts.total === 0) throw new UserError('daily.no-quotes', { topic: pool.topicSlug, pack: pool.packSlug });
  return counts;
}

export interface SetDailyInput {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  topicSlug?: string | null | undefined;
  packSlug?: string | null | undefined;
  userId: string;
}

/**
 * Validates everything, checks the bot can post in the channel, then saves the schedule and its job
 * in one transaction. A channel the bot cannot use is refused (nothing saved) rather than saved
 * paused: the person is right there to fix it, and a saved-but-silent schedule would surprise them.
 * Re-running it un-pauses a paused schedule.
 */
export async function setDailySchedule(ctx: AppContext, input: SetDailyInput): Promise<{ schedule: DailySchedule; nextRunAt: Date }> {
  const time = parseDailyTime(input.time);
  const timezone = parseDailyTimezone(input.timezone);
  const pool: QuotePool = {
    guildId: input.guildId,
    topicSlug: input.topicSlug?.trim() || null,
    packSlug: input.packSlug?.trim() || null,
  };
  const db = ctx.database.db;
  await checkPool(db, pool);
  const channel = await ctx.messenger.checkChannel(input.guildId, input.channelId);
  // The code, not the sentence, tells callers (and the scheduler) that the channel refused us.
  if (!channel.ok) throw new UserError('daily.cannot-post', { channelId: input.channelId, problem: channel.problem.trim() });
  const now = ctx.clock.now();
  const fields = {
    channelId: input.channelId,
    time: `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`,
    timezone,
    topicSlug: pool.topicSlug,
    packSlug: pool.packSlug,
    createdBy: input.userId,
    updatedAt: now,
  };
  return db.transaction(async (tx) => {
    const [schedule] = await tx
      .insert(dailySchedules)
      .values({ guildId: input.guildId, ...fields })
      .onConflictDoUpdate({ target: dailySchedules.guildId, set: fields })
      .returning();
    const nextRunAt = await nextDailyRun(tx, schedule!, now);
    await upsertJob(tx, { guildId: input.guildId, kind: DAILY_JOB, key: input.guildId, runAt: nextRunAt });
    return { schedule: schedule!, nextRunAt };
  });
}

/** Stops the daily post; the history of posts (and so the rotation) is kept. False when none was set. */
export async function turnOffDaily(db: Db, guildId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(dailySchedules)
      .where(eq(dailySchedules.guildId, guildId))
      .returning({ guildId: dailySchedules.guildId });
    await cancelJob(tx, DAILY_JOB, guildId);
    return deleted.length > 0;
  });
}

export interface DailyStatus {
  schedule: DailySchedule;
  /** Null while paused. */
  nextRunAt: Date | null;
  /** Why posting stopped (channel gone, access lost); cleared by /daily set. */
  problem: string | null;
  /** The last transient error, if the next run is a retry. */
  lastError: string | null;
  lastPost: { localDate: string; channelId: string; messageId: string | null; sentAt: Date | null; speaker: string | null } | null;
  /** Quotes in the pool, and how many are left before the rotation starts over. */
  pool: { total: number; remaining: number };
}

export async function getDailyStatus(db: Db, guildId: string, now: Date): Promise<DailyStatus | null> {
  const schedule = await getDailySchedule(db, guildId);
  if (!schedule) return null;
  const job = await getJob(db, DAILY_JOB, guildId);
  const [last] = await db
    .select({
      localDate: dailyPosts.localDate,
      channelId: dailyPosts.channelId,
      messageId: dailyPosts.messageId,
      sentAt: dailyPosts.sentAt,
      speaker: quotes.speaker,
    })
    .from(dailyPosts)
    .leftJoin(quotes, eq(quotes.id, dailyPosts.quoteId))
    .where(and(eq(dailyPosts.guildId, guildId), eq(dailyPosts.status, 'sent')))
    .orderBy(desc(dailyPosts.localDate))
    .limit(1);
  const pool = await poolCounts(rowsOf(db), schedulePool(schedule), schedule.cycle);
  // The job row moves on only after a post's outcome is recorded; today's sent post already means tomorrow.
  const upcoming = job && !job.pausedReason ? await nextDailyRun(db, schedule, now) : null;
  return {
    schedule,
    nextRunAt: job && upcoming && !job.pausedReason ? new Date(Math.max(job.runAt.getTime(), upcoming.getTime())) : null,
    problem: job ? job.pausedReason : 'The schedule has no job; run /daily set again.',
    lastError: job?.lastError ?? null,
    lastPost: last ?? null,
    pool,
  };
}

/** Pauses the server's daily job with a reason /daily show displays. */
export async function pauseDaily(db: Db, guildId: string, reason: string): Promise<void> {
  await pauseJob(db, DAILY_JOB, guildId, reason);
}
