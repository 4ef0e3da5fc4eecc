/**
 * A fake Discord for end-to-end tests: REST and gateway on 127.0.0.1, driving the real bot process.
 *
 *   const e2e = await startE2E({ backend, guilds: [{ id: G, channels: [{ id: C, name: 'general' }] }], seed });
 *   const answer = await e2e.fake.command({ guildId: G, channelId: C, user, name: 'claim', subcommand: 'search', options: { query: 'state' } });
 *   answer.kind / .ephemeral / .content / .embeds / .components / .message
 *   await e2e.fake.click({ message: answer.message!, customId, user, guildId: G, values? });   // buttons and select menus
 *   await e2e.fake.autocomplete({ ..., options: { query: 'sta' }, focused: 'query' });          // → choices
 *   await e2e.fake.submitModal({ guildId, channelId, user, customId, fields: { answer: '…' } });
 *   await e2e.fake.next(answer.interaction, n);       // the bot's next follow-up or edit for that interaction
 *   await e2e.fake.nextChannelMessage(C);             // the next message posted outside interactions
 *   e2e.fake.channelMessages(C), e2e.fake.registrations, e2e.fake.violations (limit breaches, pings)
 *
 * Options are typed from the command definitions the bot registered, as Discord would send them.
 * A channel with `botCanPost: false` denies the bot's role Send Messages (403 on posts).
 *
 * Sharded as Discord shards: GET /gateway/bot recommends `shards` (1 unless set) with
 * `maxConcurrency`; each IDENTIFY's `shard: [id, count]` gets only the guilds whose
 * (guild_id >> 22) % count is id, and a guild's interactions go to that shard's session
 * (`answer.interaction.shardId` says which). `connected()` waits for every guild's shard;
 * `shardOf(guildId, count)` says which shard a guild id is on.
 */
export { FakeDiscord, FakeInteraction, startFakeDiscord } from './server.ts';
export type { Answer, Fault, FaultSpec, FakeDiscordOptions, InteractionEvent, MessageCreate, Registration, SentPayload } from './server.ts';
export { shardOf, snowflake } from './payloads.ts';
export type { FakeChannelSpec, FakeGuildSpec, FakeUser, StoredMessage } from './payloads.ts';
