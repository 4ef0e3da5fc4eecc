import { channelMention } from '@discordjs/formatters';
import { and, eq } from 'drizzle-orm';
import { getClaim } from '../content/claims.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { drillSchedules, drills } from '../db/schema/index.ts';
import {
  getJob,
  pauseJob,
  retryDelayMs,
  runClaimedJob,
  saveJobPayload,
  type DueJob,
  type JobHandler,
  type JobOutcome,
} from '../jobs/queue.ts';
import { DeliveryError, postNonce } from '../messenger.ts';
import { findRebuttal, renderPrompt, renderRanking, renderResults } from '../render/drills.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { DRILL_RESULTS_JOB, RESULTS_LEASE_MS, resultsJobKey, type Drill, type ResultsPayload } from './lifecycle.ts';
import { scoringRebuttalId } from './pick.ts';
import { getDrillAnswers, rankAnswers } from './results.ts';
import { DRILL_SCHEDULED_JOB } from './schedule.ts';

type Message = Parameters<AppContext['messenger']['send']>[1];

function payloadOf(job: DueJob): ResultsPayload | undefined {
  const p = job.payload as Partial<ResultsPayload>;
  if (typeof p.drillId !== 'number' || typeof p.channelId !== 'string' || (p.stage !== 'close' && p.stage !== 'final')) return undefined;
  return {
    drillId: p.drillId,
    channelId: p.channelId,
    stage: p.stage,
    ranking: p.ranking === true,
    sent: p.sent ?? 0,
    edited: p.edited === true,
  };
}

/** The nonce of one results message: the same drill, stage and part always name the same post. */
export function resultsNonce(p: Pick<ResultsPayload, 'channelId' | 'drillId' | 'stage'>, part: number): string {
  return postNonce('rslt', p.channelId, p.drillId, p.stage, part);
}

/** The messages of a stage, rendered from the database (answers no longer change after the close). */
async function resultsMessages(ctx: AppContext, drill: Drill, p: ResultsPayload): Promise<Message[]> {
  const db = ctx.database.db;
  const answers = await getDrillAnswers(db, drill.id);
  if (p.stage === 'final') return [renderRanking(drill, rankAnswers(answers))];
  const claim = await getClaim(ctx.database, drill.guildId, drill.claimId);
  const scoringId = await scoringRebuttalId(db, drill);
  const reference = claim ? findRebuttal(claim.rebuttals, scoringId) : undefined;
  const keyPoints = (await loadRubric(db, scoringId)).keyPoints.length;
  // Rendered as at the close, even when delivered after voting ended: the ranking follows as its own post.
  const asClosed: Drill = { ...drill, status: p.ranking ? 'closed' : 'voting' };
  const messages = renderResults(asClosed, claim, reference, answers, keyPoints);
  if (p.ranking) messages.push(renderRanking(drill, rankAnswers(answers)));
  return messages;
}

/** Marks the prompt closed; best effort, since the results say it too. */
async function markPromptClosed(ctx: AppContext, drill: Drill, p: ResultsPayload): Promise<boolean> {
  if (!drill.messageId) return true;
  try {
    const claim = await getClaim(ctx.database, drill.guildId, drill.claimId);
    const answers = await getDrillAnswers(ctx.database.db, drill.id);
    await ctx.messenger.edit(p.channelId, drill.messageId, renderPrompt(drill, claim, answers.length));
    return true;
  } catch (err) {
    ctx.log.warn({ err, drillId: drill.id, guildId: drill.guildId }, 'could not mark the drill prompt closed');
    // A deleted prompt or a lost channel will not come back by retrying; the results say why.
    return err instanceof DeliveryError && err.permanent;
  }
}

/** What /drill schedule show says when Discord refuses a drill's results for good. */
export function resultsProblem(err: DeliveryError, drillId: number, channelId: string): string {
  return err.reason === 'unknown_channel'
    ? `The results of drill #${drillId} were not posted: the channel ${channelMention(channelId)} is gone (Discord: ${err.message}).`
    : `The results of drill #${drillId} were not posted: I lost access to ${channelMention(channelId)} (Discord: ${err.message}). Give me View Channel, Send Messages and Embed Links there, then run /drill schedule set there again.`;
}

/**
 * Stops the channel's recurring drill with the same reason: its next prompt would be refused too,
 * and /drill schedule show is where the server's admins look. /drill schedule set starts it again.
 */
