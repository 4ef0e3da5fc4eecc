import type { Reply } from './interactions/types.ts';

/**
 * Posting outside an interaction (the daily quote, drill prompts and results). Discord implements it
 * with REST; the console prints; tests record. Failures Discord will not fix by retrying (403, 404)
 * are thrown as DeliveryError so schedules can pause instead of retrying forever.
 */
export interface Messenger {
  send(channelId: string, message: Omit<Reply, 'ephemeral'>): Promise<{ messageId: string }>;
  edit(channelId: string, messageId: string, message: Omit<Reply, 'ephemeral'>): Promise<void>;
  /** Whether the bot can post messages with embeds in that channel; a reason when it cannot. */
  checkChannel(guildId: string, channelId: string): Promise<{ ok: true } | { ok: false; problem: string }>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** HTTP status from Discord: 403 missing access/permission, 404 unknown channel or message. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  /** True when retrying cannot help until someone changes something on Discord. */
  get permanent(): boolean {
    return this.status === 403 || this.status === 404;
  }
}
