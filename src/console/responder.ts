import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Reply, Responder } from '../interactions/types.ts';
import type { Messenger } from '../messenger.ts';
import { clampChoices, clampReply } from '../render/limits.ts';

export type Post = Omit<Reply, 'ephemeral'>;

/** Where the console saves attachments unless told otherwise; private to this user, like the data they hold. */
export const CONSOLE_FILES_DIR = join(tmpdir(), 'riposte-console-files');

/**
 * A terminal cannot show an attachment, so it is written to disk (owner-only: an export holds a
 * member's data) and the message says where; the screen never sees the bytes.
 */
export function saveAttachments<R extends Reply>(reply: R, dir: string): Omit<R, 'files'> {
  const { files, ...rest } = reply;
  if (!files?.length) return rest;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lines = files.map((f) => {
    const path = join(dir, basename(f.name));
    writeFileSync(path, f.data, { mode: 0o600 });
    return `Attachment ${basename(f.name)} saved to ${path}`;
  });
  return { ...rest, content: [rest.content, ...lines].filter(Boolean).join('\n') };
}

/** What the console does with an answer; it owns the screen and the numbered choices. */
export interface ConsoleScreen {
  /** Shows a new message and returns its id. */
  show(message: Post, note: { ephemeral: boolean; channelId?: string }): string;
  /** Shows a message again after it changed. */
  replace(messageId: string, message: Post): void;
  thinking(): void;
  modal(modal: APIModalInteractionResponseCallbackData): void;
}

/** The seam's Responder in a terminal: each answer is printed, edits reprint the message. */
export class ConsoleResponder implements Responder {
  answered = false;
  choices: APIApplicationCommandOptionChoice[] | undefined;
  private messageId: string | undefined;

  constructor(
    private readonly screen: ConsoleScreen,
    /** Buttons: the message the button sits on. */
    private readonly sourceMessageId?: string,
    /** Where attachments are saved (see saveAttachments). */
    private readonly filesDir: string = CONSOLE_FILES_DIR,
  ) {}

  async reply(reply: Reply): Promise<void> {
    this.answered = true;
    const { ephemeral, ...message } = saveAttachments(reply, this.filesDir);
    const id = this.screen.show(clampReply(message), { ephemeral: Boolean(ephemeral) });
    this.messageId ??= id;
  }

  async defer(opts: { ephemeral?: boolean; update?: boolean } = {}): Promise<void> {
    if (this.answered) return;
    this.answered = true;
    if (!opts.update) this.screen.thinking();
  }

  async edit(reply: Reply): Promise<void> {
    const { ephemeral, ...message } = saveAttachments(reply, this.filesDir);
    if (this.messageId !== undefined) {
      this.screen.replace(this.messageId, clampReply(message));
      return;
    }
    if (this.answered && this.sourceMessageId !== undefined) {
      this.screen.replace(this.sourceMessageId, clampReply(message));
      return;
    }
    this.answered = true;
    this.messageId = this.screen.show(clampReply(message), { ephemeral: Boolean(ephemeral) });
  }

  followUp(reply: Reply): Promise<void> {
    return this.reply(reply);
  }

  async update(reply: Reply): Promise<void> {
    if (this.sourceMessageId === undefined) return this.edit(reply);
    this.answered = true;
    const { ephemeral: _e, ...message } = saveAttachments(reply, this.filesDir);
    this.screen.replace(this.sourceMessageId, clampReply(message));
  }

  async showModal(modal: APIModalInteractionResponseCallbackData): Promise<void> {
    if (this.answered) throw new Error('A modal must be the first answer to an interaction');
    this.answered = true;
    this.screen.modal(modal);
  }

  async autocomplete(choices: APIApplicationCommandOptionChoice[]): Promise<void> {
    this.answered = true;
    this.choices = clampChoices(choices);
  }
}

/** Channel posts (the daily quote, drill prompts) appear in the terminal, labelled with their channel. */
export class ConsoleMessenger implements Messenger {
  constructor(private readonly screen: ConsoleScreen) {}

  async send(channelId: string, message: Post): Promise<{ messageId: string }> {
    return { messageId: this.screen.show(clampReply(message), { ephemeral: false, channelId }) };
  }

  async edit(_channelId: string, messageId: string, message: Post): Promise<void> {
    this.screen.replace(messageId, clampReply(message));
  }

  async checkChannel(): Promise<{ ok: true }> {
    return { ok: true };
  }
}
