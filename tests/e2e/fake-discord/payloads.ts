import { ChannelType, PermissionFlagsBits } from 'discord.js';

/**
 * Discord's JSON shapes, as the gateway and REST API send them, for the fake Discord. Only the
 * fields discord.js reads are filled; values are plausible rather than exhaustive.
 */

let counter = 0n;
/** Ids that look like Discord's (18–19 digits) and increase, as snowflakes do. */
export function snowflake(): string {
  counter += 1n;
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) + counter).toString();
}

/** The shard a guild's events go to, as Discord decides it: (guild_id >> 22) % shard count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export interface FakeUser {
  id: string;
  username: string;
  globalName?: string;
  /** Member has Manage Server in the guild. */
  manageGuild?: boolean;
  roleIds?: string[];
}

export interface FakeChannelSpec {
  id: string;
  name: string;
  /** False: the bot's role is denied Send Messages there (for permission checks). */
  botCanPost?: boolean;
}

export interface FakeGuildSpec {
  id: string;
  name?: string;
  channels: FakeChannelSpec[];
}

const MEMBER_PERMS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;
export const BOT_PERMS = MEMBER_PERMS | PermissionFlagsBits.AttachFiles;

export function userPayload(u: { id: string; username: string; globalName?: string | undefined; bot?: boolean }) {
  return {
    id: u.id,
    username: u.username,
    global_name: u.globalName ?? null,
    discriminator: '0',
    avatar: null,
    bot: u.bot ?? false,
    public_flags: 0,
  };
}

export function botRoleId(guildId: string): string {
  return (BigInt(guildId) + 1n).toString();
}

export function channelPayload(guildId: string, c: FakeChannelSpec, position: number) {
  return {
    id: c.id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: c.name,
    position,
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    permission_overwrites:
      c.botCanPost === false ? [{ id: botRoleId(guildId), type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }] : [],
  };
}

export function guildCreatePayload(g: FakeGuildSpec, bot: { id: string; username: string }) {
  const now = new Date().toISOString();
  return {
    id: g.id,
    name: g.name ?? `Guild ${g.id}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: '1',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    preferred_locale: 'en-US',
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: g.id,
        name: '@everyone',
        color: 0,
        hoist: false,
        position: 0,
        permissions: String(MEMBER_PERMS),
        managed: false,
        mentionable: false,
        flags: 0,
        icon: null,
        unicode_emoji: null,
      },
      {
        id: botRoleId(g.id),
        name: bot.username,
        color: 0,
        hoist: false,
        position: 1,
        permissions: String(BOT_PERMS),
        managed: true,
        mentionable: false,
        flags: 0,
        icon: null,
        unicode_emoji: null,
        tags: { bot_id: bot.id },
      },
    ],
    joined_at: now,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [
      {
        user: userPayload({ ...bot, bot: true }),
        roles: [botRoleId(g.id)],
        joined_at: now,
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        pending: false,
        premium_since: null,
        communication_disabled_until: null,
      },
    ],
    channels: g.channels.map((c, i) => channelPayload(g.id, c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function memberPayload(u: FakeUser) {
  const perms = u.manageGuild ? MEMBER_PERMS | PermissionFlagsBits.ManageGuild : MEMBER_PERMS;
  return {
    user: userPayload(u),
    roles: u.roleIds ?? [],
    permissions: String(perms),
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    pending: false,
    premium_since: null,
    communication_disabled_until: null,
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  // Loosely typed: tests read into them freely.
  // biome-ignore lint/suspicious/noExplicitAny: see above; discord-api-types already says what they hold.
  embeds: Record<string, any>[];
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  components: Record<string, any>[];
  flags: number;
  /** The interaction this message answers, if any. */
  interactionId?: string | undefined;
  deleted?: boolean;
}

export function messagePayload(m: StoredMessage, bot: { id: string; username: string }) {
  return {
    id: m.id,
    channel_id: m.channel_id,
    author: userPayload({ ...bot, bot: true }),
    content: m.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    type: m.interactionId ? 20 : 0,
    flags: m.flags,
    ...(m.interactionId ? { application_id: bot.id, webhook_id: bot.id } : {}),
  };
}

export function interactionBase(opts: {
  id: string;
  token: string;
  applicationId: string;
  type: number;
  guildId: string;
  channel: FakeChannelSpec;
  user: FakeUser;
  channelPosition?: number;
}) {
  return {
    id: opts.id,
    application_id: opts.applicationId,
    type: opts.type,
    token: opts.token,
    version: 1,
    guild_id: opts.guildId,
    guild: { id: opts.guildId, locale: 'en-US', features: [] },
    channel_id: opts.channel.id,
    channel: channelPayload(opts.guildId, opts.channel, opts.channelPosition ?? 0),
    member: memberPayload(opts.user),
    app_permissions: String(BOT_PERMS),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': opts.guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}
