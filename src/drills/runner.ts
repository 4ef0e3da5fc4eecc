import { getClaim } from '../content/claims.ts';
import type { AppContext } from '../context.ts';
import { UserError } from '../errors.ts';
import { DeliveryError, postNonce } from '../messenger.ts';
import { submitAnswer, type SubmitResult } from './answers.ts';
import {
  abandonDrill,
  closeDrill,
  createDrill,
  finishVoting,
  setDrillMessage,
  DEFAULT_MINUTES,
  type CloseResult,
  type Drill,
} from './lifecycle.ts';
import { pickDrillMaterial, type DrillMode } from './pick.ts';
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
  if (result.created) ctx.drills.countChanged(input.guildId, input.drillId);
  ctx.drills.matchAnswers(input.drillId);
  return result;
}

/** Closes a drill once (see closeDrill) and delivers the results (see deliverResults); null when it was not open. */
export async function closeAndPost(
  ctx: AppContext,
  opts: { drillId: number; guildId?: string | undefined; cancelTimer: boolean },
): Promise<CloseResult | null> {
  const result = await closeDrill(ctx.database.db, { ...opts, now: ctx.clock.now() });
  if (!result) return null;
  ctx.drills.closed(result.drill.id);
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
