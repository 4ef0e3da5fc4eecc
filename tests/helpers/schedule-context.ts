import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createAppContext } from '../../src/app-context.ts';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { DeliveryError, type Messenger } from '../../src/messenger.ts';
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { Reply, Request, Responder } from '../../src/interactions/types.ts';

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

  async send(channelId: string, message: Omit<Reply, 'ephemeral'>, _nonce?: string): Promise<{ messageId: string }> {
    const status = this.failing.get(channelId);
    if (status) throw new DeliveryError(status === 404 ? 'Unknown Channel' : status === 403 ? 'Missing Access' : 'Server error', status);
    const messageId = String(this.next++);
    this.sent.push({ channelId, messageId, message });
    return { messageId };
  }

  async edit(_channelId: string, _messageId: string, _message: Omit<Reply, 'ephemeral'>): Promise<void> {}

  async checkChannel(_guildId: string, channelId: string): Promise<{ ok: true } | { ok: false; problem: string }> {
    const problem = this.unusable.get(channelId);
    return problem ? { ok: false, problem } : { ok: true };
  }

  to(channelId: string): SentMessage[] {
    return this.sent.filter((m) => m.channelId === channelId);
  }
}

export function testContext(
  database: Database,
  now: Date,
  messenger: Messenger = new RecordingMessenger(),
): AppContext & { clock: ManualClock } {
  const clock = new ManualClock(now);
  const ctx = createAppContext({
    config: loadConfig({}),
    log: createLogger('silent', { destination: process.stderr }),
    database,
    clock,
    messenger,
  });
  return { ...ctx, clock };
}

/** A Responder that keeps every answer, in order, with what kind of answer it was. */
export class RecordingResponder implements Responder {
  readonly calls: {
    how: 'reply' | 'defer' | 'edit' | 'followUp' | 'update' | 'autocomplete' | 'modal';
    reply?: Reply;
    choices?: APIApplicationCommandOptionChoice[];
    ephemeral?: boolean | undefined;
  }[] = [];
  answered = false;
  async reply(reply: Reply) {
    this.answered = true;
    this.calls.push({ how: 'reply', reply });
  }
  async defer(opts?: { ephemeral?: boolean }) {
    this.answered = true;
    this.calls.push({ how: 'defer', ephemeral: opts?.ephemeral });
  }
  async edit(reply: Reply) {
    this.calls.push({ how: 'edit', reply });
  }
  async followUp(reply: Reply) {
    this.calls.push({ how: 'followUp', reply });
  }
  async update(reply: Reply) {
    this.answered = true;
    this.calls.push({ how: 'update', reply });
  }
  async showModal() {
    this.answered = true;
    this.calls.push({ how: 'modal' });
  }
  async autocomplete(choices: APIApplicationCommandOptionChoice[]) {
    this.answered = true;
    this.calls.push({ how: 'autocomplete', choices });
  }
  /** The text of the last reply, edit or follow-up. */
  get lastText(): string {
    const last = [...this.calls].reverse().find((c) => c.reply);
    return last?.reply?.content ?? '';
  }
}

export function commandRequest(
  guildId: string,
  subcommand: string,
  options: Request['options'] = {},
  extra: Partial<Request> = {},
): Request {
  return {
    kind: 'command',
    commandName: 'daily',
    subcommand,
    options,
    guildId,
    channelId: `c-${guildId}`,
    user: { id: 'u-admin', displayName: 'Admin' },
    member: { manageGuild: true, roleIds: [] },
    ...extra,
  };
}
