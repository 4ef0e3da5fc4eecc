import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { importPackFile } from '../../src/content/import.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import type { Reply } from '../../src/interactions/types.ts';
import { dailyQuoteJob, postDailyQuote } from '../../src/daily/post.ts';
import { DAILY_JOB, setDailySchedule } from '../../src/daily/schedule.ts';
import { Scheduler } from '../../src/jobs/queue.ts';
import { addDays, formatLocalDate, localDateTime, runInstant } from '../../src/jobs/timezone.ts';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { RecordingMessenger, testContext } from '../helpers/schedule-context.ts';

/** Yields between the claim and the send, so two schedulers' work interleaves as it would on the network. */
class SlowMessenger extends RecordingMessenger {
  readonly times: { channelId: string; at: Date; text: string }[] = [];
  constructor(private readonly clock: ManualClock) {
    super();
  }
  override async send(channelId: string, message: Omit<Reply, 'ephemeral'>) {
    await new Promise((r) => setImmediate(r));
    this.times.push({ channelId, at: this.clock.now(), text: message.embeds?.[0]?.description ?? '' });
    return super.send(channelId, message);
  }
}

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles'];
const GUILDS = 50;
const STEP_MS = 7 * 60_000;
const START = new Date('2030-03-08T00:00:00Z');
const END = new Date('2030-03-12T00:00:00Z'); // spans New York's spring-forward night
const LAST_TICK = new Date(START.getTime() + Math.ceil((END.getTime() - START.getTime()) / STEP_MS) * STEP_MS);

// Two processes on one database: two pools on real PostgreSQL; on PGlite one connection shared.
for (const backend of backends) {
  describe(`two schedulers on one database [${backend}]`, () => {
    let primary: TestDatabase;
    let second: Database;
    beforeAll(async () => {
      primary = await createTestDatabase(backend);
      second = primary.url ? await openDatabase({ url: primary.url, max: 5 }) : primary;
      await importPackFile(primary, 'tests/fixtures/quotes-pack.yaml');
    });
    afterAll(async () => {
      if (second !== primary) await second.close();
      await primary.close();
    });

    // About 1,650 scheduler ticks, each a few queries: 7 s alone on PGlite (one connection, on this
    // thread), but over 60 s when the suite's other worker runs bot processes on the same two cores.
    it(`post each due quote exactly once for ${GUILDS} servers over four days`, { timeout: 180_000 }, async () => {
      const clock = new ManualClock(START);
      const messenger = new SlowMessenger(clock);
      const a = { ...testContext(primary, START, messenger), clock };
      const b = { ...testContext(second, START, messenger), clock };
      const expected = new Map<string, string[]>();
      for (let i = 0; i < GUILDS; i++) {
        const guildId = `g-conc-${i}`;
        const zone = ZONES[i % ZONES.length]!;
        const time = { hour: (i * 7) % 24, minute: (i * 13) % 60 };
        await setDailySchedule(a, {
          guildId,
          channelId: `c-${guildId}`,
          time: `${time.hour}:${String(time.minute).padStart(2, '0')}`,
          timezone: zone,
          userId: 'u',
        });
        const dates: string[] = [];
        const first = localDateTime(START, zone);
        for (let d = 0; d < 6; d++) {
          const date = addDays(first, d);
          const run = runInstant(date, time, zone);
          if (run > START && run <= LAST_TICK) dates.push(formatLocalDate(date));
        }
        expected.set(guildId, dates);
      }

      const sa = new Scheduler(a, { [DAILY_JOB]: dailyQuoteJob }, { batch: 5, concurrency: 4 });
      const sb = new Scheduler(b, { [DAILY_JOB]: dailyQuoteJob }, { batch: 5, concurrency: 4 });
      let claimedA = 0;
      let claimedB = 0;
      while (clock.now() < END) {
        clock.advance(STEP_MS);
        const [ra, rb] = await Promise.all([sa.tick(), sb.tick()]);
        expect(ra.failed + rb.failed).toBe(0);
        claimedA += ra.claimed;
        claimedB += rb.claimed;
      }

      const expectedTotal = [...expected.values()].reduce((n, d) => n + d.length, 0);
      expect(expectedTotal).toBeGreaterThan(GUILDS * 3);
      expect(messenger.sent).toHaveLength(expectedTotal);
      for (const [guildId, dates] of expected) {
        const posts = messenger.times.filter((p) => p.channelId === `c-${guildId}`);
        const zone = ZONES[Number(guildId.split('-')[2]) % ZONES.length]!;
        expect(posts.map((p) => formatLocalDate(localDateTime(p.at, zone)))).toEqual(dates);
        expect(new Set(posts.map((p) => p.text)).size).toBe(posts.length);
      }
      // On PostgreSQL both really worked: the claims were shared, not all taken by one side. (PGlite's
      // single connection runs one claim after the other, so the first usually takes everything due.)
      expect(claimedA + claimedB).toBeGreaterThanOrEqual(expectedTotal);
      if (backend === 'postgres') expect(Math.min(claimedA, claimedB)).toBeGreaterThan(0);
    });

    it('let only one of two simultaneous posts for the same server and date through (the daily_posts claim)', async () => {
      const now = new Date('2030-04-01T12:00:00Z');
      const clock = new ManualClock(now);
      const messenger = new SlowMessenger(clock);
      const a = { ...testContext(primary, now, messenger), clock };
      const b = { ...testContext(second, now, messenger), clock };
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        const guildId = `g-race-${i}`;
        await setDailySchedule(a, { guildId, channelId: `c-${guildId}`, time: '09:00', timezone: 'UTC', userId: 'u' });
        const results = await Promise.all([postDailyQuote(a, guildId, '2030-04-01'), postDailyQuote(b, guildId, '2030-04-01')]);
        outcomes.push(...results.map((r) => r.kind));
        expect(results.filter((r) => r.kind === 'posted')).toHaveLength(1);
        expect(messenger.to(`c-${guildId}`)).toHaveLength(1);
      }
      expect(outcomes.filter((k) => k === 'posted')).toHaveLength(20);
      expect(outcomes.every((k) => k === 'posted' || k === 'busy' || k === 'sent')).toBe(true);
    });
  });
}
