import { eq } from 'drizzle-orm';
import { getClaim } from '../content/claims.ts';
import { drills } from '../db/schema/index.ts';
import type { AppContext } from '../context.ts';
import { UserError } from '../errors.ts';
import { DeliveryError } from '../messenger.ts';
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
import { requireDrillRunner, type Actor } from './permissions.ts';
import { pickDrillMaterial, scoringRebuttalId, type DrillMode } from './pick.ts';
import { findRebuttal, renderPrompt, renderRanking, renderResults } from '../render/drills.ts';
import { getDrillAnswers, rankAnswers } from './results.ts';
import { getGuildSettings } from '../guild/settings.ts';

/**
 * The drill flows that talk to Discord: the database transitions (lifecycle.ts) first, then the
 * messages. A message that fails after the transition committed is logged, never undone: the drill's
 * state is the truth, and members can still use /drill and the buttons.
 */

export interface StartInput {
  guildId: string;
  channelId: string;
  /** Absent for scheduled drills, which the schedule's creator already authorised. */
  actor?: Actor | undefined;
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
  if (input.actor) requireDrillRunner(input.actor, settings.drillRunnerRoleId, 'startDrill');
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
    const { messageId } = await ctx.messenger.send(drill.channelId, renderPrompt(drill, claim, 0));
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

/** Closes a drill once (see closeDrill) and posts the results; null when it was not open. */
export async function closeAndPost(
  ctx: AppContext,
  opts: { drillId: number; guildId?: string | undefined; cancelTimer: boolean },
): Promise<CloseResult | null> {
  const result = await closeDrill(ctx.database.db, { ...opts, now: ctx.clock.now() });
  if (!result) return null;
  promptCounter.cancel(result.drill.id);
  await postClose(ctx, result.drill);
  return result;
}

async function postClose(ctx: AppContext, drill: Drill): Promise<void> {
  const log = ctx.log.child({ drillId: drill.id, guildId: drill.guildId });
  try {
    const claim = await getClaim(ctx.database, drill.guildId, drill.claimId);
    const answers = await getDrillAnswers(ctx.database.db, drill.id);
    if (drill.messageId) {
      await ctx.messenger.edit(drill.channelId, drill.messageId, renderPrompt(drill, claim, answers.length)).catch((err: unknown) => {
        log.warn({ err }, 'could not mark the drill prompt closed');
      });
    }
    const scoringId = await scoringRebuttalId(ctx.database.db, drill);
    const reference = claim ? findRebuttal(claim.rebuttals, scoringId) : undefined;
    const keyPoints = (await loadRubric(ctx.database.db, scoringId)).keyPoints.length;
    for (const message of renderResults(drill, claim, reference, answers, keyPoints)) await ctx.messenger.send(drill.channelId, message);
    if (drill.status === 'closed' && answers.length > 0)
      await ctx.messenger.send(drill.channelId, renderRanking(drill, rankAnswers(answers)));
  } catch (err) {
    log.error({ err }, 'drill closed but its results could not be posted');
  }
}

/** Ends voting once and posts the final ranking; null when the drill was not in its voting phase. */
export async function finishAndPost(
  ctx: AppContext,
  opts: { drillId: number; guildId?: string | undefined; cancelTimer: boolean },
): Promise<Drill | null> {
  const drill = await finishVoting(ctx.database.db, { ...opts, now: ctx.clock.now() });
  if (!drill) return null;
  try {
    const answers = await getDrillAnswers(ctx.database.db, drill.id);
    await ctx.messenger.send(drill.channelId, renderRanking(drill, rankAnswers(answers)));
  } catch (err) {
    ctx.log.error({ err, drillId: drill.id, guildId: drill.guildId }, 'voting ended but the ranking could not be posted');
  }
  return drill;
}

/**
 * `/drill close`: an open drill closes (voting starts, if the server has it); a drill in its voting
 * phase finishes at once.
 */
export async function closeFromCommand(
  ctx: AppContext,
  input: { guildId: string; drill: Drill; actor: Actor },
): Promise<'closed' | 'finished' | 'already'> {
  const settings = await getGuildSettings(ctx.database.db, input.guildId);
  requireDrillRunner(input.actor, settings.drillRunnerRoleId, 'closeDrill');
  if (input.drill.status === 'open') {
    return (await closeAndPost(ctx, { drillId: input.drill.id, guildId: input.guildId, cancelTimer: true })) ? 'closed' : 'already';
  }
  if (input.drill.status === 'voting') {
    return (await finishAndPost(ctx, { drillId: input.drill.id, guildId: input.guildId, cancelTimer: true })) ? 'finished' : 'already';
  }
  return 'already';
}
