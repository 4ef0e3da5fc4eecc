import { beforeAll, expect, it } from 'vitest';
import { deliverResults, resultsNonce } from '../../src/drills/delivery.ts';
import { drillJobHandlers } from '../../src/drills/jobs.ts';
import { DRILL_RESULTS_JOB, getDrill, resultsJobKey, undeliveredResults } from '../../src/drills/lifecycle.ts';
import { closeAndPost, finishAndPost, startDrill, submit } from '../../src/drills/runner.ts';
import { DRILL_SCHEDULED_JOB, listDrillSchedules, setDrillSchedule } from '../../src/drills/schedule.ts';
import { updateGuildSettings } from '../../src/guild/settings.ts';
import type { Reply } from '../../src/interactions/types.ts';
import { getJob, retryDelayMs, Scheduler } from '../../src/jobs/queue.ts';
import { DeliveryError } from '../../src/messenger.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { DrillMessenger, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { testContext } from '../helpers/schedule-context.ts';

const T0 = new Date('2026-04-06T10:00:00Z');
type Post = Omit<Reply, 'ephemeral'>;

/**
 * A messenger that keeps nonces as Discord does with enforce_nonce (a nonce seen before returns its
 * first message and posts nothing), and fails as told: `down` answers every post with that status;
 * `lose` lets Discord take the next post but loses the answer (a crash or a dropped line).
 */
class NonceMessenger extends DrillMessenger {
  /** Every post tried: where, with which nonce. */
  readonly tries: { channelId: string; nonce: string }[] = [];
  private readonly byNonce = new Map<string, string>();
  down: number | undefined;
  lose = 0;

  override async send(channelId: string, message: Post, nonce: string): Promise<{ messageId: string }> {
    this.tries.push({ channelId, nonce });
    if (this.down) throw new DeliveryError(`HTTP ${this.down}`, this.down, this.down === 403 ? 50013 : undefined);
    const known = this.byNonce.get(nonce);
    if (known) return { messageId: known };
    const sent = await super.send(channelId, message);
    this.byNonce.set(nonce, sent.messageId);
    if (this.lose > 0) {
      this.lose--;
      throw new Error('socket hang up');
    }
    return sent;
  }
}

const closedPosts = (m: NonceMessenger, channelId: string) =>
  m.to(channelId).filter((p) => JSON.stringify(p.message).includes('Drill closed'));
const rankings = (m: NonceMessenger, channelId: string) => m.to(channelId).filter((p) => p.message.embeds?.[0]?.title === 'Final ranking');

