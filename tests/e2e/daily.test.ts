import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackFile } from '../../src/content/import.ts';
import { backends } from '../helpers/db.ts';
import type { FakeUser } from './fake-discord/index.ts';
import { startE2E, type E2E } from './harness.ts';

const GUILD = '510000000000000001';
const CHAN_POST = '510000000000000011';
const CHAN_LOCKED = '510000000000000012';
const admin: FakeUser = { id: '610000000000000001', username: 'admin', manageGuild: true };
const member: FakeUser = { id: '610000000000000002', username: 'member' };

/**
 * The bot process runs on a clock the test moves (RIPOSTE_TEST_CLOCK) and ticks every 500 ms
 * (RIPOSTE_TICK_MS) instead of on node-cron's minute: the test sets the post for the next minute of
 * the bot's time and moves that time past it instead of waiting for it.
 */
function nextMinute(now: number): { at: number; hhmm: string } {
  let at = Math.ceil((now + 1) / 60_000) * 60_000;
  if (at - now < 15_000) at += 60_000; // leave /daily set time to land before that minute starts
  const d = new Date(at);
  return { at, hhmm: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` };
}

/** Long enough for the bot to tick a few times (every 500 ms), to see that a tick does nothing. */
const A_FEW_TICKS_MS = 1_500;

for (const backend of backends) {
  describe(`the daily quote through a fake Discord [${backend}]`, () => {
    let e2e: E2E;
    const inGuild = (user: FakeUser = admin) => ({ guildId: GUILD, channelId: CHAN_POST, user, name: 'daily' });

    beforeAll(async () => {
      e2e = await startE2E({
        backend,
        guilds: [
          {
            id: GUILD,
            name: 'Daily',
            channels: [
              { id: CHAN_POST, name: 'quotes' },
              { id: CHAN_LOCKED, name: 'announcements', botCanPost: false },
            ],
          },
        ],
        seed: (db) => importPackFile(db, 'tests/fixtures/quotes-pack.yaml').then(() => undefined),
        env: { RIPOSTE_TICK_MS: '500' },
        clock: true,
      });
    });

    afterAll(async () => {
      await e2e?.stop();
    });

    it('registers /daily for Manage Server only, and refuses members and unusable channels', async () => {
      const def = e2e.fake.registeredCommands(GUILD).find((c) => c.name === 'daily');
      expect(def?.default_member_permissions).toBe('32');

      const denied = await e2e.fake.command({ ...inGuild(member), subcommand: 'show' });
      expect(denied).toMatchObject({ ephemeral: true, content: 'You need the Manage Server permission to manage the daily quote.' });

      const badTime = await e2e.fake.command({
        ...inGuild(),
        subcommand: 'set',
        options: { channel: CHAN_POST, time: '25:00', timezone: 'UTC' },
      });
      expect(badTime).toMatchObject({ kind: 'reply', ephemeral: true, content: '"25:00" is not a time; use HH:MM, e.g. 09:30' });

      const zones = await e2e.fake.autocomplete({
        ...inGuild(),
        subcommand: 'set',
        options: { timezone: 'new york' },
        focused: 'timezone',
      });
      expect(zones).toEqual([{ name: 'America/New_York', value: 'America/New_York' }]);

      const locked = await e2e.fake.command({
        ...inGuild(),
        subcommand: 'set',
        options: { channel: CHAN_LOCKED, time: '09:00', timezone: 'UTC' },
      });
      expect(locked.ephemeral).toBe(true);
      expect(locked.content).toBe(
        `I can't post the daily quote in <#${CHAN_LOCKED}>: I need Send Messages in <#${CHAN_LOCKED}>. Nothing was saved.`,
      );
      const none = await e2e.fake.command({ ...inGuild(), subcommand: 'show' });
      expect(none.content).toBe('No daily quote is set up here; use /daily set to start one.');
    });

    it('posts the quote once at the set minute, and not again after a restart', { timeout: 150_000 }, async () => {
      const { at, hhmm } = nextMinute(e2e.now());
      const set = await e2e.fake.command({
        ...inGuild(),
        subcommand: 'set',
        options: { channel: CHAN_POST, time: hhmm, timezone: 'UTC', topic: 'the-state' },
      });
      expect(set).toMatchObject({ kind: 'edit', ephemeral: true });
      expect(set.content).toContain(`every day at **${hhmm}** (UTC) in <#${CHAN_POST}>, topic \`the-state\``);
      expect(set.content).toContain(`Next post: <t:${at / 1000}:F> (<t:${at / 1000}:R>)`);

      // Two seconds before the minute, ticks post nothing.
      await e2e.advanceClock(Math.max(0, at - 2_000 - e2e.now()));
      await new Promise((r) => setTimeout(r, A_FEW_TICKS_MS));
      expect(e2e.fake.channelMessages(CHAN_POST)).toHaveLength(0);

      const next = e2e.fake.nextChannelMessage(CHAN_POST, 30_000);
      await e2e.advanceClock(at + 1_000 - e2e.now());
      const post = await next;
      const embed = post.embeds[0] as { title: string; description: string; fields: { name: string; value: string }[] };
      expect(embed.title).toBe('Quote of the day');
      expect(embed.description).toContain('Debate it: `/claim random topic:the-state`');
      expect(embed.fields[0]!.value).toContain('Test Sources');
      const sent = e2e.fake.sent.filter((s) => s.route === `post #${CHAN_POST}`);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body.allowed_mentions).toEqual({ parse: [] });

      // The bot records the post once Discord has answered its send, a moment after the message lands here.
      const link = `/channels/${GUILD}/${CHAN_POST}/${post.id}`;
      const show = async () => (await e2e.fake.command({ ...inGuild(), subcommand: 'show' })).content ?? '';
      await expect.poll(show, { timeout: 10_000, interval: 100 }).toContain(link);
      const shown = await show();
      expect(shown).toContain(`**Next post:** <t:${at / 1000 + 86_400}:F>`);
      expect(shown).toContain('**Pool:** 2 of 3 quotes left before any repeats.');

      // A restart ticks at once: today's slot is taken, so nothing more is posted.
      await e2e.restart();
      const again = await e2e.fake.command({ ...inGuild(), subcommand: 'show' });
      expect(again.content).toContain(`**Next post:** <t:${at / 1000 + 86_400}:F>`);
      expect(e2e.fake.channelMessages(CHAN_POST)).toHaveLength(1);

      const now = await e2e.fake.command({ ...inGuild(), subcommand: 'now' });
      expect(now.content).toMatch(/^Today's quote \(\d{4}-\d{2}-\d{2}\) is already posted in <#\d+>\./);
      expect(e2e.fake.channelMessages(CHAN_POST)).toHaveLength(1);
      expect(e2e.fake.violations).toEqual([]);
    });
  });
}
