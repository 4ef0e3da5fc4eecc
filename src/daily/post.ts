import { channelMention } from '@discordjs/formatters';
import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { dailyPosts, dailySchedules } from '../db/schema/index.ts';
import { DeliveryError, postNonce } from '../messenger.ts';
import { getQuote, type QuoteView } from '../content/quotes.ts';
import type { Database } from '../db/client.ts';
import { dailyQuoteEmbed } from '../render/quotes.ts';
import { nextQuoteInCycle, poolCounts } from './rotation.ts';
import { DAILY_JOB, getDailySchedule, nextDailyRun, pauseDaily, schedulePool, scheduleTime, type DailySchedule } from './schedule.ts';
import { upsertJob, type JobHandler } from '../jobs/queue.ts';
import { rowsOf } from '../db/rows.ts';
import { formatLocalDate, localDateString, localDateTime, nextLocalRun, runInstant } from '../jobs/timezone.ts';

/**
 * How long a claimed-but-unsent post is left to the process that claimed it. Longer than the daily
 * job's lease (DAILY_LEASE_MS), so a crashed worker's job is re-claimed first and then resumes the
 * post; short, so the resumed post comes while Discord still knows its nonce (a few minutes) and
 * returns the first message if the dead worker had sent it. A slow worker overtaken by the resume
 * is harmless for the same reason: both send one nonce.
 */
export const CLAIM_STALE_MS = 2 * 60_000;
/** The daily job's lease when a scheduler claims it (see CLAIM_STALE_MS). */
export const DAILY_LEASE_MS = 90_000;

/** The nonce of a server's quote for a local date in a channel: every try of that post sends it. */
export function dailyNonce(guildId: string, localDate: string, channelId: string): string {
  return postNonce('daily', guildId, localDate, channelId);
}

type Claim =
  | { kind: 'claimed'; quoteId: number; channelId: string; schedule: DailySchedule }
  | { kind: 'sent'; channelId: string; messageId: string | null }
  | { kind: 'busy'; until: Date }
  | { kind: 'empty' }
  | { kind: 'no-schedule' };

export type PostResult =
  | { kind: 'posted'; channelId: string; messageId: string; quote: QuoteView }
  | { kind: 'sent'; channelId: string; messageId: string | null }
  | { kind: 'busy'; until: Date }
  | { kind: 'empty' }
  | { kind: 'no-schedule' }
  | { kind: 'undeliverable'; problem: string };

/** The next quote of the rotation; starts a new cycle (a fresh order) when the current one is used up. */
async function pickQuote(tx: Db, s: DailySchedule): Promise<{ quoteId: number; cycle: number } | null> {
  const rows = rowsOf(tx);
  const pool = schedulePool(s);
  const id = await nextQuoteInCycle(rows, pool, s.cycle);
  if (id !== null) return { quoteId: id, cycle: s.cycle };
  const cycle = s.cycle + 1;
  const fresh = await nextQuoteInCycle(rows, pool, cycle);
  if (fresh === null) return null;
  await tx.update(dailySchedules).set({ cycle }).where(eq(dailySchedules.guildId, s.guildId));
  return { quoteId: fresh, cycle };
}

/**
 * Takes the server's slot for a local date before anything is sent. The insert ON CONFLICT DO
 * NOTHING is the exactly-once guard between processes; the schedule row lock also serialises the
 * rotation's cycle change. A slot whose sender failed, or went silent for CLAIM_STALE_MS, is
 * resumed with its quote.
 */
async function claimSlot(db: Db, guildId: string, localDate: string, now: Date): Promise<Claim> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(dailySchedules).where(eq(dailySchedules.guildId, guildId)).for('update');
    if (!s) return { kind: 'no-schedule' };
    const slot = and(eq(dailyPosts.guildId, guildId), eq(dailyPosts.localDate, localDate));
    const [existing] = await tx.select().from(dailyPosts).where(slot);
    if (existing) {
      if (existing.status === 'sent') return { kind: 'sent', channelId: existing.channelId, messageId: existing.messageId };
      const staleAt = existing.claimedAt.getTime() + CLAIM_STALE_MS;
      if (existing.status === 'claimed' && staleAt > now.getTime()) return { kind: 'busy', until: new Date(staleAt) };
      let quoteId = existing.quoteId;
      let cycle = existing.cycle;
      if (quoteId === null) {
        const picked = await pickQuote(tx, s);
        if (!picked) return { kind: 'empty' };
        ({ quoteId, cycle } = picked);
      }
      await tx
        .update(dailyPosts)
        .set({ status: 'claimed', claimedAt: now, quoteId, cycle, channelId: s.channelId, error: null })
        .where(slot);
      return { kind: 'claimed', quoteId, channelId: s.channelId, schedule: s };
    }
    const picked = await pickQuote(tx, s);
    if (!picked) return { kind: 'empty' };
    const inserted = await tx
      .insert(dailyPosts)
      .values({
        guildId,
        localDate,
        quoteId: picked.quoteId,
        cycle: picked.cycle,
        channelId: s.channelId,
        status: 'claimed',
        claimedAt: now,
      })
      .onConflictDoNothing()
      .returning({ guildId: dailyPosts.guildId });
    if (inserted.length === 0) return { kind: 'busy', until: new Date(now.getTime() + CLAIM_STALE_MS) };
    return { kind: 'claimed', quoteId: picked.quoteId, channelId: s.channelId, schedule: s };
  });
}

function deliveryProblem(err: DeliveryError, channelId: string): string {
  return err.reason === 'unknown_channel'
    ? `The channel ${channelMention(channelId)} is gone (Discord: ${err.message}). Run /daily set with another channel.`
    : `I lost access to ${channelMention(channelId)} (Discord: ${err.message}). Give me View Channel, Send Messages and Embed Links there, then run /daily set again.`;
}

