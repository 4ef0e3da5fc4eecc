import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { drillAnswers, drills, jobs } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import { cancelJob, insertClaimedJob, upsertJob, type DueJob } from '../jobs/queue.ts';
import { POINTS_PER_VOTE } from '../scoring/formula.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { matchPendingAnswers, scoreDrillAnswers, type AnswerScore } from '../scoring/score.ts';
import { refreshMemberStats } from '../scoring/stats.ts';
import { scoringRebuttalId, type DrillMode } from './pick.ts';
import type { GuildSettings } from '../guild/settings.ts';

export type Drill = typeof drills.$inferSelect;

export const DRILL_CLOSE_JOB = 'drill_close';
export const DRILL_VOTE_END_JOB = 'drill_vote_end';
/**
 * Posting a drill's results (stage close) or final ranking (stage final): a job inserted in the
 * transaction that closes the drill, so the results are delivered even when Discord refuses them
 * for a while or the process dies right after the close.
 */
export const DRILL_RESULTS_JOB = 'drill_results';
/**
 * The lease of a results job: how long a worker is given before another takes the post over. Short,
 * so a replacement resends while Discord still recognises the post's nonce (a few minutes); a
 * worker still busy past it is harmless, since both send the same nonce and Discord keeps one.
 */
export const RESULTS_LEASE_MS = 30_000;

export type ResultsStage = 'close' | 'final';

/** What a results job carries: which posts, and how far it got (so a retry does not resend them). */
export interface ResultsPayload {
  drillId: number;
  channelId: string;
  stage: ResultsStage;
  /** Close stage: the drill finished at its close (no voting), so the ranking follows the results. */
  ranking: boolean;
  /** Messages delivered so far, in order. */
  sent: number;
  /** The prompt was marked closed (close stage). */
  edited: boolean;
}

export function resultsJobKey(drillId: number, stage: ResultsStage): string {
  return `${drillId}:${stage}`;
}

/** Results Discord refused for good (403, 404): which drill, where, and why; shown in /drill schedule show. */
export async function undeliveredResults(db: Db, guildId: string): Promise<{ drillId: number; channelId: string; problem: string }[]> {
  const rows = await db
    .select({ payload: jobs.payload, problem: jobs.pausedReason })
    .from(jobs)
    .where(and(eq(jobs.kind, DRILL_RESULTS_JOB), eq(jobs.guildId, guildId), isNotNull(jobs.pausedReason)))
    .orderBy(asc(jobs.id));
  // One line per drill: its ranking stops with its results, for the same reason.
  const byDrill = new Map<number, { drillId: number; channelId: string; problem: string }>();
  for (const r of rows) {
    const drillId = Number(r.payload.drillId);
    if (!byDrill.has(drillId)) byDrill.set(drillId, { drillId, channelId: String(r.payload.channelId), problem: r.problem ?? '' });
  }
  return [...byDrill.values()];
}

/**
 * Tries a channel's refused results again (from where they stopped), at once: run when someone sets
 * the channel's recurring drill again, which checks the bot can post there.
 */
export async function requeueUndeliveredResults(db: Db, guildId: string, channelId: string, now: Date): Promise<number> {
  const resumed = await db
    .update(jobs)
    .set({ pausedReason: null, lastError: null, attempts: 0, runAt: now, lockedUntil: null })
    .where(
      and(
        eq(jobs.kind, DRILL_RESULTS_JOB),
        eq(jobs.guildId, guildId),
        isNotNull(jobs.pausedReason),
        sql`${jobs.payload}->>'channelId' = ${channelId}`,
      ),
    )
    .returning({ id: jobs.id });
  return resumed.length;
}

/** Queues a drill's results inside the transaction of its close, claimed by this process for a first try at once. */
async function queueResults(tx: Db, drill: Drill, stage: ResultsStage, ranking: boolean, now: Date): Promise<DueJob | undefined> {
  const payload: ResultsPayload = { drillId: drill.id, channelId: drill.channelId, stage, ranking, sent: 0, edited: false };
  return insertClaimedJob(
    tx,
    { guildId: drill.guildId, kind: DRILL_RESULTS_JOB, key: resultsJobKey(drill.id, stage), payload: { ...payload } },
    { now, leaseMs: RESULTS_LEASE_MS },
  );
}
export const MINUTES_MIN = 1;
export const MINUTES_MAX = 120;
export const DEFAULT_MINUTES = 10;

