import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { closeAndPost, startDrill, submit } from '../../src/drills/runner.ts';
import { drillJobHandlers } from '../../src/drills/jobs.ts';
import { findActiveDrill, getDrill } from '../../src/drills/lifecycle.ts';
import { getDrillAnswers } from '../../src/drills/results.ts';
import { DRILL_SCHEDULED_JOB, setDrillSchedule } from '../../src/drills/schedule.ts';
import { scoringRebuttalId } from '../../src/drills/pick.ts';
import { nextCronRuns } from '../../src/jobs/cron-next.ts';
import { getJob, Scheduler } from '../../src/jobs/queue.ts';
import { loadRubric } from '../../src/scoring/rubric.ts';
import { keyPointAnswer } from '../helpers/drill-fixtures.ts';

const T0 = new Date('2026-03-02T10:00:00Z'); // Monday

describeEachBackend('recurring and flip drills', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('starts a scheduled drill at its cron time, skips a busy channel, and moves to the next run', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const view = await setDrillSchedule(get().db, {
      guildId,
      channelId,
      cron: '30 10 * * *',
      timezone: 'UTC',
      topic: 'kronstadt',
      minutes: 20,
      createdBy: 'mod',
      now: T0,
    });
    expect(view.nextRuns.map((d) => d.toISOString())).toEqual([
      '2026-03-02T10:30:00.000Z',
      '2026-03-03T10:30:00.000Z',
      '2026-03-04T10:30:00.000Z',
    ]);
    const scheduler = new Scheduler(ctx, drillJobHandlers);
    await scheduler.tick();
    expect(await findActiveDrill(get().db, guildId, channelId)).toBeUndefined();

    ctx.clock.set(new Date('2026-03-02T10:30:05Z'));
    await scheduler.tick();
    const drill = (await findActiveDrill(get().db, guildId, channelId))!;
    expect(drill).toMatchObject({ scheduleId: view.schedule.id, topicSlug: 'kronstadt', startedBy: 'mod' });
    expect(drill.closesAt.toISOString()).toBe('2026-03-02T10:50:05.000Z');
    expect(messenger.to(channelId)).toHaveLength(1);
    expect((await getJob(get().db, DRILL_SCHEDULED_JOB, String(view.schedule.id)))?.runAt.toISOString()).toBe('2026-03-03T10:30:00.000Z');

    // The next day the old drill is somehow still running (voting): that run is skipped, not doubled.
    await get().db.execute(sql`update drills set status = 'voting', closes_at = now() - interval '1 day' where id = ${drill.id}`);
    ctx.clock.set(new Date('2026-03-03T10:30:01Z'));
    await scheduler.tick();
    expect(messenger.to(channelId)).toHaveLength(1);
    expect((await getJob(get().db, DRILL_SCHEDULED_JOB, String(view.schedule.id)))?.runAt.toISOString()).toBe('2026-03-04T10:30:00.000Z');
  });

  it('pauses a schedule whose channel the bot can no longer post in', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const view = await setDrillSchedule(get().db, {
      guildId,
      channelId,
      cron: '0 11 * * *',
      timezone: 'UTC',
      minutes: 10,
      createdBy: 'mod',
      now: T0,
    });
    messenger.failing.set(channelId, 403);
    ctx.clock.set(new Date('2026-03-02T11:00:01Z'));
    await new Scheduler(ctx, drillJobHandlers).tick();
    const job = await getJob(get().db, DRILL_SCHEDULED_JOB, String(view.schedule.id));
    expect(job?.pausedReason).toMatch(/can't post the drill in this channel/);
    expect(await findActiveDrill(get().db, guildId, channelId)).toBeUndefined();
  });

  it('computes cron runs in the time zone, across daylight saving time', () => {
    // Paris moves to summer time on 29 March 2026: 18:00 local is 17:00 UTC before, 16:00 UTC after.
    const runs = nextCronRuns('0 18 * * *', 'Europe/Paris', new Date('2026-03-27T12:00:00Z'), 3);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-03-27T17:00:00.000Z', '2026-03-28T17:00:00.000Z', '2026-03-29T16:00:00.000Z']);
    expect(nextCronRuns('0 9 * * 1', 'UTC', new Date('2026-03-02T09:00:00Z'), 1)[0]?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('flip mode presents a rebuttal and scores against its counter-rebuttal', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1', mode: 'flip', topic: 'civil-war' });
    expect(drill.mode).toBe('flip');
    const [parent] = await get().rows<{ claim_id: number }>(sql`select claim_id from rebuttals where id = ${drill.rebuttalId}`);
    expect(parent?.claim_id).toBe(drill.claimId);
    const counterId = await scoringRebuttalId(get().db, drill);
    const [child] = await get().rows<{ parent_id: number }>(sql`select parent_id from rebuttals where id = ${counterId}`);
    expect(child?.parent_id).toBe(drill.rebuttalId);
    expect(messenger.to(channelId)[0]?.message.embeds?.[0]?.title).toBe('Counter this rebuttal');
    const rubric = await loadRubric(get().db, counterId);
    const counter = keyPointAnswer(rubric, 'Counter');
    await submit(ctx, { guildId, drillId: drill.id, userId: 'f1', displayName: 'F1', text: counter });
    await closeAndPost(ctx, { drillId: drill.id, cancelTimer: true });
    const [answer] = await getDrillAnswers(get().db, drill.id);
    expect(answer?.coverage).toBe(1);
    expect((await getDrill(get().db, guildId, drill.id)).status).toBe('voting');
    expect(JSON.stringify(messenger.to(channelId).map((m) => m.message))).toContain('Drill closed: a counter-rebuttal');
  });
});
