import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { importPackFile } from '../../src/content/import.ts';
import { dailyPosts, jobs } from '../../src/db/schema/index.ts';
import { UserError } from '../../src/errors.ts';
import { DAILY_LEASE_MS, dailyQuoteJob, postDailyNow, previewDailyQuote } from '../../src/daily/post.ts';
import {
  DAILY_JOB,
  getDailySchedule,
  getDailyStatus,
  setDailySchedule,
  turnOffDaily,
  type SetDailyInput,
} from '../../src/daily/schedule.ts';
import { claimDueJobs, getJob, Scheduler } from '../../src/jobs/queue.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { RecordingMessenger, testContext } from '../helpers/schedule-context.ts';

const at = (iso: string) => new Date(iso);

describeEachBackend('daily quote', (get) => {
  beforeAll(async () => {
    await importPackFile(get(), 'tests/fixtures/quotes-pack.yaml');
    await importPackFile(get(), 'tests/fixtures/daily-private-pack.yaml', { guildId: 'g-private-owner' });
  });
  // Every test ticks the whole jobs table; leave none of its daily jobs behind for the next test.
  afterEach(async () => {
    await get().db.delete(jobs).where(eq(jobs.kind, DAILY_JOB));
  });

  function setup(now: string) {
    const messenger = new RecordingMessenger();
    const ctx = testContext(get(), at(now), messenger);
    const scheduler = new Scheduler(ctx, { [DAILY_JOB]: dailyQuoteJob });
    const set = (input: Partial<SetDailyInput> & { guildId: string; time: string; timezone: string }) =>
      setDailySchedule(ctx, { channelId: `c-${input.guildId}`, userId: 'u-admin', ...input });
    /** Ticks at each instant and returns how many posts each tick produced. */
    const postsAt = async (guildId: string, instants: string[]) => {
      const out: number[] = [];
      for (const i of instants) {
        ctx.clock.set(at(i));
        const before = messenger.to(`c-${guildId}`).length;
        await scheduler.tick();
        out.push(messenger.to(`c-${guildId}`).length - before);
      }
      return out;
    };
    const postedDates = async (guildId: string) =>
      (
        await get()
          .db.select({ d: dailyPosts.localDate, s: dailyPosts.status })
          .from(dailyPosts)
          .where(eq(dailyPosts.guildId, guildId))
          .orderBy(dailyPosts.localDate)
      ).map((r) => `${r.d}:${r.s}`);
    return { ctx, messenger, scheduler, set, postsAt, postedDates };
  }

  it('posts at the set local minute and not before, and answers with the next post time', async () => {
    const t = setup('2030-01-15T07:00:00Z');
    const { nextRunAt } = await t.set({ guildId: 'g-minute', time: '09:00', timezone: 'Europe/Paris' });
    expect(nextRunAt.toISOString()).toBe('2030-01-15T08:00:00.000Z');
    const { nextRunAt: moved } = await t.set({ guildId: 'g-minute', time: '9:30', timezone: 'Europe/Paris' });
    expect(moved.toISOString()).toBe('2030-01-15T08:30:00.000Z');
    expect(
      await t.postsAt('g-minute', ['2030-01-15T08:00:00Z', '2030-01-15T08:29:59Z', '2030-01-15T08:30:00Z', '2030-01-15T08:31:00Z']),
    ).toEqual([0, 0, 1, 0]);
    const [post] = t.messenger.to('c-g-minute');
    const embed = post!.message.embeds![0]!;
    expect(embed.title).toBe('Quote of the day');
    expect(embed.description).toMatch(/^“.+”\n\n— \*\*.+\*\*/);
    expect(embed.description).toMatch(/Debate it: `\/claim random topic:(the-state|property)`/);
    expect(embed.fields?.[0]?.value).toContain('[Test Sources](https://example.org/sources), The Riposte tests (2024)');
    expect((await getJob(get().db, DAILY_JOB, 'g-minute'))?.runAt.toISOString()).toBe('2030-01-16T08:30:00.000Z');
  });

  it('keeps 09:00 Europe/London at 09:00 local across both DST changes', async () => {
    const t = setup('2030-03-29T12:00:00Z');
    await t.set({ guildId: 'g-ldn', time: '09:00', timezone: 'Europe/London' });
    // Clocks go forward on 31 March and back on 27 October 2030.
    expect(
      await t.postsAt('g-ldn', [
        '2030-03-30T08:59:00Z',
        '2030-03-30T09:00:00Z',
        '2030-03-31T07:59:00Z',
        '2030-03-31T08:00:00Z',
        '2030-04-01T08:00:00Z',
      ]),
    ).toEqual([0, 1, 0, 1, 1]);
    await t.set({ guildId: 'g-ldn', time: '09:00', timezone: 'Europe/London' }); // a fresh job after a long gap
    expect(
      await t.postsAt('g-ldn', [
        '2030-10-26T07:59:00Z',
        '2030-10-26T08:00:00Z',
        '2030-10-27T08:00:00Z',
        '2030-10-27T08:59:00Z',
        '2030-10-27T09:00:00Z',
      ]),
    ).toEqual([0, 1, 0, 0, 1]);
  });

  it('posts a skipped spring-forward time at the next valid minute, and a doubled fall-back time once (London)', async () => {
    const t = setup('2030-03-30T12:00:00Z');
    // 31 March 2030: 01:00 GMT jumps to 02:00 BST, so 01:30 never happens; 02:00 BST is 01:00Z.
    await t.set({ guildId: 'g-ldn-dst', time: '01:30', timezone: 'Europe/London' });
    expect(
      await t.postsAt('g-ldn-dst', [
        '2030-03-31T00:59:00Z',
        '2030-03-31T01:00:00Z',
        '2030-03-31T01:30:00Z',
        '2030-04-01T00:29:00Z',
        '2030-04-01T00:30:00Z',
      ]),
    ).toEqual([0, 1, 0, 0, 1]);
    // 27 October 2030: 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    t.ctx.clock.set(at('2030-10-26T12:00:00Z'));
    await t.set({ guildId: 'g-ldn-dst', time: '01:30', timezone: 'Europe/London' });
    expect(
      await t.postsAt('g-ldn-dst', [
        '2030-10-27T00:29:00Z',
        '2030-10-27T00:30:00Z',
        '2030-10-27T01:30:00Z',
        '2030-10-27T02:30:00Z',
        '2030-10-28T01:30:00Z',
      ]),
    ).toEqual([0, 1, 0, 0, 1]);
  });

  it('posts a skipped spring-forward time at the next valid minute, and a doubled fall-back time once (New York)', async () => {
    const t = setup('2030-03-09T12:00:00Z');
    // 10 March 2030: 02:00 EST jumps to 03:00 EDT (07:00Z); 02:30 never happens.
    await t.set({ guildId: 'g-ny-dst', time: '02:30', timezone: 'America/New_York' });
    expect(
      await t.postsAt('g-ny-dst', [
        '2030-03-10T06:59:00Z',
        '2030-03-10T07:00:00Z',
        '2030-03-10T07:30:00Z',
        '2030-03-11T06:29:00Z',
        '2030-03-11T06:30:00Z',
      ]),
    ).toEqual([0, 1, 0, 0, 1]);
    // 3 November 2030: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    t.ctx.clock.set(at('2030-11-02T12:00:00Z'));
    await t.set({ guildId: 'g-ny-dst', time: '01:30', timezone: 'America/New_York' });
    expect(
      await t.postsAt('g-ny-dst', [
        '2030-11-03T05:29:00Z',
        '2030-11-03T05:30:00Z',
        '2030-11-03T06:30:00Z',
        '2030-11-04T06:29:00Z',
        '2030-11-04T06:30:00Z',
      ]),
    ).toEqual([0, 1, 0, 0, 1]);
    // 09:00 New York stays 09:00 local on both sides of the change.
    t.ctx.clock.set(at('2030-11-02T12:00:00Z'));
    await t.set({ guildId: 'g-ny-nine', time: '09:00', timezone: 'America/New_York' });
    expect(await t.postsAt('g-ny-nine', ['2030-11-03T13:00:00Z', '2030-11-03T14:00:00Z', '2030-11-04T14:00:00Z'])).toEqual([0, 1, 1]);
  });

  it('catches up a run missed by downtime later the same day, once, but never the day after', async () => {
    const t = setup('2030-05-01T08:00:00Z');
    await t.set({ guildId: 'g-down', time: '09:00', timezone: 'UTC' });
    // Down from 08:00 to 15:00: the 09:00 post comes at 15:00, once.
    expect(await t.postsAt('g-down', ['2030-05-01T15:00:00Z', '2030-05-01T15:01:00Z', '2030-05-01T23:59:00Z'])).toEqual([1, 0, 0]);
    // Down for all of 2 May, back on 3 May before 09:00: 2 May is not caught up; 3 May posts at 09:00.
    expect(await t.postsAt('g-down', ['2030-05-03T08:00:00Z', '2030-05-03T08:59:00Z', '2030-05-03T09:00:00Z'])).toEqual([0, 0, 1]);
    // Down over 4 May's and 5 May's times, back on 5 May after 09:00: only 5 May's post, at once.
    expect(await t.postsAt('g-down', ['2030-05-05T12:00:00Z', '2030-05-05T12:01:00Z'])).toEqual([1, 0]);
    expect(await t.postedDates('g-down')).toEqual(['2030-05-01:sent', '2030-05-03:sent', '2030-05-05:sent']);
  });

  it('rotates through all 5 quotes with no repeat, then starts a new cycle; /daily show counts down', async () => {
    const t = setup('2030-06-01T00:00:00Z');
    await t.set({ guildId: 'g-rot', time: '10:00', timezone: 'UTC' });
    const remaining: number[] = [];
    for (let day = 1; day <= 10; day++) {
      remaining.push((await getDailyStatus(get().db, 'g-rot', new Date()))!.pool.remaining);
      expect(await t.postsAt('g-rot', [`2030-06-${String(day).padStart(2, '0')}T10:00:00Z`])).toEqual([1]);
    }
    const texts = t.messenger.to('c-g-rot').map((m) => m.message.embeds![0]!.description!.split('\n')[0]);
    expect(new Set(texts.slice(0, 5)).size).toBe(5);
    expect(new Set(texts.slice(5, 10)).size).toBe(5);
    expect(new Set(texts).size).toBe(5);
    expect(remaining).toEqual([5, 4, 3, 2, 1, 0, 4, 3, 2, 1]);
    const cycles = await get()
      .db.select({ cycle: dailyPosts.cycle })
      .from(dailyPosts)
      .where(eq(dailyPosts.guildId, 'g-rot'))
      .orderBy(dailyPosts.localDate);
    expect(cycles.map((c) => c.cycle)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const status = await getDailyStatus(get().db, 'g-rot', new Date());
    expect(status).toMatchObject({
      lastPost: { localDate: '2030-06-10', channelId: 'c-g-rot' },
      problem: null,
      pool: { total: 5, remaining: 0 },
    });
  });

  it('draws only from the chosen topic, and a preview shows the next quote without taking it', async () => {
    const t = setup('2030-06-01T00:00:00Z');
    await t.set({ guildId: 'g-topic', time: '10:00', timezone: 'UTC', topicSlug: 'property', packSlug: 'daily-fixture' });
    const preview = await previewDailyQuote(get(), 'g-topic');
    expect(preview).toMatchObject({ total: 2, remaining: 2 });
    expect(await previewDailyQuote(get(), 'g-topic')).toEqual(preview);
    await t.postsAt('g-topic', ['2030-06-01T10:00:00Z', '2030-06-02T10:00:00Z', '2030-06-03T10:00:00Z']);
    const posts = t.messenger.to('c-g-topic').map((m) => m.message.embeds![0]!);
    expect(posts[0]!.description).toContain(preview!.quote.text);
    for (const p of posts) expect(p.description).toContain('Debate it: `/claim random topic:property`');
    expect(new Set(posts.slice(0, 2).map((p) => p.description)).size).toBe(2);
  });

  it("/daily now takes today's slot, so the scheduled post waits for tomorrow", async () => {
    const t = setup('2030-07-01T07:00:00Z');
    await t.set({ guildId: 'g-now', time: '09:00', timezone: 'UTC' });
    const now = await postDailyNow(t.ctx, 'g-now');
    expect(now).toMatchObject({ kind: 'posted', localDate: '2030-07-01', nextRunAt: at('2030-07-02T09:00:00Z') });
    expect(await postDailyNow(t.ctx, 'g-now')).toMatchObject({ kind: 'sent', localDate: '2030-07-01' });
    expect(await t.postsAt('g-now', ['2030-07-01T09:00:00Z', '2030-07-01T12:00:00Z', '2030-07-02T09:00:00Z'])).toEqual([0, 0, 1]);
    expect(await postDailyNow(t.ctx, 'g-unset')).toBeNull();
  });

  it('pauses on a 403, says why in /daily show, and resumes after /daily set', async () => {
    const t = setup('2030-08-01T08:00:00Z');
    await t.set({ guildId: 'g-403', time: '09:00', timezone: 'UTC' });
    t.messenger.failing.set('c-g-403', 403);
    expect(await t.postsAt('g-403', ['2030-08-01T09:00:00Z', '2030-08-01T09:01:00Z', '2030-08-02T09:00:00Z'])).toEqual([0, 0, 0]);
    const status = await getDailyStatus(get().db, 'g-403', new Date());
    expect(status?.problem).toMatch(/^I lost access to <#c-g-403> \(Discord: Missing Access\)/);
    expect(status?.nextRunAt).toBeNull();
    expect(await t.postedDates('g-403')).toEqual([]); // the slot and the quote were given back
    expect(status?.pool.remaining).toBe(5);

    t.messenger.failing.delete('c-g-403');
    const { nextRunAt } = await t.set({ guildId: 'g-403', time: '09:30', timezone: 'UTC' });
    expect(nextRunAt.toISOString()).toBe('2030-08-02T09:30:00.000Z');
    expect((await getDailyStatus(get().db, 'g-403', new Date()))?.problem).toBeNull();
    expect(await t.postsAt('g-403', ['2030-08-02T09:30:00Z'])).toEqual([1]);
  });

  it('pauses on a 404 (channel gone)', async () => {
    const t = setup('2030-08-01T08:00:00Z');
    await t.set({ guildId: 'g-404', time: '09:00', timezone: 'UTC' });
    t.messenger.failing.set('c-g-404', 404);
    await t.postsAt('g-404', ['2030-08-01T09:00:00Z']);
    expect((await getDailyStatus(get().db, 'g-404', new Date()))?.problem).toMatch(/^The channel <#c-g-404> is gone/);
  });

  it('retries a 5xx with backoff and posts the same quote once it goes through', async () => {
    const t = setup('2030-08-01T08:00:00Z');
    await t.set({ guildId: 'g-500', time: '09:00', timezone: 'UTC' });
    const preview = await previewDailyQuote(get(), 'g-500');
    t.messenger.failing.set('c-g-500', 500);
    expect(await t.postsAt('g-500', ['2030-08-01T09:00:00Z'])).toEqual([0]);
    expect(await t.postedDates('g-500')).toEqual(['2030-08-01:failed']);
    expect((await getDailyStatus(get().db, 'g-500', new Date()))?.lastError).toBe('Server error');
    t.messenger.failing.delete('c-g-500');
    expect(await t.postsAt('g-500', ['2030-08-01T09:00:29Z', '2030-08-01T09:00:30Z', '2030-08-01T09:05:00Z'])).toEqual([0, 1, 0]);
    expect(t.messenger.to('c-g-500')[0]!.message.embeds![0]!.description).toContain(preview!.quote.text);
    expect(await t.postedDates('g-500')).toEqual(['2030-08-01:sent']);
  });

  it('resumes a post claimed by a worker that died before sending, without losing or doubling it', async () => {
    const t = setup('2030-09-01T08:00:00Z');
    await t.set({ guildId: 'g-crash', time: '09:00', timezone: 'UTC' });
    t.ctx.clock.set(at('2030-09-01T09:00:00Z'));
    const preview = await previewDailyQuote(get(), 'g-crash');
    // The dead worker: it claimed the job (with the daily job's own lease, as a scheduler does) and
    // the day's slot, then vanished. The job is taken over when its lease passes and the post resumes
    // when the slot goes stale, within minutes, so Discord still knows the post's nonce.
    const claimed = await claimDueJobs(get().db, { now: t.ctx.clock.now(), leaseMs: DAILY_LEASE_MS, limit: 10, kinds: [DAILY_JOB] });
    expect(claimed.map((j) => j.key)).toEqual(['g-crash']);
    await get().db.insert(dailyPosts).values({
      guildId: 'g-crash',
      localDate: '2030-09-01',
      quoteId: preview!.quote.id,
      cycle: 1,
      channelId: 'c-g-crash',
      claimedAt: t.ctx.clock.now(),
    });
    expect(
      await t.postsAt('g-crash', ['2030-09-01T09:01:00Z', '2030-09-01T09:01:45Z', '2030-09-01T09:02:00Z', '2030-09-01T09:03:00Z']),
    ).toEqual([0, 0, 1, 0]);
    expect(t.messenger.to('c-g-crash')[0]!.message.embeds![0]!.description).toContain(preview!.quote.text);
    expect(await t.postedDates('g-crash')).toEqual(['2030-09-01:sent']);
  });

  it('/daily off stops the posts', async () => {
    const t = setup('2030-10-01T08:00:00Z');
    await t.set({ guildId: 'g-off', time: '09:00', timezone: 'UTC' });
    expect(await turnOffDaily(get().db, 'g-off')).toBe(true);
    expect(await turnOffDaily(get().db, 'g-off')).toBe(false);
    expect(await t.postsAt('g-off', ['2030-10-01T09:00:00Z'])).toEqual([0]);
    expect(await getDailyStatus(get().db, 'g-off', new Date())).toBeNull();
  });

  it('refuses bad input with a specific message and saves nothing', async () => {
    const t = setup('2030-10-01T08:00:00Z');
    const refused = async (input: Partial<SetDailyInput>) => {
      const err = await t.set({ guildId: 'g-bad', time: '09:00', timezone: 'UTC', ...input }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      return (err as Error).message;
    };
    expect(await refused({ time: '25:00' })).toBe('"25:00" is not a time; use HH:MM, e.g. 09:30');
    expect(await refused({ time: 'noon' })).toBe('"noon" is not a time; use HH:MM, e.g. 09:30');
    expect(await refused({ timezone: 'Mars/Olympus' })).toBe(
      '"Mars/Olympus" is not a time zone I know; pick one from the list, e.g. Europe/London',
    );
    expect(await refused({ topicSlug: 'nope' })).toBe('There is no topic "nope" here; pick one from the list.');
    expect(await refused({ packSlug: 'nope' })).toBe('There is no pack "nope" here; pick one from the list.');
    expect(await refused({ packSlug: 'daily-fixture', topicSlug: 'secret' })).toBe(
      'Pack "daily-fixture" has no topic "secret"; pick one from the list.',
    );
    // Another server's private pack is invisible here.
    expect(await refused({ topicSlug: 'secret' })).toBe('There is no topic "secret" here; pick one from the list.');
    t.messenger.unusable.set('c-g-bad', 'I am missing the Embed Links permission there');
    // The domain names the channel by id; each edge words it (Discord as a mention, the console as #name).
    expect(await refused({})).toBe(
      "I can't post the daily quote in #c-g-bad: I am missing the Embed Links permission there. Nothing was saved.",
    );
    expect(await getDailySchedule(get().db, 'g-bad')).toBeUndefined();
    expect(await getJob(get().db, DAILY_JOB, 'g-bad')).toBeUndefined();

    const { schedule } = await t.set({ guildId: 'g-private-owner', time: '09:00', timezone: 'europe/london', topicSlug: 'secret' });
    expect(schedule.timezone).toBe('Europe/London');
    expect((await previewDailyQuote(get(), 'g-private-owner'))?.quote.speaker).toBe('Private Speaker');
    const rows = await get()
      .db.select()
      .from(dailyPosts)
      .where(and(eq(dailyPosts.guildId, 'g-bad')));
    expect(rows).toEqual([]);
  });
});
