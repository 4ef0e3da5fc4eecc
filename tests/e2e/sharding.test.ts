import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPack, importPackFile } from '../../src/content/import.ts';
import { checkPackText } from '../../src/content/validate-pack.ts';
import { backends } from '../helpers/db.ts';
import { PACK_PATH } from '../helpers/drill-context.ts';
import { spawnRiposte, startBotProcess, type BotProcess } from './bot-process.ts';
import { shardOf, startFakeDiscord, type FakeDiscord, type FakeUser } from './fake-discord/index.ts';
import { prepareStore, type BotStore } from './harness.ts';

// G0 is on shard 0 and G1 on shard 1 of two: (guild_id >> 22) % 2, checked below.
const G0 = '540000000000000001';
const G1 = '540000000004194305';
const C0 = '540000000000000011';
const C1 = '540000000004194315';
const admin: FakeUser = { id: '640000000000000001', username: 'admin', manageGuild: true };
const member: FakeUser = { id: '640000000000000002', username: 'member' };
const CLOSED_TITLE = 'Drill closed: the reference rebuttal';

/** Long enough for both processes to tick a few times (every 500 ms), to see that a tick does nothing. */
const A_FEW_TICKS_MS = 1_500;

/** The next whole minute of the bots' time, with room for /daily set to land before it. */
function nextMinute(now: number): { at: number; hhmm: string } {
  let at = Math.ceil((now + 1) / 60_000) * 60_000;
  if (at - now < 15_000) at += 60_000;
  const d = new Date(at);
  return { at, hhmm: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` };
}

/** Which guilds a process answered interactions for, from its `interaction` log lines (LOG_LEVEL=debug). */
const guildsAnswered = (bot: BotProcess) =>
  new Set(
    bot
      .logs()
      .filter((l) => l.msg === 'interaction')
      .map((l) => l.guildId),
  );

// Several processes share one database here, and the embedded PGlite opens in one process only
// (start:sharded refuses to run without DATABASE_URL, which the PGlite run checks below): the
// sharded runs are PostgreSQL's. On a PGlite-only run (plain `npm test`) they show as skipped.
describe.skipIf(!backends.includes('postgres'))('sharded bots on one PostgreSQL [postgres] (needs TEST_DATABASE_URL)', () => {
  let fake: FakeDiscord;
  let store: BotStore;
  let packsDir: string;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [
        { id: G0, name: 'Shard zero club', channels: [{ id: C0, name: 'general' }] },
        { id: G1, name: 'Shard one club', channels: [{ id: C1, name: 'general' }] },
      ],
      // As for a large bot: 16 shards may identify at once, so the manager starts them without a 5 s gap.
      maxConcurrency: 16,
    });
    store = await prepareStore('postgres', async (db) => {
      await importPackFile(db, 'tests/fixtures/quotes-pack.yaml');
      const check = checkPackText(await readFile(PACK_PATH, 'utf8'));
      if (!check.ok) throw new Error(check.errors.join('\n'));
      await importPack(db, { ...check.pack, claims: check.pack.claims.slice(0, 1), quotes: [] });
    });
    packsDir = await mkdtemp(join(tmpdir(), 'riposte-shard-packs-'));
  });

  afterAll(async () => {
    await fake?.close();
    await store?.cleanup();
    if (packsDir) await rm(packsDir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>) => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: store.databaseUrl!,
    PACKS_DIR: packsDir,
    RIPOSTE_TICK_MS: '500',
    LOG_LEVEL: 'debug',
    SHARD_COUNT: '2',
    ...extra,
  });

  it('two hosts holding shard 0 and shard 1: each answers its own guilds; a drill closes and a daily posts once', {
    timeout: 150_000,
  }, async () => {
    expect([shardOf(G0, 2), shardOf(G1, 2)]).toEqual([0, 1]);
    const launch = (ids: string) =>
      startBotProcess({
        apiUrl: fake.apiUrl,
        token: fake.token,
        databaseUrl: store.databaseUrl,
        env: { ...env({ SHARD_IDS: ids }), RIPOSTE_TEST_CLOCK: 'ipc' },
      });
    const bots = await Promise.all([launch('0'), launch('1')]);
    const [bot0, bot1] = bots;
    try {
      await fake.connected();
      expect(fake.connectedShards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);

      for (const [guildId, channelId, shard] of [[G0, C0, 0] as const, [G1, C1, 1] as const]) {
        const a = await fake.command({ guildId, channelId, user: member, name: 'quote', subcommand: 'random' });
        expect(a.embeds.length).toBeGreaterThan(0);
        expect(a.interaction.shardId).toBe(shard);
      }
      // The log line comes a moment after the answer.
      await expect.poll(() => guildsAnswered(bot0!), { timeout: 5_000, interval: 100 }).toEqual(new Set([G0]));
      await expect.poll(() => guildsAnswered(bot1!), { timeout: 5_000, interval: 100 }).toEqual(new Set([G1]));

      // Both processes run the scheduler on the same jobs table, and their clocks move together.
      let offset = 0;
      const now = () => Date.now() + offset;
      const advance = async (ms: number) => {
        await Promise.all(bots.map((b) => b.advanceClock(ms)));
        offset += ms;
      };

      // A timed drill on shard 1's guild and a daily quote on shard 0's, both due in the same minute.
      const { at, hhmm } = nextMinute(now());
      const set = await fake.command({
        guildId: G0,
        channelId: C0,
        user: admin,
        name: 'daily',
        subcommand: 'set',
        options: { channel: C0, time: hhmm, timezone: 'UTC' },
      });
      expect(set.content).toContain(`Next post: <t:${at / 1000}:F>`);
      const started = await fake.command({
        guildId: G1,
        channelId: C1,
        user: admin,
        name: 'drill',
        subcommand: 'start',
        options: { minutes: 1 },
      });
      const closesAt = Number(/<t:(\d+):R>/.exec(started.content)![1]) * 1000;
      expect(fake.channelMessages(C1)).toHaveLength(1);

      const daily = fake.nextChannelMessage(C0, 30_000);
      const results = fake.nextChannelMessage(C1, 30_000);
      await advance(Math.max(at, closesAt) + 1_000 - now());
      expect((await daily).embeds[0]!.title).toBe('Quote of the day');
      expect((await results).embeds[0]!.title).toBe(CLOSED_TITLE);
      await new Promise((r) => setTimeout(r, A_FEW_TICKS_MS));

      // One attempt each, not a second one that Discord's nonce check turned away.
      expect(fake.messageCreates.filter((m) => m.channelId === C0)).toHaveLength(1);
      expect(fake.channelMessages(C1).filter((m) => m.embeds[0]?.title === CLOSED_TITLE)).toHaveLength(1);
      expect(fake.messageCreates.filter((m) => m.channelId === C1 && m.outcome !== 'created')).toEqual([]);
      expect(fake.violations).toEqual([]);
    } finally {
      expect(await Promise.all(bots.map((b) => b.stop()))).toEqual([0, 0]);
    }
  });

  it('npm run start:sharded with SHARD_COUNT=2: both shard processes connect, each answers its guild, both stop on SIGTERM', {
    timeout: 120_000,
  }, async () => {
    const manager = spawnRiposte(env({}), { script: 'src/discord/sharding-cli.ts' });
    try {
      await manager.waitForLog('all shards ready');
      expect(fake.connectedShards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      for (const [guildId, channelId, shard] of [[G0, C0, 0] as const, [G1, C1, 1] as const]) {
        const a = await fake.command({ guildId, channelId, user: member, name: 'quote', subcommand: 'random' });
        expect(a.embeds.length).toBeGreaterThan(0);
        expect(a.interaction.shardId).toBe(shard);
      }
    } finally {
      expect(await manager.stop()).toBe(0);
    }
    // Each shard process shut down on its own terms (finishing its work, closing its pool).
    expect(manager.logs().filter((l) => l.msg === 'shutting down')).toHaveLength(2);
    expect(manager.logs().filter((l) => l.msg === 'Riposte is ready')).toHaveLength(2);
  });
});

// Needs no database: it runs in the PGlite pass only, so CI does not run it twice.
describe.skipIf(!backends.includes('pglite'))('npm run start:sharded without PostgreSQL', () => {
  it('refuses in one line naming DATABASE_URL, before connecting anything', { timeout: 60_000 }, async () => {
    const fake = await startFakeDiscord({ guilds: [] });
    try {
      const run = spawnRiposte(
        { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: '2' },
        { script: 'src/discord/sharding-cli.ts' },
      );
      expect(await run.exited()).toBe(1);
      expect(run.stderr()).toMatch(/^Riposte could not start: npm run start:sharded needs DATABASE_URL \(PostgreSQL\)/m);
      expect(fake.requests).toEqual([]);
      expect(fake.identifies).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
