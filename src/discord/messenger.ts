import { DiscordAPIError, HTTPError, PermissionFlagsBits, Routes, type APIMessage, type Channel, type Client } from 'discord.js';
import type { Reply } from '../interactions/types.ts';
import { DeliveryError, type Messenger } from '../messenger.ts';
import { clampReply } from '../render/limits.ts';

type Post = Omit<Reply, 'ephemeral'>;

function body(message: Post, edit: boolean): Record<string, unknown> {
  const m = clampReply(message);
  return {
    ...(m.content !== undefined || edit ? { content: m.content ?? '' } : {}),
    ...(m.embeds || edit ? { embeds: m.embeds ?? [] } : {}),
    ...(m.components || edit ? { components: m.components ?? [] } : {}),
    allowed_mentions: { parse: [] },
  };
}

/**
 * Discord's refusals (after discord.js's own retries of 5xx and waits on 429) and lost answers
 * (timeouts, resets) become DeliveryErrors, so callers decide on a reason, never on a message.
 */
function toDelivery(err: unknown, what: string): unknown {
  if (err instanceof DiscordAPIError) {
    return new DeliveryError(`${what}: ${err.message}`, err.status, typeof err.code === 'number' ? err.code : undefined);
  }
  if (err instanceof HTTPError) return new DeliveryError(`${what}: ${err.message}`, err.status);
  if (err instanceof Error && (err.name === 'AbortError' || err.message === 'fetch failed')) {
    return new DeliveryError(`${what}: ${err.message}`, 0);
  }
  return err;
}

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

/** Posts outside interactions through Discord's REST API, with mentions always disabled. */
export class DiscordMessenger implements Messenger {
  constructor(private readonly client: Client) {}

  async send(channelId: string, message: Post, nonce: string): Promise<{ messageId: string }> {
    try {
      // enforce_nonce: a retry of this post (discord.js's own after a timeout, or a job's after a
      // crash) within Discord's window gets the first message back instead of a second one.
      const sent = (await this.client.rest.post(Routes.channelMessages(channelId), {
        body: { ...body(message, false), nonce, enforce_nonce: true },
      })) as APIMessage;
      return { messageId: sent.id };
    } catch (err) {
      throw toDelivery(err, `Could not post in channel ${channelId}`);
    }
  }

  async edit(channelId: string, messageId: string, message: Post): Promise<void> {
    try {
      await this.client.rest.patch(Routes.channelMessage(channelId, messageId), { body: body(message, true) });
    } catch (err) {
      throw toDelivery(err, `Could not edit message ${messageId} in channel ${channelId}`);
    }
  }

  async checkChannel(guildId: string, channelId: string): Promise<{ ok: true } | { ok: false; problem: string }> {
    let channel: Channel | null | undefined;
    try {
      channel = this.client.channels.cache.get(channelId) ?? (await this.client.channels.fetch(channelId));
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 404)) {
        return { ok: false, problem: `I can't see the channel <#${channelId}>.` };
      }
      throw err;
    }
    if (!channel || channel.isDMBased() || channel.guildId !== guildId) {
      return { ok: false, problem: `<#${channelId}> is not a channel of this server.` };
    }
    if (!channel.isTextBased() || !channel.isSendable()) {
      return { ok: false, problem: `<#${channelId}> is not a channel I can post messages in.` };
    }
    const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
    const perms = channel.permissionsFor(me);
    const missing = NEEDED.filter(([flag]) => !perms.has(flag)).map(([, name]) => name);
    if (missing.length > 0) {
      return { ok: false, problem: `I need ${missing.join(', ')} in <#${channelId}>.` };
    }
    return { ok: true };
  }
}