export function messageLink(d: { guildId: string; channelId: string; messageId: string | null }): string {
  return d.messageId
    ? `https://discord.com/channels/${d.guildId}/${d.channelId}/${d.messageId}`
    : `https://discord.com/channels/${d.guildId}/${d.channelId}`;
}

export function validateMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < MINUTES_MIN || minutes > MINUTES_MAX) {
    throw new UserError('drill.minutes', { min: MINUTES_MIN, max: MINUTES_MAX, got: minutes });
  }
}

export interface CreateDrillInput {
  guildId: string;
  channelId: string;
  claimId: number;
  rebuttalId: number;
  mode: DrillMode;
  topicSlug?: string | undefined;
  minutes: number;
  startedBy: string;
  scheduleId?: number | undefined;
  settings: GuildSettings;
  now: Date;
}

/**
 * Opens a drill and its close timer in one transaction. The partial unique index allows one drill per
 * channel that is not closed; a second start finds the first and is refused with its link.
 */
export async function createDrill(db: Db, input: CreateDrillInput): Promise<Drill> {
  validateMinutes(input.minutes);
  return db.transaction(async (tx) => {
    const [drill] = await tx
      .insert(drills)
      .values({
        guildId: input.guildId,
        channelId: input.channelId,
        claimId: input.claimId,
        rebuttalId: input.rebuttalId,
        mode: input.mode,
        topicSlug: input.topicSlug ?? null,
        status: 'open',
        startedBy: input.startedBy,
        scheduleId: input.scheduleId ?? null,
        anonymous: input.settings.anonymousDrills,
        votesPerMember: input.settings.drillVotesPerMember,
        votersMustAnswer: input.settings.votersMustAnswer,
        voteMinutes: input.settings.drillVoteMinutes,
        opensAt: input.now,
        closesAt: new Date(input.now.getTime() + input.minutes * 60_000),
      })
      .onConflictDoNothing()
      .returning();
    if (!drill) {
      const existing = await findActiveDrill(tx, input.guildId, input.channelId);
      const link = existing ? messageLink(existing) : `https://discord.com/channels/${input.guildId}/${input.channelId}`;
      throw new UserError('drill.already-running', { link });
    }
    await upsertJob(tx, {
      guildId: drill.guildId,
      kind: DRILL_CLOSE_JOB,
      key: String(drill.id),
      runAt: drill.closesAt,
      payload: { drillId: drill.id },
    });
    return drill;
  });
}

export async function setDrillMessage(db: Db, drillId: number, messageId: string): Promise<void> {
  await db.update(drills).set({ messageId }).where(eq(drills.id, drillId));
}

/** Removes a drill whose prompt could not be posted, with its timer, so the channel is free again. */
export async function abandonDrill(db: Db, drillId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await cancelJob(tx, DRILL_CLOSE_JOB, String(drillId));
    await tx.delete(drills).where(and(eq(drills.id, drillId), eq(drills.status, 'open')));
  });
}

/** The drill running (open or voting) in a channel, if any. */
export async function findActiveDrill(db: Db, guildId: string, channelId: string): Promise<Drill | undefined> {
  const [d] = await db
    .select()
    .from(drills)
    .where(and(eq(drills.guildId, guildId), eq(drills.channelId, channelId), ne(drills.status, 'closed')));
  return d;
}

export async function getDrill(db: Db, guildId: string, drillId: number): Promise<Drill> {
  const [d] =
    Number.isSafeInteger(drillId) && drillId > 0
      ? await db
          .select()
          .from(drills)
          .where(and(eq(drills.id, drillId), eq(drills.guildId, guildId)))
      : [];
  if (!d) throw new UserError('drill.gone');
  return d;
}

export interface CloseResult {
  drill: Drill;
  scores: Map<number, AnswerScore>;
  /** The results post, claimed for the caller to deliver now (see deliverResults). */
  resultsJob: DueJob | undefined;
}

/**
 * Ends the answering phase, exactly once: the status moves from open in one guarded UPDATE, and only
 * the caller whose UPDATE returned the row scores the answers (in the same transaction). Submissions
 * hold a share lock on the drill row, so the UPDATE waits for those in flight and the scoring sees them.
 * With voting off or no answers the drill finishes at once.
 */