/**
 * Posts the server's quote for a local date, at most once per date whatever the number of
 * processes. A permanent Discord refusal (403/404) frees the slot and the quote and reports the
 * problem; any other failure marks the slot failed (resumable) and is rethrown for a retry.
 */
export async function postDailyQuote(ctx: AppContext, guildId: string, localDate: string): Promise<PostResult> {
  const db = ctx.database.db;
  const claim = await claimSlot(db, guildId, localDate, ctx.clock.now());
  if (claim.kind !== 'claimed') return claim;
  const slot = and(eq(dailyPosts.guildId, guildId), eq(dailyPosts.localDate, localDate), ne(dailyPosts.status, 'sent'));
  try {
    const quote = await getQuote(ctx.database, guildId, claim.quoteId);
    if (!quote) throw new Error(`quote ${claim.quoteId} is no longer visible to this server`);
    const { messageId } = await ctx.messenger.send(
      claim.channelId,
      { embeds: [dailyQuoteEmbed(quote, { topicSlug: claim.schedule.topicSlug })] },
      dailyNonce(guildId, localDate, claim.channelId),
    );
    await db.update(dailyPosts).set({ status: 'sent', messageId, sentAt: ctx.clock.now(), error: null }).where(slot);
    return { kind: 'posted', channelId: claim.channelId, messageId, quote };
  } catch (err) {
    if (err instanceof DeliveryError && err.reason === 'unknown_message') {
      // Discord knows the nonce but its message was deleted: this post was made (by a worker that
      // died before recording it) and removed by someone since. Posting it again would undo that.
      await db.update(dailyPosts).set({ status: 'sent', messageId: null, sentAt: ctx.clock.now(), error: null }).where(slot);
      return { kind: 'sent', channelId: claim.channelId, messageId: null };
    }
    if (err instanceof DeliveryError && err.permanent) {
      await db.delete(dailyPosts).where(slot);
      return { kind: 'undeliverable', problem: deliveryProblem(err, claim.channelId) };
    }
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(dailyPosts)
      .set({ status: 'failed', error: message.slice(0, 1000) })
      .where(slot);
    throw err;
  }
}

/**
 * The scheduled run. It posts for the server's current local date once that date's time has come:
 * a run delayed by downtime still posts later the same day, but a day that has passed is not
 * caught up. Skipped and doubled wall times follow runInstant (see timezone.ts).
 */
export const dailyQuoteJob: JobHandler = async (job, ctx) => {
  const s = await getDailySchedule(ctx.database.db, job.guildId);
  if (!s) return { done: true };
  const now = ctx.clock.now();
  const time = scheduleTime(s);
  const { year, month, day } = localDateTime(now, s.timezone);
  const today = { year, month, day };
  const todayRun = runInstant(today, time, s.timezone);
  if (todayRun.getTime() > now.getTime()) return { nextRunAt: todayRun };

  const result = await postDailyQuote(ctx, s.guildId, formatLocalDate(today));
  switch (result.kind) {
    case 'posted':
    case 'sent':
      return { nextRunAt: nextLocalRun(now, time, s.timezone).at };
    case 'busy':
      return { retryAt: result.until, error: "another process is posting today's quote; checking again when its claim expires" };
    case 'empty':
      return { pause: 'No quotes match this schedule any more (was a pack removed?). Run /daily set to choose another topic or pack.' };
    case 'undeliverable':
      ctx.log.warn({ guildId: s.guildId, channelId: s.channelId, kind: DAILY_JOB }, 'daily post undeliverable; pausing');
      return { pause: result.problem };
    case 'no-schedule':
      return { done: true };
  }
};

/** The quote the next post would show, without taking it. */
/** The daily quote's job kinds, for the process-wide scheduler. */
dailyQuoteJob.leaseMs = DAILY_LEASE_MS;
export const dailyJobHandlers: Record<string, JobHandler> = { [DAILY_JOB]: dailyQuoteJob };

export async function previewDailyQuote(
  database: Database,
  guildId: string,
): Promise<{ quote: QuoteView; remaining: number; total: number } | null> {
  const db = database.db;
  const s = await getDailySchedule(db, guildId);
  if (!s) return null;
  const rows = rowsOf(db);
  const pool = schedulePool(s);
  const counts = await poolCounts(rows, pool, s.cycle);
  const id = (await nextQuoteInCycle(rows, pool, s.cycle)) ?? (await nextQuoteInCycle(rows, pool, s.cycle + 1));
  const quote = id === null ? null : await getQuote(database, guildId, id);
  return quote ? { quote, ...counts } : null;
}

/**
 * /daily now: posts at once into today's local-date slot, so the scheduled run skips today. A
 * permanent refusal pauses the schedule as the scheduled run would.
 */
export async function postDailyNow(
  ctx: AppContext,
  guildId: string,
): Promise<(PostResult & { localDate: string; nextRunAt: Date | null }) | null> {
  const db = ctx.database.db;
  const s = await getDailySchedule(db, guildId);
  if (!s) return null;
  const localDate = localDateString(ctx.clock.now(), s.timezone);
  const result = await postDailyQuote(ctx, guildId, localDate);
  let nextRunAt: Date | null = null;
  if (result.kind === 'posted' || result.kind === 'sent') {
    nextRunAt = await nextDailyRun(db, s, ctx.clock.now());
    if (result.kind === 'posted') await upsertJob(db, { guildId, kind: DAILY_JOB, key: guildId, runAt: nextRunAt });
  } else if (result.kind === 'undeliverable') {
    await pauseDaily(db, guildId, result.problem);
  }
  return { ...result, localDate, nextRunAt };
}
