import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import {
  ComponentType,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createAppContext } from '../app-context.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import type { Command, Request } from '../interactions/types.ts';
import { createRouter, type RouterOptions } from '../interactions/router.ts';
import type { Logger } from '../log.ts';
import { complete, type Completion } from './complete.ts';
import type { MarkupWorld } from './markup.ts';
import { parseCommandLine, usages, type ConsolePlace, type ParsedCommand } from './parse.ts';
import { choicesOf, renderMessage, type ConsoleChoice } from './render.ts';
import { ConsoleMessenger, ConsoleResponder, type ConsoleScreen, type Post } from './responder.ts';
import { CONSOLE_REWORDINGS, consoleWording } from './wording.ts';
import { wordError } from '../render/errors.ts';
import { ConsoleWorld, LOCAL_MEMBERS } from './world.ts';

export interface ConsoleOptions {
  config: Config;
  log: Logger;
  database: Database;
  commands: readonly Command[];
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal: prompt and wait for more; otherwise read one command per line and end with the input. */
  interactive: boolean;
  /** ANSI bold and dim; by default when the output is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** Time zone for shown times; the machine's own by default. */
  timeZone?: string;
  clock?: Clock;
  observe?: RouterOptions['observe'];
}

interface ModalState {
  customId: string;
  fields: { id: string; label: string; required: boolean }[];
  values: Record<string, string>;
  /** Who opened the form: the answers are theirs even if someone else is switched to meanwhile. */
  memberId: string;
  channelId: string;
}

interface Shown {
  post: Post;
  channelId: string;
}

/** What a bare number picks: the newest message's buttons, or a list of matches to choose from. */
type Offer = { kind: 'message'; messageId: string } | { kind: 'list'; items: { label: string; run: () => Promise<void> }[] };

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

const CONSOLE_HELP = [
  'In the console:',
  '  3.1 or /press 3.1      press button 1 of message 3 (every message keeps its number)',
  '  1                      press button 1 of the newest message with buttons, or pick 1 from a list',
  '  /press feedback        press the newest button whose label contains "feedback"',
  `  /as bob                act as another local member: ${LOCAL_MEMBERS.map((m) => `${m.name}${m.manageGuild ? ' (Manage Server)' : ''}`).join(', ')}`,
  '  /go #debates           run the next commands in another channel (#general at first)',
  '  #name                  any channel name works where a command asks for a channel; it is made on first use',
  '  @bob, @me              local members where a command asks for a member',
  '  Tab                    completes commands, option names and the values an option suggests',
  '  /help drill            the forms of one command; /quit leaves',
];