export async function closeDrill(
  db: Db,
  opts: { drillId: number; guildId?: string | undefined; now: Date; cancelTimer: boolean },
): Promise<CloseResult | null> {
  // Match what the background matcher has not yet (answers in its queue) before taking the drill's
  // lock, so the transaction below only aggregates. Anything submitted meanwhile is matched inside it.
  const [open] = await db
    .select()
    .from(drills)
    .where(and(eq(drills.id, opts.drillId), eq(drills.status, 'open')));
  if (!open) return null;
  const rubric = await loadRubric(db, await scoringRebuttalId(db, open));
  await matchPendingAnswers(db, open.id, rubric);
  return db.transaction(async (tx) => {
    const count = sql`(select count(*) from drill_answers a where a.drill_id = ${drills.id})`;
    const voting = sql`(${drills.voteMinutes} > 0 and ${count} > 0)`;
    const [drill] = await tx
      .update(drills)
      .set({
        status: sql`case when ${voting} then 'voting' else 'closed' end`,
        closedAt: opts.now,
        votingEndsAt: sql`case when ${voting} then ${opts.now.toISOString()}::timestamptz + make_interval(mins => ${drills.voteMinutes}) end`,
        finishedAt: sql`case when ${voting} then null else ${opts.now.toISOString()}::timestamptz end`,
      })
      .where(and(eq(drills.id, opts.drillId), eq(drills.status, 'open'), opts.guildId ? eq(drills.guildId, opts.guildId) : undefined))
      .returning();
    if (!drill) return null;
    if (opts.cancelTimer) await cancelJob(tx, DRILL_CLOSE_JOB, String(drill.id));
    const finished = drill.status === 'closed';
    const scores = await scoreDrillAnswers(tx, drill.id, rubric, { final: finished });
    if (finished) {
      await refreshAnswerers(tx, drill);
    } else {
      await upsertJob(tx, {
        guildId: drill.guildId,
        kind: DRILL_VOTE_END_JOB,
        key: String(drill.id),
        runAt: drill.votingEndsAt!,
        payload: { drillId: drill.id },
      });
    }
    const resultsJob = await queueResults(tx, drill, 'close', finished && (await hasAnswers(tx, drill.id)), opts.now);
    return { drill, scores, resultsJob };
  });
}

/**
 * Ends voting, exactly once (guarded like closeDrill): counts votes into final scores and totals,
 * and queues the final ranking's post.
 */
export async function finishVoting(
  db: Db,
  opts: { drillId: number; guildId?: string | undefined; now: Date; cancelTimer: boolean },
): Promise<{ drill: Drill; resultsJob: DueJob | undefined } | null> {
  return db.transaction(async (tx) => {
    const [drill] = await tx
      .update(drills)
      .set({ status: 'closed', finishedAt: opts.now })
      .where(and(eq(drills.id, opts.drillId), eq(drills.status, 'voting'), opts.guildId ? eq(drills.guildId, opts.guildId) : undefined))
      .returning();
    if (!drill) return null;
    if (opts.cancelTimer) await cancelJob(tx, DRILL_VOTE_END_JOB, String(drill.id));
    await tx.execute(sql`
      update drill_answers a set votes = v.n, final_score = coalesce(a.auto_score, 0) + ${POINTS_PER_VOTE} * v.n
      from (select a2.id, (select count(*)::int from drill_votes dv where dv.answer_id = a2.id and dv.drill_id = a2.drill_id) as n
            from drill_answers a2 where a2.drill_id = ${drill.id}) v
      where a.id = v.id`);
    await refreshAnswerers(tx, drill);
    return { drill, resultsJob: await queueResults(tx, drill, 'final', true, opts.now) };
  });
}

async function hasAnswers(tx: Db, drillId: number): Promise<boolean> {
  const [row] = await tx.select({ id: drillAnswers.id }).from(drillAnswers).where(eq(drillAnswers.drillId, drillId)).limit(1);
  return row !== undefined;
}

async function refreshAnswerers(tx: Db, drill: Drill): Promise<void> {
  const answerers = await tx
    .select({ userId: drillAnswers.userId, displayName: drillAnswers.displayName })
    .from(drillAnswers)
    .where(eq(drillAnswers.drillId, drill.id));
  await refreshMemberStats(tx, drill.guildId, answerers);
}
