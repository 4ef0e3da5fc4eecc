import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';

/**
 * The client needs only guild events: channels and roles (for permission checks) and the bot's own
 * member. Everything else arrives inside interactions, so those caches stay empty and memory stays
 * flat however many servers the bot is in. No privileged intents, no message content.
 */
export function clientOptions(apiUrl?: string): ClientOptions {
  const keepMe = { maxSize: 0, keepOverLimit: (x: { id: string; client: Client }) => x.id === x.client.user?.id };
  return {
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
    makeCache: Options.cacheWithLimits({
      ApplicationCommandManager: 0,
      ApplicationEmojiManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      DMMessageManager: 0,
      EntitlementManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildForumThreadManager: 0,
      GuildInviteManager: 0,
      GuildMessageManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildTextThreadManager: 0,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      GuildMemberManager: keepMe,
      UserManager: keepMe,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      // Interactions add members and users transiently; sweep any that slipped past the limits.
      users: { interval: 3600, filter: () => (u) => u.id !== u.client.user.id },
      guildMembers: { interval: 3600, filter: () => (m) => m.id !== m.client.user.id },
    },
  };
}

/** `shards`: which gateway shards this client runs, out of how many (see shardOptions in bot.ts). */
export function createClient(apiUrl?: string, shards: Pick<ClientOptions, 'shards' | 'shardCount'> = {}): Client {
  return new Client({ ...clientOptions(apiUrl), ...shards });
}
