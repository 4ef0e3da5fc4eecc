import { eq } from 'drizzle-orm';
import { getClaim } from '../content/claims.ts';
import { drills } from '../db/schema/index.ts';
import type { AppContext } from '../context.ts';
import { UserError } from '../errors.ts';
import { DeliveryError, postNonce } from '../messenger.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { matchPendingAnswers } from '../scoring/score.ts';
import { countAnswers, submitAnswer, type SubmitResult } from './answers.ts';
import {
  abandonDrill,
  closeDrill,
  createDrill,
  finishVoting,
  getDrill,
  setDrillMessage,
  DEFAULT_MINUTES,
  type CloseResult,
  type Drill,
} from './lifecycle.ts';
import { pickDrillMaterial, scoringRebuttalId, type DrillMode } from './pick.ts';
import { renderPrompt } from '../render/drills.ts';
import { deliverNow } from './delivery.ts';
import { getGuildSettings } from '../guild/settings.ts';

/**
 * The drill flows that talk to Discord: the database transitions (lifecycle.ts) first, then the
 * messages. A message that fails after the transition committed is logged, never undone: the drill's
 * state is the truth, and members can still use /drill and the buttons. Results and rankings are jobs
 * queued by the close itself (see delivery.ts): tried at once, retried until Discord takes them.
 * Who may start or close a drill is decided once, by the caller (the /drill command checks the
 * drill-runner permission; a schedule was authorised when it was set): these functions just act.
 */

export interface StartInput {
  guildId: string;
  channelId: string;
  startedBy: string;
  topic?: string | undefined;
  pack?: string | undefined;
  minutes?: number | undefined;
  mode?: DrillMode | undefined;
  scheduleId?: number | undefined;
}

export async function startDrill(ctx: AppContext, input: StartInput): Promise<Drill> {
  const db = ctx.database.db;
  const settings = await getGuildSettings(db, input.guildId);
  const mode = input.mode ?? 'standard';
  const material = await pickDrillMaterial(db, { guildId: input.guildId, topic: input.topic, pack: input.pack, mode });
  const drill = await createDrill(db, {
    guildId: input.guildId,
    channelId: input.channelId,
    claimId: material.claimId,
    rebuttalId: material.rebuttalId,
    mode,
    topicSlug: input.topic,
    minutes: input.minutes ?? DEFAULT_MINUTES,
    startedBy: input.startedBy,
    scheduleId: input.scheduleId,
    settings,
    now: ctx.clock.now(),
  });
  const claim = await getClaim(ctx.database, drill.guildId, drill.claimId);
  try {
    const { messageId } = await ctx.messenger.send(
      drill.channelId,
      renderPrompt(drill, claim, 0),
      postNonce('prmpt', drill.channelId, drill.id),
    );
    await setDrillMessage(db, drill.id, messageId);
    return { ...drill, messageId };
  } catch (err) {
    await abandonDrill(db, drill.id);
    if (err instanceof DeliveryError && err.permanent) {
      throw new UserError('drill.cannot-post', { reason: err.message });
    }
    throw err;
  }
}

export async function submit(
  ctx: AppContext,
  input: { guildId: string; drillId: number; userId: string; displayName: string; text: string | undefined },
): Promise<SubmitResult> {
  const result = await submitAnswer(ctx.database.db, { ...input, now: ctx.clock.now() });
  if (result.created) promptCounter.touch(ctx, input.guildId, input.drillId);
  answerMatcher.touch(ctx, input.drillId);
  return result;
}

/**
 * Matches new and edited answers against the drill's key points in the background, after the member
 * has their reply, so a close only aggregates stored matches. One run per drill at a time; a
 * submission during a run asks for one more run, which picks up everything still pending.
 */
class AnswerMatcher {
  private readonly running = new Map<number, boolean>();

  touch(ctx: AppContext, drillId: number): void {
    if (this.running.has(drillId)) {
      this.running.set(drillId, true);
      return;
    }
    this.running.set(drillId, false);
    void this.run(ctx, drillId);
  }