async function pauseChannelSchedule(db: Db, guildId: string, channelId: string, reason: string): Promise<void> {
  const rows = await db
    .select({ id: drillSchedules.id })
    .from(drillSchedules)
    .where(and(eq(drillSchedules.guildId, guildId), eq(drillSchedules.channelId, channelId)));
  for (const r of rows) await pauseJob(db, DRILL_SCHEDULED_JOB, String(r.id), reason);
}

/**
 * Delivers a drill's results, or its final ranking, message by message: each is sent with its own
 * nonce and counted in the job once Discord took it, so a retry resumes after the last one counted
 * and the one in flight when a process died is recognised by Discord instead of posted twice.
 * Refusals Discord may lift (5xx, timeouts) are retried with the queue's backoff, without limit; a
 * lost channel or lost access (403, 404) stops the job with a reason and pauses the channel's
 * recurring drill; a request Discord calls wrong (other 4xx) is thrown, so the queue's attempt limit
 * applies.
 */
export const deliverResults: JobHandler = async (job, ctx): Promise<JobOutcome> => {
  const p = payloadOf(job);
  if (!p) return { done: true };
  const db = ctx.database.db;
  const [drill] = await db.select().from(drills).where(eq(drills.id, p.drillId));
  if (!drill || drill.guildId !== job.guildId) return { done: true };
  const log = ctx.log.child({ drillId: drill.id, guildId: drill.guildId, stage: p.stage });
  if (p.stage === 'final') {
    // The ranking after the results, not before: wait while the close's post is still being retried,
    // and stop with it when it stopped (setting the schedule again resumes both, results first).
    const first = await getJob(db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'));
    if (first?.pausedReason) return { pause: first.pausedReason };
    if (first) {
      return { retryAt: new Date(Math.max(first.runAt.getTime(), ctx.clock.now().getTime()) + 1000), error: 'waiting for the results' };
    }
  }
  try {
    if (p.stage === 'close' && !p.edited && (await markPromptClosed(ctx, drill, p))) {
      if (!(await saveProgress(ctx, job, { ...p, edited: true }))) return lost();
      p.edited = true;
    }
    const messages = await resultsMessages(ctx, drill, p);
    for (let part = p.sent; part < messages.length; part++) {
      try {
        await ctx.messenger.send(p.channelId, messages[part]!, resultsNonce(p, part));
      } catch (err) {
        // The nonce's first message was deleted since: it was delivered.
        if (!(err instanceof DeliveryError && err.reason === 'unknown_message')) throw err;
      }
      if (!(await saveProgress(ctx, job, { ...p, sent: part + 1 }))) return lost();
      p.sent = part + 1;
    }
    return { done: true };
  } catch (err) {
    if (err instanceof DeliveryError && err.permanent) {
      const problem = resultsProblem(err, drill.id, p.channelId);
      log.warn({ reason: err.reason, status: err.status, code: err.code }, 'drill results undeliverable; stopped');
      await pauseChannelSchedule(db, drill.guildId, p.channelId, problem);
      return { pause: problem };
    }
    if (err instanceof DeliveryError && err.reason === 'rejected') throw err;
    const retryAt = new Date(ctx.clock.now().getTime() + retryDelayMs(job.attempts));
    const error = err instanceof Error ? err.message : String(err);
    log.warn({ err, attempts: job.attempts, retryAt, sent: p.sent }, 'drill results not delivered; will retry');
    return { retryAt, error };
  }
};
deliverResults.leaseMs = RESULTS_LEASE_MS;

function saveProgress(ctx: AppContext, job: DueJob, p: ResultsPayload): Promise<boolean> {
  return saveJobPayload(ctx.database.db, job, { ...p });
}

/** This worker's lease passed and another may be delivering: stop; the outcome is dropped by the fence. */
function lost(): JobOutcome {
  return { retryAt: new Date(0), error: 'lease passed during delivery' };
}

/**
 * Runs a results job the close just claimed (closeDrill, finishVoting), so results appear at once
 * rather than on the next tick; whatever it cannot deliver stays queued for the scheduler.
 */
export async function deliverNow(ctx: AppContext, job: DueJob | undefined): Promise<void> {
  if (job) await runClaimedJob(ctx, deliverResults, job);
}
