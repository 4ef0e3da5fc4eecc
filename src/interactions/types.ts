import type {
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../context.ts';
import type { Reply } from './reply.ts';

export type { Reply };

/**
 * The seam between the front ends (Discord, the local console, tests) and the commands.
 * A command reads a Request and answers through a Responder; it never touches discord.js objects,
 * so the console and the bot run the very same handlers.
 */

export type OptionValue = string | number | boolean;

export interface Request {
  kind: 'command' | 'autocomplete' | 'button' | 'modal';
  commandName: string;
  subcommandGroup?: string | undefined;
  subcommand?: string | undefined;
  /** Option values by name, as Discord sent them (channel options carry the channel id). */
  options: Record<string, OptionValue>;
  /** Autocomplete: the option being typed. */
  focused?: { name: string; value: string } | undefined;
  /** Buttons and modals: the custom id, `<commandName>:<action>[:args…]`. */
  customId?: string | undefined;
  /** Modals: text input values by custom id. */
  fields?: Record<string, string> | undefined;
  guildId: string;
  channelId: string;
  user: { id: string; displayName: string };
  /** What the member may do here, as Discord resolved it; commands re-check it server side. */
  member: { manageGuild: boolean; roleIds: string[] };
  /** Buttons: the message the button sits on. */
  messageId?: string | undefined;
  /** Buttons: what that message shows, e.g. to take its buttons away while keeping the rest. */
  message?: { content: string; embeds: APIEmbed[] } | undefined;
}

export interface Responder {
  /** The first answer to a command, button or modal. */
  reply(reply: Reply): Promise<void>;
  /**
   * Acknowledge now, answer later with edit(); needed when work may pass Discord's 3 seconds.
   * `update` (buttons): acknowledge without a new message; the answer then comes with update().
   */
  defer(opts?: { ephemeral?: boolean; update?: boolean }): Promise<void>;
  /** Replace the deferred or earlier answer. */
  edit(reply: Reply): Promise<void>;
  /** Another message after the first answer. */
  followUp(reply: Reply): Promise<void>;
  /** Buttons: replace the message the button sits on (pagination). */
  update(reply: Reply): Promise<void>;
  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void>;
  autocomplete(choices: APIApplicationCommandOptionChoice[]): Promise<void>;
  /** Whether a first answer (reply, defer, update, modal) was already sent. */
  readonly answered: boolean;
}

export type Handler = (req: Request, res: Responder, ctx: AppContext) => Promise<void>;

export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute: Handler;
  autocomplete?: Handler;
  /** Buttons whose custom id starts with `<name>:`. */
  button?: Handler;
  /** Modals whose custom id starts with `<name>:`. */
  modal?: Handler;
}
