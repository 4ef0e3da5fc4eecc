import { createInterface } from 'node:readline';
import {
  ComponentType,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import type { Command, Request } from '../interactions/types.ts';
import { createRouter, type RouterOptions } from '../interactions/router.ts';
import type { Logger } from '../log.ts';
import { parseCommandLine, usages, type ParsedCommand } from './parse.ts';
import { choicesOf, renderMessage, type ConsoleChoice } from './render.ts';
import { ConsoleMessenger, ConsoleResponder, type ConsoleScreen, type Post } from './responder.ts';

/** The console plays one member with Manage Server in one server, in one channel. */
export const LOCAL = {
  guildId: '100000000000000001',
  channelId: '100000000000000002',
  channelName: 'general',
  userId: '100000000000000003',
  displayName: 'you',
} as const;

export interface ConsoleOptions {
  config: Config;
  log: Logger;
  database: Database;
  commands: readonly Command[];
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal: prompt and wait for more; otherwise read one command per line and end with the input. */
  interactive: boolean;
  clock?: Clock;
  observe?: RouterOptions['observe'];
}

interface Pending {
  label: string;
  run: () => Promise<void>;
}

interface ModalState {
  customId: string;
  fields: { id: string; label: string; required: boolean }[];
  values: Record<string, string>;
}

function modalFields(modal: APIModalInteractionResponseCallbackData): ModalState['fields'] {
  const out: ModalState['fields'] = [];
  for (const c of modal.components as unknown as Record<string, unknown>[]) {
    // Text inputs sit in action rows (classic) or inside label components (newer modals).
    const inner = (c.type === ComponentType.ActionRow ? (c.components as Record<string, unknown>[])[0] : c.component) as
      | Record<string, unknown>
      | undefined;
    if (!inner || inner.type !== ComponentType.TextInput) continue;
    out.push({
      id: String(inner.custom_id),
      label: String(c.label ?? inner.label ?? inner.custom_id),
      required: inner.required !== false,
    });
  }
  return out;
}

/** The terminal front end: the same commands and handlers as on Discord, answers printed as text. */
export function startConsole(opts: ConsoleOptions): { ctx: AppContext; finished: Promise<void>; stop(): Promise<void> } {
  const out = (text: string) => opts.output.write(`${text}\n`);
  const messages = new Map<string, Post>();
  let nextMessageId = 1;
  let pending: Pending[] = [];
  let modal: ModalState | undefined;

  const definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = opts.commands.map((c) => c.data.toJSON());
  const channelName = (id: string) => (id === LOCAL.channelId ? `#${LOCAL.channelName}` : `#${id}`);

  const offerButtons = (messageId: string, message: Post) => {
    const choices = choicesOf(message);
    if (choices.length === 0) return;
    pending = choices.map((c) => ({ label: c.label, run: () => press(messageId, c) }));
  };

  const screen: ConsoleScreen = {
    show(message, note) {
      const id = String(nextMessageId++);
      messages.set(id, message);
      const where = note.channel ? `── posted in ${note.channel} ──\n` : '';
      out(`${where}${renderMessage(message)}${note.ephemeral ? '\n(only you can see this)' : ''}\n`);
      offerButtons(id, message);
      return id;
    },
    replace(messageId, message) {
      messages.set(messageId, message);
      out(`${renderMessage(message)}\n`);
      offerButtons(messageId, message);
    },
    thinking() {
      /* The answer follows shortly; nothing to show meanwhile. */
    },
    modal(m) {
      const fields = modalFields(m);
      modal = { customId: m.custom_id, fields, values: {} };
      out(`── ${m.title} ── (type each answer on its own line; a single "." leaves an optional one empty)`);
      askNextField();
    },
  };

  const ctx: AppContext = {
    config: opts.config,
    log: opts.log,
    database: opts.database,
    clock: opts.clock ?? systemClock,
    messenger: new ConsoleMessenger(screen, channelName),
  };
  const router = createRouter(opts.commands, ctx, { autoDeferMs: 0, ...(opts.observe ? { observe: opts.observe } : {}) });

  const base = (): Omit<Request, 'kind' | 'commandName' | 'options'> => ({
    guildId: LOCAL.guildId,
    channelId: LOCAL.channelId,
    user: { id: LOCAL.userId, displayName: LOCAL.displayName },
    member: { manageGuild: true, roleIds: [] },
  });

  async function press(messageId: string, choice: ConsoleChoice): Promise<void> {
    if (choice.disabled) {
      out('That choice is not available.');
      return;
    }
    const req: Request = {
      ...base(),
      kind: 'button',
      commandName: choice.customId.split(':', 1)[0] ?? '',
      customId: choice.customId,
      messageId,
      message: { content: messages.get(messageId)?.content ?? '', embeds: messages.get(messageId)?.embeds ?? [] },
      options: choice.value !== undefined ? { value: choice.value } : {},
    };
    await router.dispatch(req, new ConsoleResponder(screen, messageId));
  }

  function askNextField(): void {
    const field = modal?.fields.find((f) => !(f.id in modal!.values));
    if (field) out(`${field.label}${field.required ? '' : ' (optional)'}:`);
  }

  async function fillModal(line: string): Promise<void> {
    const m = modal!;
    const field = m.fields.find((f) => !(f.id in m.values));
    if (field) {
      const value = line === '.' && !field.required ? '' : line;
      if (value === '' && field.required) {
        out(`${field.label} is required:`);
        return;
      }
      m.values[field.id] = value;
    }
    if (m.fields.some((f) => !(f.id in m.values))) {
      askNextField();
      return;
    }
    modal = undefined;
    const req: Request = {
      ...base(),
      kind: 'modal',
      commandName: m.customId.split(':', 1)[0] ?? '',
      customId: m.customId,
      fields: m.values,
      options: {},
    };
    await router.dispatch(req, new ConsoleResponder(screen));
  }

  async function run(parsed: ParsedCommand): Promise<void> {
    const req: Request = { ...base(), kind: 'command', ...parsed };
    await router.dispatch(req, new ConsoleResponder(screen));
  }

  /** An autocomplete option given as text: ask the command for its matches, as Discord would show them. */
  async function resolve(parsed: ParsedCommand): Promise<void> {
    const { name, typed } = parsed.unresolved!;
    const req: Request = { ...base(), kind: 'autocomplete', ...parsed, focused: { name, value: typed } };
    const res = new ConsoleResponder(screen);
    await router.dispatch(req, res);
    const choices = res.choices ?? [];
    const pick = (value: string | number) => run({ ...parsed, unresolved: undefined, options: { ...parsed.options, [name]: value } });
    if (choices.length === 0) {
      out(`Nothing matches "${typed}" for ${name}.`);
    } else if (choices.length === 1) {
      await pick(choices[0]!.value);
    } else {
      out(`Which ${name}?`);
      choices.forEach((c, i) => out(`[${i + 1}] ${c.name}`));
      pending = choices.map((c) => ({ label: c.name, run: () => pick(c.value) }));
    }
  }

  function help(topic: string): void {
    const defs = topic ? definitions.filter((d) => d.name === topic.replace(/^\//, '')) : definitions;
    if (defs.length === 0) {
      out(`There is no /${topic}. Type /help to see the commands.`);
      return;
    }
    for (const d of defs) {
      out(`/${d.name} — ${d.description}`);
      for (const u of usages(d)) out(`    ${u}`);
    }
    if (!topic) out('Type a number to press a button or pick a choice; /quit leaves.');
  }

  async function handleLine(raw: string): Promise<'quit' | void> {
    const line = raw.trim();
    if (modal) return fillModal(raw.trim());
    if (!line) return;
    if (/^\d+$/.test(line) && !line.startsWith('/')) {
      const chosen = pending[Number(line) - 1];
      if (!chosen) {
        out(pending.length ? `Pick a number from 1 to ${pending.length}.` : 'There is nothing to pick right now.');
        return;
      }
      await chosen.run();
      return;
    }
    if (/^\/(quit|exit)$/i.test(line)) return 'quit';
    const helpMatch = /^\/help\b\s*(.*)$/i.exec(line);
    if (helpMatch) return help(helpMatch[1]!.trim());
    try {
      const parsed = parseCommandLine(line, definitions, { channelId: LOCAL.channelId, userId: LOCAL.userId });
      await (parsed.unresolved ? resolve(parsed) : run(parsed));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out(err.message);
    }
  }

  const rl = createInterface({ input: opts.input, terminal: opts.interactive, ...(opts.interactive ? { output: opts.output } : {}) });
  if (opts.interactive) {
    rl.setPrompt('riposte> ');
    out('Riposte console. Type /help for the commands, /quit to leave.');
  }
  let closed = false;
  const finished = (async () => {
    if (opts.interactive) rl.prompt();
    for await (const line of rl) {
      if (closed) break;
      try {
        if ((await handleLine(line)) === 'quit') break;
      } catch (err) {
        opts.log.error({ err }, 'console failure');
      }
      if (opts.interactive) rl.prompt();
    }
    closed = true;
    rl.close();
    await router.drain();
  })();

  return {
    ctx,
    finished,
    async stop() {
      closed = true;
      rl.close();
      await router.drain();
    },
  };
}
