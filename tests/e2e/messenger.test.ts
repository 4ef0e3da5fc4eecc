import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot, type Bot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/log.ts';
import { DeliveryError } from '../../src/messenger.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.ts';

const GUILD = '700000000000000001';
const OPEN = '700000000000000011';
const LOCKED = '700000000000000012';
const OTHER_GUILD = '700000000000000002';
const ELSEWHERE = '700000000000000021';

// The bot in this process (the real discord.js client), to reach its Messenger directly.
describeEachBackend('the Discord messenger', (get) => {
  let fake: FakeDiscord;
  let bot: Bot;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [
        {
          id: GUILD,
          channels: [
            { id: OPEN, name: 'general' },
            { id: LOCKED, name: 'announcements', botCanPost: false },
          ],
        },
        { id: OTHER_GUILD, channels: [{ id: ELSEWHERE, name: 'general' }] },
      ],
    });
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    bot = await startBot(config, { database: get(), log: createLogger('silent', { pretty: false }), commands: [] });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it('posts and edits channel messages with mentions disabled', async () => {
    const { messageId } = await bot.ctx.messenger.send(OPEN, { content: 'Hello <@&123456789012345678> @everyone' });
    expect(fake.channelMessages(OPEN).map((m) => m.id)).toEqual([messageId]);
    await bot.ctx.messenger.edit(OPEN, messageId, { content: 'Edited', embeds: [{ title: 'T' }] });
    expect(fake.messages.get(messageId)!.content).toBe('Edited');
    const sent = fake.sent.filter((s) => s.route.includes(OPEN));
    expect(sent).toHaveLength(2);
    for (const s of sent) expect(s.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('maps a refused or unknown channel to a permanent DeliveryError', async () => {
    const refused = await bot.ctx.messenger.send(LOCKED, { content: 'x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect((refused as DeliveryError).status).toBe(403);
    expect((refused as DeliveryError).permanent).toBe(true);
    const unknown = await bot.ctx.messenger.send('700000000000000099', { content: 'x' }).catch((e: unknown) => e);
    expect((unknown as DeliveryError).status).toBe(404);
  });

  it("checks the bot's permissions in a channel from the cache", async () => {
    expect(await bot.ctx.messenger.checkChannel(GUILD, OPEN)).toEqual({ ok: true });
    expect(await bot.ctx.messenger.checkChannel(GUILD, LOCKED)).toEqual({ ok: false, problem: `I need Send Messages in <#${LOCKED}>.` });
    expect(await bot.ctx.messenger.checkChannel(GUILD, ELSEWHERE)).toEqual({
      ok: false,
      problem: `<#${ELSEWHERE}> is not a channel of this server.`,
    });
    expect(await bot.ctx.messenger.checkChannel(GUILD, '700000000000000099')).toEqual({
      ok: false,
      problem: `I can't see the channel <#700000000000000099>.`,
    });
  });
});
