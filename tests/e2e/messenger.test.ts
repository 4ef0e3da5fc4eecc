import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot, type Bot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/log.ts';
import { DeliveryError, postNonce } from '../../src/messenger.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { FakeDiscord, startFakeDiscord } from './fake-discord/index.ts';

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
    const { messageId } = await bot.ctx.messenger.send(OPEN, { content: 'Hello <@&123456789012345678> @everyone' }, postNonce('test', 1));
    expect(fake.channelMessages(OPEN).map((m) => m.id)).toEqual([messageId]);
    await bot.ctx.messenger.edit(OPEN, messageId, { content: 'Edited', embeds: [{ title: 'T' }] });
    expect(fake.messages.get(messageId)!.content).toBe('Edited');
    const sent = fake.sent.filter((s) => s.route.includes(OPEN));
    expect(sent).toHaveLength(2);
    for (const s of sent) expect(s.body.allowed_mentions).toEqual({ parse: [] });
    expect(sent[0]!.body.nonce).toBe(postNonce('test', 1));
    expect(sent[0]!.body.enforce_nonce).toBe(true);
  });

  it('gets the first message back for a nonce Discord has seen, and posts nothing new', async () => {
    const nonce = postNonce('test', 'again');
    expect(nonce.length).toBeLessThanOrEqual(25);
    const before = fake.channelMessages(OPEN).length;
    const first = await bot.ctx.messenger.send(OPEN, { content: 'Once' }, nonce);
    const second = await bot.ctx.messenger.send(OPEN, { content: 'Once, retried' }, nonce);
    expect(second.messageId).toBe(first.messageId);
    expect(fake.channelMessages(OPEN)).toHaveLength(before + 1);
    expect(fake.messages.get(first.messageId)!.content).toBe('Once');
    expect(fake.messageCreates.filter((c) => c.nonce === nonce).map((c) => c.outcome)).toEqual(['created', 'replayed']);
    // Another nonce is another post.
    const other = await bot.ctx.messenger.send(OPEN, { content: 'Twice' }, postNonce('test', 'other'));
    expect(other.messageId).not.toBe(first.messageId);
  });

  it("answers Unknown Message for a nonce whose message was deleted: the post was made, it isn't made again", async () => {
    const nonce = postNonce('test', 'deleted');
    const first = await bot.ctx.messenger.send(OPEN, { content: 'Soon gone' }, nonce);
    fake.messages.get(first.messageId)!.deleted = true;
    const again = await bot.ctx.messenger.send(OPEN, { content: 'Soon gone' }, nonce).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DeliveryError);
    expect((again as DeliveryError).reason).toBe('unknown_message');
    expect(fake.channelMessages(OPEN).some((m) => m.content === 'Soon gone')).toBe(false);
  });

  it('says why Discord refused: 5xx past the retries is transient, a bad request is rejected', async () => {
    const down = fake.fail({ method: 'POST', path: FakeDiscord.postsIn(OPEN), status: 500 });
    const err = await bot.ctx.messenger.send(OPEN, { content: 'x' }, postNonce('test', 500)).catch((e: unknown) => e);
    down.clear();
    expect((err as DeliveryError).reason).toBe('transient');
    expect((err as DeliveryError).permanent).toBe(false);
    // discord.js tried four times (its three retries of a 5xx) before giving up.
    expect(down.hits).toBe(4);
    const bad = fake.fail({ method: 'POST', path: FakeDiscord.postsIn(OPEN), status: 400, code: 50035, times: 1 });
    const rejected = await bot.ctx.messenger.send(OPEN, { content: 'x' }, postNonce('test', 400)).catch((e: unknown) => e);
    expect(bad.hits).toBe(1);
    expect((rejected as DeliveryError).reason).toBe('rejected');
    expect((rejected as DeliveryError).code).toBe(50035);
  });

  it('maps a refused or unknown channel to a permanent DeliveryError', async () => {
    const refused = await bot.ctx.messenger.send(LOCKED, { content: 'x' }, postNonce('test', 2)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect((refused as DeliveryError).status).toBe(403);
    expect((refused as DeliveryError).code).toBe(50013);
    expect((refused as DeliveryError).reason).toBe('missing_access');
    expect((refused as DeliveryError).permanent).toBe(true);
    const unknown = await bot.ctx.messenger.send('700000000000000099', { content: 'x' }, postNonce('test', 3)).catch((e: unknown) => e);
    expect((unknown as DeliveryError).status).toBe(404);
    expect((unknown as DeliveryError).reason).toBe('unknown_channel');
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
