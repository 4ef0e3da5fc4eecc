import {
  MessageFlags,
  type APIApplicationCommandOptionChoice,
  type APIModalInteractionResponseCallbackData,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Reply, Responder } from '../interactions/types.ts';
import { clampChoices, clampReply } from '../render/limits.ts';

export type AnswerableInteraction =
  | ChatInputCommandInteraction
  | AutocompleteInteraction
  | MessageComponentInteraction
  | ModalSubmitInteraction;

/** Nobody is ever pinged by what the bot posts, whatever text a pack or a member supplied. */
export const NO_MENTIONS = { parse: [] } as const;

type State = 'new' | 'thinking' | 'acknowledged' | 'replied';

function createPayload(reply: Reply): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } {
  const r = clampReply(reply);
  return {
    ...(r.content !== undefined ? { content: r.content } : {}),
    ...(r.embeds ? { embeds: r.embeds } : {}),
    ...(r.components ? { components: r.components } : {}),
    ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...filesOf(reply),
    allowedMentions: NO_MENTIONS,
  };
}

function filesOf(reply: Reply): { files?: { attachment: Buffer; name: string }[] } {
  if (!reply.files?.length) return {};
  return {
    files: reply.files.map((f) => ({ attachment: typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data, name: f.name })),
  };
}

/** Edits replace the whole message, so anything the new answer leaves out is cleared. */
function editPayload(reply: Reply): InteractionEditReplyOptions {
  const r = clampReply(reply);
  return {
    content: r.content ?? '',
    embeds: r.embeds ?? [],
    components: r.components ?? [],
    ...filesOf(reply),
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * The seam's Responder over one discord.js interaction. Calls are queued and the state changes the
 * moment a call is made, so a late auto-defer and the handler's own reply never both acknowledge.
 */
export class DiscordResponder implements Responder {
  private state: State = 'new';
  private thinkingEphemeral = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly interaction: AnswerableInteraction) {}

  get answered(): boolean {
    return this.state !== 'new';
  }

  private enqueue(step: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next.then(() => undefined);
  }

  private get i(): Exclude<AnswerableInteraction, AutocompleteInteraction> {
    if (this.interaction.isAutocomplete()) throw new Error('An autocomplete interaction can only be answered with choices');
    return this.interaction;
  }

  reply(reply: Reply): Promise<void> {
    const i = this.i;
    switch (this.state) {
      case 'new':
        this.state = 'replied';
        return this.enqueue(() => i.reply(createPayload(reply)));
      case 'thinking':
        return this.answerThinking(reply);
      default:
        this.state = 'replied';
        return this.enqueue(() => i.followUp(createPayload(reply)));
    }
  }

  /** After a public defer, an ephemeral answer must not land in the public "thinking" message. */
  private answerThinking(reply: Reply): Promise<void> {
    const i = this.i;
    this.state = 'replied';
    if (Boolean(reply.ephemeral) === this.thinkingEphemeral) return this.enqueue(() => i.editReply(editPayload(reply)));
    return this.enqueue(async () => {
      await i.deleteReply();
      await i.followUp(createPayload(reply));
    });
  }

  defer(opts: { ephemeral?: boolean; update?: boolean } = {}): Promise<void> {
    const i = this.i;
    if (this.state !== 'new') return Promise.resolve();
    if (opts.update && i.isMessageComponent()) {
      this.state = 'acknowledged';
      return this.enqueue(() => i.deferUpdate());
    }
    this.state = 'thinking';
    this.thinkingEphemeral = Boolean(opts.ephemeral);
    return this.enqueue(() => i.deferReply(opts.ephemeral ? { flags: MessageFlags.Ephemeral } : {}));
  }

  edit(reply: Reply): Promise<void> {
    const i = this.i;
    if (this.state === 'new') return this.reply(reply);
    if (this.state === 'thinking') return this.answerThinking(reply);
    this.state = 'replied';
    return this.enqueue(() => i.editReply(editPayload(reply)));
  }

  followUp(reply: Reply): Promise<void> {
    if (this.state === 'new' || this.state === 'thinking') return this.reply(reply);
    const i = this.i;
    return this.enqueue(() => i.followUp(createPayload(reply)));
  }

  update(reply: Reply): Promise<void> {
    const i = this.i;
    if (!i.isMessageComponent()) return this.edit(reply);
    if (this.state === 'new') {
      this.state = 'replied';
      return this.enqueue(() => i.update(editPayload(reply)));
    }
    if (this.state === 'thinking') return this.answerThinking(reply);
    this.state = 'replied';
    return this.enqueue(() => i.editReply(editPayload(reply)));
  }

  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void> {
    const i = this.i;
    if (i.isModalSubmit()) throw new Error('A modal cannot open another modal');
    if (this.state !== 'new') throw new Error('A modal must be the first answer to an interaction');
    this.state = 'replied';
    return this.enqueue(() => i.showModal(modal));
  }

  autocomplete(choices: APIApplicationCommandOptionChoice[]): Promise<void> {
    const i = this.interaction;
    if (!i.isAutocomplete()) throw new Error('Only autocomplete interactions take choices');
    if (this.state !== 'new') return Promise.resolve();
    this.state = 'replied';
    return this.enqueue(() => i.respond(clampChoices(choices)));
  }
}
