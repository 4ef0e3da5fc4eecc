import { createHash } from 'node:crypto';
import type { Reply } from './interactions/reply.ts';

/**
 * Posting outside an interaction (the daily quote, drill prompts and results). Discord implements it
 * with REST; the console prints; tests record. Failures are thrown as DeliveryError with a reason,
 * so jobs retry what Discord may accept later and stop on what only a person can fix (403, 404).
 */
export interface Messenger {
  /**
   * Posts a message. `nonce` (see postNonce) names this post: Discord, asked with enforce_nonce,
   * answers a second create with the same nonce within a few minutes with the first message instead
   * of posting again, so a retry after a crash or a lost answer does not post twice.
   */
  send(channelId: string, message: Omit<Reply, 'ephemeral'>, nonce: string): Promise<{ messageId: string }>;
  edit(channelId: string, messageId: string, message: Omit<Reply, 'ephemeral'>): Promise<void>;
  /** Whether the bot can post messages with embeds in that channel; a reason when it cannot. */
  checkChannel(guildId: string, channelId: string): Promise<{ ok: true } | { ok: false; problem: string }>;
}

/**
 * Why Discord did not take a message. missing_access: 403 (codes 50001 Missing Access, 50013
 * Missing Permissions); unknown_channel: 404 Unknown Channel (10003); unknown_message: 404 Unknown
 * Message (10008: an edit of a deleted message, or a nonce whose first message was deleted);
 * rejected: another 4xx (the request itself is wrong; retrying the same one cannot help);
 * transient: 5xx, 429 past discord.js's waits, a timeout (Discord may take it later).
 */
export type DeliveryReason = 'missing_access' | 'unknown_channel' | 'unknown_message' | 'rejected' | 'transient';

const REASON_BY_CODE: Record<number, DeliveryReason> = {
  50001: 'missing_access',
  50013: 'missing_access',
  10003: 'unknown_channel',
  10008: 'unknown_message',
};

function reasonOf(status: number, code: number | undefined): DeliveryReason {
  const byCode = code === undefined ? undefined : REASON_BY_CODE[code];
  if (byCode) return byCode;
  if (status === 403) return 'missing_access';
  if (status === 404) return 'unknown_channel';
  if (status >= 400 && status < 500 && status !== 429) return 'rejected';
  return 'transient';
}

export class DeliveryError extends Error {
  readonly reason: DeliveryReason;

  constructor(
    message: string,
    /** HTTP status from Discord (0 when no answer came). */
    readonly status: number,
    /** Discord's JSON error code (50001, 50013, 10003, 10008, …), when it sent one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
    this.reason = reasonOf(status, code);
  }

  /** True when retrying cannot help until someone changes something on Discord (access, channel). */
  get permanent(): boolean {
    return this.reason === 'missing_access' || this.reason === 'unknown_channel' || this.reason === 'unknown_message';
  }
}

/** Discord's limit on a message nonce. */
export const NONCE_MAX = 25;

/**
 * A deterministic nonce for one bot post: a short kind prefix, then a hash of everything that names
 * the post (channel, drill or server, date, part), cut to Discord's 25 characters. The same post
 * always gets the same nonce, in any process; two different posts practically never share one
 * (114 bits of hash once the prefix is taken).
 */
export function postNonce(kind: string, ...parts: (string | number)[]): string {
  const prefix = `${kind.slice(0, 5)}.`;
  const hash = createHash('sha256')
    .update([kind, ...parts].join('\u0000'))
    .digest('base64url');
  return (prefix + hash).slice(0, NONCE_MAX);
}
