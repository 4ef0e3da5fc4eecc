import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { importPack } from '../../src/content/import.ts';
import { checkPackText } from '../../src/content/validate-pack.ts';
import { backends } from '../helpers/db.ts';
import { PACK_PATH } from '../helpers/drill-context.ts';
import { FakeDiscord, type FakeUser, type StoredMessage } from './fake-discord/index.ts';
import { startE2E, type E2E } from './harness.ts';

const GUILD = '540000000000000001';
const FLAKY = '540000000000000011';
const CRASH = '540000000000000012';
const LOCKED = '540000000000000013';
const admin: FakeUser = { id: '640000000000000001', username: 'moderator', manageGuild: true };

const isResults = (m: StoredMessage) => /^Drill closed/.test(String(m.embeds[0]?.title ?? ''));

/** A few of the bot's ticks (RIPOSTE_TICK_MS 300) in real time, for "nothing more happens" checks. */
const someTicks = () => new Promise((r) => setTimeout(r, 2000));

for (const backend of backends) {
  describe(`results Discord refuses are delivered later, once [${backend}]`, () => {
    let e2e: E2E;

    beforeAll(async () => {
      e2e = await startE2E({
        backend,
        guilds: [
          {
            id: GUILD,
            name: 'Debate club',
            channels: [
              { id: FLAKY, name: 'flaky' },
              { id: CRASH, name: 'crash' },
              { id: LOCKED, name: 'locked' },
            ],
          },
        ],
        seed: async (db) => {
          const check = checkPackText(await readFile(PACK_PATH, 'utf8'));
          if (!check.ok) throw new Error(check.errors.join('\n'));
          await importPack(db, { ...check.pack, claims: check.pack.claims.slice(0, 1), quotes: [] });
        },
        env: { RIPOSTE_TICK_MS: '300' },
        clock: true,
      });
    }, 180_000);

    afterAll(async () => {
      await e2e?.stop();
    });

    const start = async (channelId: string) => {
      const started = await e2e.fake.command({ guildId: GUILD, channelId, user: admin, name: 'drill', subcommand: 'start' });
      expect(started.content).toContain('Drill started');
      return e2e.fake.channelMessages(channelId)[0]!;
    };
    const creates = (channelId: string) => e2e.fake.messageCreates.filter((c) => c.channelId === channelId);

    it('retries results refused with 500s and posts them once when Discord recovers', { timeout: 120_000 }, async () => {
      const prompt = await start(FLAKY);
      const down = e2e.fake.fail({ method: 'POST', path: FakeDiscord.postsIn(FLAKY), status: 500 });
      const closed = await e2e.fake.command({ guildId: GUILD, channelId: FLAKY, user: admin, name: 'drill', subcommand: 'close' });
      expect(closed.ephemeral).toBe(true);
      // discord.js tried the post 4 times (3 retries of a 5xx); the job then waits its backoff (30 s).
      expect(down.hits).toBe(4);
      await e2e.advanceClock(30_000);
      await expect.poll(() => down.hits, { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
      expect(e2e.fake.channelMessages(FLAKY).filter(isResults)).toHaveLength(0);

      down.clear();
      await e2e.advanceClock(60_000);
      await expect.poll(() => e2e.fake.channelMessages(FLAKY).filter(isResults).length, { timeout: 30_000 }).toBeGreaterThan(0);
      // Later ticks post nothing more: the job is done.
      await e2e.advanceClock(2 * 3_600_000);
      await someTicks();
      expect(e2e.fake.channelMessages(FLAKY).filter(isResults)).toHaveLength(1);
      expect(creates(FLAKY).map((c) => c.outcome)).toEqual(['created', 'created']);
      // Every post carried a nonce with enforce_nonce; the prompt was marked closed.
      expect(creates(FLAKY).every((c) => c.enforceNonce && c.nonce !== undefined && c.nonce.length <= 25)).toBe(true);
      expect(e2e.fake.messages.get(prompt.id)!.components).toEqual([]);
    });

    it('posts nothing twice when the bot is killed after Discord took the results but before it recorded them', {
      timeout: 180_000,
    }, async () => {
      await start(CRASH);
      // Discord takes the results message, but its answer never reaches the bot, which is then killed.
      e2e.fake.holdAnswers(CRASH, 1);
      // Not awaited: the bot dies before it finishes this interaction, whose answer would only come
      // when the fake gives up waiting (20 s); its outcome is not what this test is about.
      void e2e.fake.command({ guildId: GUILD, channelId: CRASH, user: admin, name: 'drill', subcommand: 'close' }).catch(() => undefined);
      await expect.poll(() => e2e.fake.channelMessages(CRASH).filter(isResults).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const taken = e2e.fake.channelMessages(CRASH).filter(isResults);
      e2e.bot.child.kill('SIGKILL');
      await e2e.bot.exited();
      expect(creates(CRASH).filter((c) => c.outcome === 'created')).toHaveLength(2);

      await e2e.restart();
      // The dead worker's claim on the results job (30 s) passes; the new process sends the same nonce.
      await e2e.advanceClock(31_000);
      const replayed = () => creates(CRASH).filter((c) => c.outcome === 'replayed');
      await expect.poll(() => replayed().length, { timeout: 30_000 }).toBeGreaterThan(0);
      const replay = replayed();
      expect(replay[0]!.messageId).toBe(taken[0]!.id);
      expect(replay[0]!.nonce).toBe(creates(CRASH)[1]!.nonce);
      await e2e.advanceClock(2 * 3_600_000);
      await someTicks();
      expect(e2e.fake.channelMessages(CRASH).filter(isResults)).toHaveLength(1);
      expect(creates(CRASH).filter((c) => c.outcome === 'created')).toHaveLength(2);
      expect(creates(CRASH).filter((c) => c.outcome === 'replayed')).toHaveLength(1);
    });

    it('stops on 403 in the results channel, says why in /drill schedule show, and tries no more', { timeout: 120_000 }, async () => {
      const set = await e2e.fake.command({
        guildId: GUILD,
        channelId: LOCKED,
        user: admin,
        name: 'drill',
        subcommand: 'schedule set',
        options: { cron: '0 3 * * *', timezone: 'UTC' },
      });
      expect(set.content).toContain('Recurring drill set');
      await start(LOCKED);
      e2e.fake.setBotCanPost(LOCKED, false);
      await e2e.fake.command({ guildId: GUILD, channelId: LOCKED, user: admin, name: 'drill', subcommand: 'close' });
      const tries = () => e2e.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${LOCKED}/messages`).length;
      const before = tries();
      expect(before).toBe(2); // the prompt, then the refused results

      const shown = await e2e.fake.command({ guildId: GUILD, channelId: LOCKED, user: admin, name: 'drill', subcommand: 'schedule show' });
      expect(shown.ephemeral).toBe(true);
      expect(shown.content).toContain(`⚠️ paused: The results of drill`);
      expect(shown.content).toContain(`were not posted: I lost access to <#${LOCKED}>`);
      expect(shown.content).toContain('**Results not posted**');

      await e2e.advanceClock(6 * 3_600_000);
      await someTicks();
      expect(tries()).toBe(before);
      expect(e2e.fake.channelMessages(LOCKED).filter(isResults)).toHaveLength(0);
    });
  });
}
