import { expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import {
  cancelJob,
  claimDueJobs,
  completeJob,
  getJob,
  jobStats,
  pauseJob,
  Scheduler,
  upsertJob,
  type DueJob,
  type JobHandler,
} from '../../src/jobs/queue.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { testContext } from '../helpers/schedule-context.ts';

const T0 = new Date('2030-01-01T12:00:00Z');
const minutes = (n: number) => n * 60_000;

describeEachBackend('scheduler jobs', (get) => {
  it('runs a job at its time and not before, then deletes it when done', async () => {
    const ctx = testContext(get(), T0);
    const seen: DueJob[] = [];
    const scheduler = new Scheduler(ctx, {
      'test-once': async (job) => {
        seen.push(job);
        return { done: true };
      },
    });
    await upsertJob(ctx.database.db, {
      guildId: 'g-once',
      kind: 'test-once',
      key: 'a',
      runAt: new Date(T0.getTime() + minutes(5)),
      payload: { n: 1 },
    });

    expect(await scheduler.tick()).toEqual({ claimed: 0, ran: 0, failed: 0 });
    ctx.clock.advance(minutes(4));
    expect((await scheduler.tick()).claimed).toBe(0);
    ctx.clock.advance(minutes(1));
    expect(await scheduler.tick()).toEqual({ claimed: 1, ran: 1, failed: 0 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ guildId: 'g-once', kind: 'test-once', key: 'a', attempts: 1, payload: { n: 1 } });
    expect(await getJob(ctx.database.db, 'test-once', 'a')).toBeUndefined();
    expect((await scheduler.tick()).claimed).toBe(0);
  });

  it('reschedules, pauses, and un-pauses on upsert', async () => {
    const ctx = testContext(get(), T0);
    let outcome: 'next' | 'pause' = 'next';
    const handler: JobHandler = async () =>
      outcome === 'next' ? { nextRunAt: new Date(ctx.clock.now().getTime() + minutes(60)) } : { pause: 'channel gone' };
    const scheduler = new Scheduler(ctx, { 'test-repeat': handler });
    await upsertJob(ctx.database.db, { guildId: 'g-repeat', kind: 'test-repeat', key: 'r', runAt: T0 });

    expect((await scheduler.tick()).ran).toBe(1);
    const after = await getJob(ctx.database.db, 'test-repeat', 'r');
    expect(after?.runAt.toISOString()).toBe(new Date(T0.getTime() + minutes(60)).toISOString());
    expect(after).toMatchObject({ attempts: 0, lockedUntil: null, pausedReason: null });

    outcome = 'pause';
    ctx.clock.advance(minutes(60));
    expect((await scheduler.tick()).ran).toBe(1);
    expect((await getJob(ctx.database.db, 'test-repeat', 'r'))?.pausedReason).toBe('channel gone');
    ctx.clock.advance(minutes(600));
    expect((await scheduler.tick()).claimed).toBe(0);

    await upsertJob(ctx.database.db, { guildId: 'g-repeat', kind: 'test-repeat', key: 'r', runAt: ctx.clock.now() });
    expect((await getJob(ctx.database.db, 'test-repeat', 'r'))?.pausedReason).toBeNull();
    outcome = 'next';
    expect((await scheduler.tick()).ran).toBe(1);
  });

  it('retries a throwing handler with backoff and records the error, then pauses it after too many failures', async () => {
    const ctx = testContext(get(), T0);
    let calls = 0;
    const scheduler = new Scheduler(
      ctx,
      {
        'test-throw': async () => {
          calls++;
          throw new Error('boom');
        },
      },
      { maxAttempts: 3 },
    );
    await upsertJob(ctx.database.db, { guildId: 'g-throw', kind: 'test-throw', key: 't', runAt: T0 });

    expect(await scheduler.tick()).toEqual({ claimed: 1, ran: 0, failed: 1 });
    let row = await getJob(ctx.database.db, 'test-throw', 't');
    expect(row).toMatchObject({ attempts: 1, lastError: 'boom', lockedUntil: null, pausedReason: null });
    expect(row!.runAt.getTime()).toBe(T0.getTime() + 30_000);

    ctx.clock.advance(29_000);
    expect((await scheduler.tick()).claimed).toBe(0);
    ctx.clock.advance(1_000);
    await scheduler.tick();
    row = await getJob(ctx.database.db, 'test-throw', 't');
    expect(row!.attempts).toBe(2);
    expect(row!.runAt.getTime()).toBe(ctx.clock.now().getTime() + 60_000);

    ctx.clock.advance(60_000);
    await scheduler.tick();
    row = await getJob(ctx.database.db, 'test-throw', 't');
    expect(row!.pausedReason).toBe('failed 3 times in a row; last error: boom');
    expect(calls).toBe(3);
  });

  it("gives a job whose worker died to another worker once the lease passes, and drops the dead worker's late outcome", async () => {
    const ctx = testContext(get(), T0);
    await upsertJob(ctx.database.db, { guildId: 'g-lease', kind: 'test-lease', key: 'l', runAt: T0 });
    const [dead] = await claimDueJobs(ctx.database.db, { now: T0, leaseMs: minutes(5), limit: 10, kinds: ['test-lease'] });
    expect(dead).toBeDefined();

    const runs: number[] = [];
    const scheduler = new Scheduler(
      ctx,
      {
        'test-lease': async (job) => {
          runs.push(job.attempts);
          return { done: true };
        },
      },
      { leaseMs: minutes(5) },
    );
    ctx.clock.advance(minutes(5));
    expect((await scheduler.tick()).claimed).toBe(0);
    ctx.clock.advance(1);
    expect((await scheduler.tick()).ran).toBe(1);
    expect(runs).toEqual([2]);

    await upsertJob(ctx.database.db, { guildId: 'g-lease', kind: 'test-lease', key: 'l', runAt: T0 });
    expect(await completeJob(ctx.database.db, dead!, { done: true })).toBe(false);
    expect(await getJob(ctx.database.db, 'test-lease', 'l')).toBeDefined();
  });

  it('claims only its registered kinds, and cancelJob removes a job', async () => {
    const ctx = testContext(get(), T0);
    await upsertJob(ctx.database.db, { guildId: 'g-kinds', kind: 'test-other', key: 'x', runAt: T0 });
    await upsertJob(ctx.database.db, { guildId: 'g-kinds', kind: 'test-mine', key: 'x', runAt: T0 });
    const scheduler = new Scheduler(ctx, { 'test-mine': async () => ({ done: true }) });
    expect((await scheduler.tick()).claimed).toBe(1);
    expect(await getJob(ctx.database.db, 'test-other', 'x')).toBeDefined();
    await cancelJob(ctx.database.db, 'test-other', 'x');
    expect(await getJob(ctx.database.db, 'test-other', 'x')).toBeUndefined();
  });

  it('keeps claiming in batches until nothing is due, and never hands one job to two concurrent claims', async () => {
    const clock = new ManualClock(T0);
    const ctxA = { ...testContext(get(), T0), clock };
    const ctxB = { ...testContext(get(), T0), clock };
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => {
      runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
      return { done: true };
    };
    for (let i = 0; i < 60; i++) {
      await upsertJob(ctxA.database.db, { guildId: `g-batch-${i}`, kind: 'test-batch', key: String(i), runAt: T0 });
    }
    const a = new Scheduler(ctxA, { 'test-batch': handler }, { batch: 7 });
    const b = new Scheduler(ctxB, { 'test-batch': handler }, { batch: 7 });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.ran + rb.ran).toBe(60);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(60);
  });

  it('start() ticks at once and stop() waits for the running tick', async () => {
    const ctx = testContext(get(), T0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    await upsertJob(ctx.database.db, { guildId: 'g-start', kind: 'test-start', key: 's', runAt: T0 });
    const scheduler = new Scheduler(ctx, {
      'test-start': async () => {
        await gate;
        finished = true;
        return { done: true };
      },
    });
    scheduler.start(); // the first tick begins synchronously
    const stopping = scheduler.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(await getJob(ctx.database.db, 'test-start', 's')).toBeUndefined();
  });

  it('counts jobs by kind and state for metrics, with the lag of the oldest due one', async () => {
    const ctx = testContext(get(), T0);
    const db = ctx.database.db;
    const at = (m: number) => new Date(T0.getTime() + minutes(m));
    await upsertJob(db, { guildId: 'g-stats', kind: 'stats-a', key: 'due-long', runAt: at(-10) });
    await upsertJob(db, { guildId: 'g-stats', kind: 'stats-a', key: 'due-short', runAt: at(-1) });
    await upsertJob(db, { guildId: 'g-stats', kind: 'stats-a', key: 'later', runAt: at(30) });
    await upsertJob(db, { guildId: 'g-stats', kind: 'stats-b', key: 'paused', runAt: at(-60) });
    await pauseJob(db, 'stats-b', 'paused', 'the channel is gone');
    await upsertJob(db, { guildId: 'g-stats', kind: 'stats-b', key: 'running', runAt: at(-30) });
    await claimDueJobs(db, { now: T0, leaseMs: minutes(5), limit: 10, kinds: ['stats-b'] });

    const stats = await jobStats(db, T0);
    const mine = stats.byKindAndState
      .filter((r) => r.kind.startsWith('stats-'))
      .sort((x, y) => `${x.kind}${x.state}`.localeCompare(`${y.kind}${y.state}`));
    expect(mine).toEqual([
      { kind: 'stats-a', state: 'due', count: 2 },
      { kind: 'stats-a', state: 'scheduled', count: 1 },
      { kind: 'stats-b', state: 'paused', count: 1 },
      { kind: 'stats-b', state: 'running', count: 1 },
    ]);
    // The paused and the running job wait longer, but only a due job nobody holds is lag.
    expect(stats.lagSeconds).toBeGreaterThanOrEqual(600);
  });
});
