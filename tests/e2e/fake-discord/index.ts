export { FakeDiscord, FakeInteraction, startFakeDiscord } from './server.ts';
export type { Answer, FakeDiscordOptions, InteractionEvent, Registration, SentPayload } from './server.ts';
export { snowflake } from './payloads.ts';
export type { FakeChannelSpec, FakeGuildSpec, FakeUser, StoredMessage } from './payloads.ts';