  private async run(ctx: AppContext, drillId: number): Promise<void> {
    try {
      do {
        this.running.set(drillId, false);
        const [drill] = await ctx.database.db.select().from(drills).where(eq(drills.id, drillId));
        if (drill?.status !== 'open') break;
        await matchPendingAnswers(
          ctx.database.db,
          drillId,
          await loadRubric(ctx.database.db, await scoringRebuttalId(ctx.database.db, drill)),
        );
      } while (this.running.get(drillId));
    } catch (err) {
      // Not lost: the close computes whatever is still pending.
      ctx.log.warn({ err, drillId }, 'could not match answers ahead of the close');
    } finally {
      this.running.delete(drillId);
    }
  }
}

export const answerMatcher = new AnswerMatcher();

/**
 * The prompt's answer count, edited at most once per interval per drill: a burst of submissions
 * becomes one edit with the count read when it fires.
 */
class PromptCounter {
  private readonly pending = new Map<number, NodeJS.Timeout>();
  delayMs = 2000;

  touch(ctx: AppContext, guildId: string, drillId: number): void {
    if (this.pending.has(drillId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(drillId);
      void this.refresh(ctx, guildId, drillId);
    }, this.delayMs);
    timer.unref();
    this.pending.set(drillId, timer);
  }

  cancel(drillId: number): void {
    const t = this.pending.get(drillId);
    if (t) clearTimeout(t);
    this.pending.delete(drillId);
  }

  private async refresh(ctx: AppContext, guildId: string, drillId: number): Promise<void> {
    try {
      const drill = await getDrill(ctx.database.db, guildId, drillId);
      if (drill.status !== 'open' || !drill.messageId) return;
      const claim = await getClaim(ctx.database, guildId, drill.claimId);
      const count = await countAnswers(ctx.database.db, drillId);
      await ctx.messenger.edit(drill.channelId, drill.messageId, renderPrompt(drill, claim, count));
    } catch (err) {
      ctx.log.warn({ err, drillId, guildId }, 'could not update the drill prompt count');
    }
  }
}

export const promptCounter = new PromptCounter();

/** Closes a drill once (see closeDrill) and delivers the results (see deliverResults); null when it was not open. */
export async function closeAndPost(
  ctx: AppContext,
  opts: { drillId: number; guildId?: string | undefined; cancelTimer: boolean },
): Promise<CloseResult | null> {
  const result = await closeDrill(ctx.database.db, { ...opts, now: ctx.clock.now() });
  if (!result) return null;
  promptCounter.cancel(result.drill.id);
  await deliverNow(ctx, result.resultsJob);
  return result;
}

/** Ends voting once and delivers the final ranking; null when the drill was not in its voting phase. */
export async function finishAndPost(
  ctx: AppContext,
  opts: { drillId: number; guildId?: string | undefined; cancelTimer: boolean },
): Promise<Drill | null> {
  const finished = await finishVoting(ctx.database.db, { ...opts, now: ctx.clock.now() });
  if (!finished) return null;
  await deliverNow(ctx, finished.resultsJob);
  return finished.drill;
}

/**
 * `/drill close`: an open drill closes (voting starts, if the server has it); a drill in its voting
 * phase finishes at once.
 */
export async function closeFromCommand(
  ctx: AppContext,
  input: { guildId: string; drill: Drill },
): Promise<'closed' | 'finished' | 'already'> {
  if (input.drill.status === 'open') {
    return (await closeAndPost(ctx, { drillId: input.drill.id, guildId: input.guildId, cancelTimer: true })) ? 'closed' : 'already';
  }
  if (input.drill.status === 'voting') {
    return (await finishAndPost(ctx, { drillId: input.drill.id, guildId: input.guildId, cancelTimer: true })) ? 'finished' : 'already';
  }
  return 'already';
}
