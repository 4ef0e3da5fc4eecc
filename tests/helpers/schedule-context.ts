import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { DeliveryError, type Messenger } from '../../src/messenger.ts';
import type { Reply } from '../../src/interactions/types.ts';

export interface SentMessage {
  channelId: string;
  messageId: string;
  message: Omit<Reply, 'ephemeral'>;
}

/** Records what would be posted; channels can be made to fail like Discord does. */
export class RecordingMessenger implements Messenger {
  readonly sent: SentMessage[] = [];
  /** channel id → the status Discord would answer with (403, 404, 500). */
  readonly failing = new Map<string, number>();
  /** channel id → problem checkChannel reports. */
  readonly unusable = new Map<string, string>();
  private next = 1;

  async send(channelId: string, message: Omit<Reply, 'ephemeral'>): Promise<{ messageId: string }> {
    const status = this.failing.get(channelId);
    if (status) throw new DeliveryError(status === 404 ? 'Unknown Channel' : status === 403 ? 'Missing Access' : 'Server error', status);
    const messageId = String(this.next++);
    this.sent.push({ channelId, messageId, message });
    return { messageId };
  }

  async edit(): Promise<void> {}

  async checkChannel(_guildId: string, channelId: string): Promise<{ ok: true } | { ok: false; problem: string }> {
    const problem = this.unusable.get(channelId);
    return problem ? { ok: false, problem } : { ok: true };
  }

  to(channelId: string): SentMessage[] {
    return this.sent.filter((m) => m.channelId === channelId);
  }
}

export function testContext(database: Database, now: Date, messenger: Messenger = new RecordingMessenger()): AppContext & { clock: ManualClock } {
  return {
    config: loadConfig({}),
    log: createLogger('silent', { destination: process.stderr }),
    database,
    clock: new ManualClock(now),
    messenger,
  };
}