describeEachBackend('drill results as jobs', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  function setup() {
    const messenger = new NonceMessenger();
    const ctx = testContext(get(), T0, messenger);
    const scheduler = new Scheduler(ctx, drillJobHandlers);
    return { ctx, messenger, scheduler, guildId: snowflake(), channelId: snowflake() };
  }

  async function drillWithAnswers(t: ReturnType<typeof setup>, n: number) {
    const drill = await startDrill(t.ctx, { guildId: t.guildId, channelId: t.channelId, startedBy: '1' });
    for (let i = 0; i < n; i++) {
      await submit(t.ctx, {
        guildId: t.guildId,
        drillId: drill.id,
        userId: `u${i}`,
        displayName: `Member ${i}`,
        text: `Answer number ${i}: the state and capital stand or fall together, so both must go.`,
      });
    }
    return drill;
  }

  it('retries results Discord refuses with 5xx, with the queue backoff, and posts them once when it recovers', async () => {
    const t = setup();
    const drill = await drillWithAnswers(t, 2);
    t.messenger.down = 503;
    const closed = await closeAndPost(t.ctx, { drillId: drill.id, cancelTimer: true });
    expect(closed?.drill.status).toBe('voting');
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(0);
    const job = await getJob(get().db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'));
    expect(job).toMatchObject({ attempts: 1, pausedReason: null, lastError: 'HTTP 503' });
    expect(job!.runAt.getTime()).toBe(T0.getTime() + retryDelayMs(1));

    // Still down at the first retry: the next waits longer; never paused for failing often.
    t.ctx.clock.set(job!.runAt);
    await t.scheduler.tick();
    const again = await getJob(get().db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'));
    expect(again).toMatchObject({ attempts: 2, pausedReason: null });
    expect(again!.runAt.getTime()).toBe(job!.runAt.getTime() + retryDelayMs(2));

    t.messenger.down = undefined;
    t.ctx.clock.set(again!.runAt);
    await t.scheduler.tick();
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(1);
    expect(await getJob(get().db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'))).toBeUndefined();
    t.ctx.clock.advance(60 * 60_000);
    await t.scheduler.tick();
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(1);
  });

  it('resumes after the last message Discord took, and a post whose answer was lost is not posted twice', async () => {
    const t = setup();
    // Enough long answers for the results to take several messages.
    const drill = await drillWithAnswers(t, 14);
    // Discord takes the first message but its answer never arrives; then it goes down.
    t.messenger.lose = 1;
    await closeAndPost(t.ctx, { drillId: drill.id, cancelTimer: true });
    const job = await getJob(get().db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'));
    expect(job?.payload).toMatchObject({ sent: 0, edited: true });
    expect(t.messenger.to(t.channelId).length).toBe(2); // the prompt and the first results message
    t.ctx.clock.set(job!.runAt);
    await t.scheduler.tick();
    const posted = t.messenger.to(t.channelId).slice(1);
    expect(posted.length).toBeGreaterThan(1);
    // Every message once, in order: the first came back by its nonce instead of being posted again.
    expect(new Set(posted.map((p) => JSON.stringify(p.message))).size).toBe(posted.length);
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(1);
    const parts = posted.map((_, i) => resultsNonce({ channelId: t.channelId, drillId: drill.id, stage: 'close' }, i));
    expect(new Set(parts).size).toBe(parts.length);
    for (const n of parts) expect(n.length).toBeLessThanOrEqual(25);
    // The nonce of the first message was sent twice (the lost try and the retry), the others once.
    const sentNonces = t.messenger.tries.map((x) => x.nonce);
    expect(sentNonces.filter((n) => n === parts[0])).toHaveLength(2);
    expect(sentNonces.filter((n) => n === parts[1])).toHaveLength(1);
  });

  it('stops on a lost channel: the results and the schedule say why, and setting the schedule again posts them', async () => {
    const t = setup();
    await setDrillSchedule(get().db, {
      guildId: t.guildId,
      channelId: t.channelId,
      cron: '0 18 * * *',
      timezone: 'UTC',
      minutes: 10,
      createdBy: '1',
      now: T0,
    });
    const drill = await drillWithAnswers(t, 1);
    t.messenger.down = 403;
    await closeAndPost(t.ctx, { drillId: drill.id, cancelTimer: true });
    const job = await getJob(get().db, DRILL_RESULTS_JOB, resultsJobKey(drill.id, 'close'));
    expect(job?.pausedReason).toContain(`The results of drill #${drill.id} were not posted: I lost access to <#${t.channelId}>`);
    const [view] = await listDrillSchedules(get().db, t.guildId, T0);
    expect(view?.problem).toBe(job?.pausedReason);
    expect(view?.nextRuns).toEqual([]);
    expect(await undeliveredResults(get().db, t.guildId)).toEqual([
      { drillId: drill.id, channelId: t.channelId, problem: job!.pausedReason },
    ]);
    // No more tries: a day of ticks (the vote's end among them) sends nothing more here.
    const tried = () => t.messenger.tries.filter((x) => x.channelId === t.channelId).length;
    const tries = tried();
    for (let h = 1; h <= 24; h++) {
      t.ctx.clock.set(new Date(T0.getTime() + h * 3_600_000));
      await t.scheduler.tick();
    }
    expect(tried()).toBe(tries);
    expect((await getJob(get().db, DRILL_SCHEDULED_JOB, String(view!.schedule.id)))?.pausedReason).toBe(job?.pausedReason);

    // Access is back and an admin sets the schedule again: the results go out.
    // The ranking (voting ended meanwhile) waits with the results rather than reporting twice.
    expect(await undeliveredResults(get().db, t.guildId)).toHaveLength(1);
    t.messenger.down = undefined;
    const reset = await setDrillSchedule(get().db, {
      guildId: t.guildId,
      channelId: t.channelId,
      cron: '0 18 * * *',
      timezone: 'UTC',
      minutes: 10,
      createdBy: '1',
      now: t.ctx.clock.now(),
    });
    expect(reset.problem).toBeNull();
    await t.scheduler.tick();
    t.ctx.clock.advance(60_000);
    await t.scheduler.tick();
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(1);
    expect(rankings(t.messenger, t.channelId)).toHaveLength(1);
    expect(await undeliveredResults(get().db, t.guildId)).toEqual([]);
  });

  it('posts the final ranking after the results, even when the results were held up past the vote', async () => {
    const t = setup();
    await updateGuildSettings(get().db, t.guildId, { drillVoteMinutes: 5 });
    const drill = await drillWithAnswers(t, 2);
    t.messenger.down = 500;
    await closeAndPost(t.ctx, { drillId: drill.id, cancelTimer: true });
    t.ctx.clock.advance(5 * 60_000);
    const finished = await finishAndPost(t.ctx, { drillId: drill.id, cancelTimer: true });
    expect(finished?.status).toBe('closed');
    // Both are waiting; the ranking does not try before the results.
    expect(t.messenger.to(t.channelId).length).toBe(1);
    t.messenger.down = undefined;
    for (let i = 0; i < 6; i++) {
      t.ctx.clock.advance(5 * 60_000);
      await t.scheduler.tick();
    }
    const titles = t.messenger.to(t.channelId).map((p) => p.message.embeds?.[0]?.title);
    expect(closedPosts(t.messenger, t.channelId)).toHaveLength(1);
    expect(rankings(t.messenger, t.channelId)).toHaveLength(1);
    expect(titles.indexOf('Final ranking')).toBe(titles.length - 1);
    expect((await getDrill(get().db, t.guildId, drill.id)).status).toBe('closed');
  });

  it('gives each stage and part its own nonce, the same on every try', () => {
    const p = { channelId: '1', drillId: 7, stage: 'close' as const };
    expect(resultsNonce(p, 0)).toBe(resultsNonce({ ...p }, 0));
    expect(resultsNonce(p, 0)).not.toBe(resultsNonce(p, 1));
    expect(resultsNonce(p, 0)).not.toBe(resultsNonce({ ...p, stage: 'final' }, 0));
    expect(resultsNonce(p, 0)).not.toBe(resultsNonce({ ...p, channelId: '2' }, 0));
    expect(typeof deliverResults.leaseMs).toBe('number');
  });
});