/** The terminal front end: the same commands and handlers as on Discord, answers printed as text. */
export function startConsole(opts: ConsoleOptions): {
  ctx: AppContext;
  finished: Promise<void>;
  stop(): Promise<void>;
  /** What Tab offers for this line (the terminal's completer), for tests. */
  complete(line: string): Promise<Completion>;
} {
  const world = new ConsoleWorld();
  const messages = new Map<string, Shown>();
  const clock = opts.clock ?? systemClock;
  let nextMessageId = 1;
  let offer: Offer | undefined;
  let modal: ModalState | undefined;
  let rl: Interface | undefined;
  /** A line is being handled: output belongs to it, and the prompt follows when it is done. */
  let busy = false;

  const color = opts.color ?? (Boolean((opts.output as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR);
  const markup: MarkupWorld = {
    memberName: (id) => world.memberName(id),
    channelName: (id) => world.channelName(id),
    messageNumber: (id) => (messages.has(id) ? id : undefined),
    now: () => clock.now(),
    timeZone: opts.timeZone,
    color,
  };

  const write = (text: string) => {
    if (opts.interactive && !busy && rl) {
      // A scheduled post arrived while the person was typing: print above the prompt, then redraw it.
      clearLine(opts.output, 0);
      cursorTo(opts.output, 0);
      opts.output.write(`${text}\n`);
      rl.prompt(true);
      return;
    }
    opts.output.write(`${text}\n`);
  };

  const definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = opts.commands.map((c) => c.data.toJSON());
  const channelLabel = (id: string) => `#${world.channelName(id) ?? id}`;

  const screen: ConsoleScreen = {
    show(message, note) {
      const id = String(nextMessageId++);
      const channelId = note.channelId ?? world.channelId;
      messages.set(id, { post: message, channelId });
      const where = note.channelId ? `── ${id} · posted in ${channelLabel(note.channelId)} ──` : `── ${id} ──`;
      const who = note.ephemeral ? `\n(only ${world.member.name === 'you' ? 'you' : world.member.name} can see this)` : '';
      write(`${where}\n${renderMessage(message, { number: id, world: markup })}${who}\n`);
      if (choicesOf(message).length > 0) offer = { kind: 'message', messageId: id };
      return id;
    },
    replace(messageId, message) {
      const shown = messages.get(messageId);
      messages.set(messageId, { post: message, channelId: shown?.channelId ?? world.channelId });
      write(`── ${messageId} (updated) ──\n${renderMessage(message, { number: messageId, world: markup })}\n`);
      if (choicesOf(message).length > 0) offer = { kind: 'message', messageId };
    },
    thinking() {
      /* The answer follows shortly; nothing to show meanwhile. */
    },
    modal(m) {
      const fields = modalFields(m);
      modal = { customId: m.custom_id, fields, values: {}, memberId: world.member.id, channelId: world.channelId };
      write(`── ${m.title} ── (type each answer on its own line; a single "." leaves an optional one empty)`);
      askNextField();
    },
  };

  const ctx: AppContext = createAppContext({
    config: opts.config,
    log: opts.log,
    database: opts.database,
    clock,
    messenger: new ConsoleMessenger(screen),
  });
  const wording = { wording: consoleWording(markup), rewordings: CONSOLE_REWORDINGS };
  const router = createRouter(opts.commands, ctx, { autoDeferMs: 0, wording, ...(opts.observe ? { observe: opts.observe } : {}) });

  const base = (memberId = world.member.id, channelId = world.channelId): Omit<Request, 'kind' | 'commandName' | 'options'> => {
    const member = LOCAL_MEMBERS.find((m) => m.id === memberId) ?? world.member;
    return {
      guildId: world.guildId,
      channelId,
      user: { id: member.id, displayName: member.name },
      member: { manageGuild: member.manageGuild, roleIds: [] },
    };
  };

  const place = (): ConsolePlace => ({
    channelId: world.channelId,
    userId: world.member.id,
    channelNamed: (name) => world.channel(name),
    memberNamed: (name) => world.memberNamed(name)?.id,
  });

  async function press(messageId: string, choice: ConsoleChoice): Promise<void> {
    if (choice.disabled) {
      write('That button is not available.');
      return;
    }
    const shown = messages.get(messageId);
    const req: Request = {
      ...base(undefined, shown?.channelId),
      kind: 'button',
      commandName: choice.customId.split(':', 1)[0] ?? '',
      customId: choice.customId,
      messageId,
      message: { content: shown?.post.content ?? '', embeds: shown?.post.embeds ?? [] },
      options: choice.value !== undefined ? { value: choice.value } : {},
    };
    await router.dispatch(req, new ConsoleResponder(screen, messageId));
  }

  async function pressNumbered(messageId: string, index: number): Promise<void> {
    const shown = messages.get(messageId);
    if (!shown) {
      write(`There is no message ${messageId}; messages are numbered from 1 in the order they appeared.`);
      return;
    }
    const choices = choicesOf(shown.post);
    if (choices.length === 0) return write(`Message ${messageId} has no buttons.`);
    const choice = choices[index - 1];
    if (!choice) return write(`Message ${messageId} has buttons ${messageId}.1 to ${messageId}.${choices.length}.`);
    await press(messageId, choice);
  }

  /** `/press feedback`: the newest message with an enabled button whose label holds the text. */
  async function pressLabel(text: string): Promise<void> {
    const wanted = text.toLowerCase();
    const ids = [...messages.keys()].sort((a, b) => Number(b) - Number(a));
    for (const id of ids) {
      const hit = choicesOf(messages.get(id)!.post).find((c) => !c.disabled && c.label.toLowerCase().includes(wanted));
      if (hit) return press(id, hit);
    }
    write(`No button says "${text}". Press one by its number, e.g. /press 3.1.`);
  }

  async function pick(n: number): Promise<void> {
    if (!offer) return write('There is nothing to pick right now.');
    if (offer.kind === 'message') return pressNumbered(offer.messageId, n);
    const item = offer.items[n - 1];
    if (!item) return write(`Pick a number from 1 to ${offer.items.length}.`);
    await item.run();
  }

  function askNextField(): void {
    const field = modal?.fields.find((f) => !(f.id in modal!.values));
    if (field) write(`${field.label}${field.required ? '' : ' (optional)'}:`);
  }

  async function fillModal(line: string): Promise<void> {
    const m = modal!;
    const field = m.fields.find((f) => !(f.id in m.values));
    if (field) {
      const value = line === '.' && !field.required ? '' : line;
      if (value === '' && field.required) {
        write(`${field.label} is required:`);
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
      ...base(m.memberId, m.channelId),
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

  /** What an option's autocomplete offers for the typed text, through the command's own handler. */
  async function suggest(parsed: Omit<ParsedCommand, 'unresolved'>, name: string, typed: string) {
    const req: Request = { ...base(), kind: 'autocomplete', ...parsed, focused: { name, value: typed } };
    const res = new ConsoleResponder(screen);
    await router.dispatch(req, res);
    return res.choices ?? [];
  }

  /** An autocomplete option given as text: ask the command for its matches, as Discord would show them. */
  async function resolve(parsed: ParsedCommand): Promise<void> {
    const { name, typed } = parsed.unresolved!;
    const choices = await suggest(parsed, name, typed);
    const choose = (value: string | number) => run({ ...parsed, unresolved: undefined, options: { ...parsed.options, [name]: value } });
    if (choices.length === 0) {
      write(`Nothing matches "${typed}" for ${name}. Press Tab after ${name}: to see what there is.`);
    } else if (choices.length === 1) {
      await choose(choices[0]!.value);
    } else {
      write(`Which ${name}?`);
      choices.forEach((c, i) => {
        write(`[${i + 1}] ${c.name}`);
      });
      offer = { kind: 'list', items: choices.map((c) => ({ label: c.name, run: () => choose(c.value) })) };
    }
  }

  function help(topic: string): void {
    const defs = topic ? definitions.filter((d) => d.name === topic.replace(/^\//, '').toLowerCase()) : definitions;
    if (defs.length === 0) {
      write(`There is no /${topic.replace(/^\//, '')}. Type /help to see the commands.`);
      return;
    }
    for (const d of defs) {
      write(`/${d.name} — ${d.description}`);
      for (const u of usages(d)) write(`    ${u}`);
    }
    if (!topic) write(CONSOLE_HELP.join('\n'));
  }

  function switchMember(name: string): void {
    if (!name) {
      write(`You are ${world.member.name}. Local members: ${LOCAL_MEMBERS.map((m) => m.name).join(', ')}.`);
      return;
    }
    const member = world.memberNamed(name);
    if (!member) {
      write(`There is no local member "${name}". Pick one of: ${LOCAL_MEMBERS.map((m) => m.name).join(', ')}.`);
      return;
    }
    world.member = member;
    write(`Now acting as ${member.name}${member.manageGuild ? ' (Manage Server)' : ''}.`);
    updatePrompt();
  }

  function switchChannel(name: string): void {
    const m = /^#?([\p{L}\p{N}_-]{1,100})$/u.exec(name);
    if (!m) {
      write(
        `Name a channel, e.g. /go #debates. Channels so far: ${world
          .channels()
          .map((c) => `#${c}`)
          .join(', ')}.`,
      );
      return;
    }
    world.channelId = world.channel(m[1]!);
    write(`Now in #${world.channelName(world.channelId)}.`);
    updatePrompt();
  }

  function updatePrompt(): void {
    rl?.setPrompt(`${world.member.name} #${world.channelName(world.channelId)}> `);
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: each branch returns its handler's result, most of them Promise<void>; only /quit means anything to the caller.
  async function handleLine(raw: string): Promise<'quit' | void> {
    const line = raw.trim();
    if (modal) return fillModal(line);
    if (!line) return;
    const numbered = /^(?:\/press\s+)?(\d+)\.(\d+)$/i.exec(line);
    if (numbered) return pressNumbered(numbered[1]!, Number(numbered[2]));
    if (/^\d+$/.test(line)) return pick(Number(line));
    const pressText = /^\/press\b\s*(.*)$/i.exec(line);
    if (pressText) {
      if (/^\d+$/.test(pressText[1]!)) return pick(Number(pressText[1]));
      return pressText[1] ? pressLabel(pressText[1]) : write('Press what? e.g. /press 3.1 or /press feedback.');
    }
    if (/^\/(quit|exit)$/i.test(line)) return 'quit';
    const as = /^\/as\b\s*(.*)$/i.exec(line);
    if (as) return switchMember(as[1]!.trim());
    const go = /^\/go\b\s*(.*)$/i.exec(line);
    if (go) return switchChannel(go[1]!.trim());
    const helpMatch = /^\/help\b\s*(.*)$/i.exec(line);
    if (helpMatch) return help(helpMatch[1]!.trim());
    try {
      const parsed = parseCommandLine(line, definitions, place());
      await (parsed.unresolved ? resolve(parsed) : run(parsed));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      write(wordError(err, wording.wording, wording.rewordings));
    }
  }

  const completeLine = (line: string) =>
    complete(line, { definitions, channels: world.channels(), members: LOCAL_MEMBERS.map((m) => m.name), place: place(), suggest });
  const completer = (line: string, callback: (err: null, result: [string[], string]) => void): void => {
    completeLine(line).then(
      (c) => {
        // Claims and topics complete to an id or slug: show what each one is, then leave the line as it was.
        if (c.listing?.length) write(c.listing.join('\n'));
        callback(null, [c.hits, c.replace]);
      },
      (err: unknown) => {
        opts.log.warn({ err }, 'console completion failed');
        callback(null, [[], line]);
      },
    );
  };

  rl = createInterface({
    input: opts.input,
    terminal: opts.interactive,
    ...(opts.interactive ? { output: opts.output, completer } : {}),
  });
  if (opts.interactive) {
    updatePrompt();
    opts.output.write('Riposte console. Type /help for the commands, /quit to leave.\n');
  }
  let closed = false;
  const finished = (async () => {
    if (opts.interactive) rl.prompt();
    for await (const line of rl) {
      if (closed) break;
      busy = true;
      try {
        if ((await handleLine(line)) === 'quit') break;
      } catch (err) {
        opts.log.error({ err }, 'console failure');
      } finally {
        busy = false;
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
    complete: completeLine,
    async stop() {
      closed = true;
      rl?.close();
      await router.drain();
    },
  };
}
