import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from 'discord.js';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createAppContext } from '../src/app-context.ts';
import type { AppContext } from '../src/context.ts';
import type { Database } from '../src/db/client.ts';
import type { Command, OptionValue, Reply, Request, Responder } from '../src/interactions/types.ts';
import { createLogger } from '../src/log.ts';
import type { Messenger } from '../src/messenger.ts';
import { BENCH_CHANNEL, BENCH_GUILD } from './generate.ts';

/** Keeps every answer in memory; what a handler "sends" costs what building the reply costs. */
export class RecordingResponder implements Responder {
  answered = false;
  readonly replies: Reply[] = [];
  choices: APIApplicationCommandOptionChoice[] | undefined;

  async reply(reply: Reply): Promise<void> {
    this.answered = true;
    this.replies.push(reply);
  }
  async defer(): Promise<void> {
    this.answered = true;
  }
  async edit(reply: Reply): Promise<void> {
    this.answered = true;
    this.replies.push(reply);
  }
  async followUp(reply: Reply): Promise<void> {
    this.replies.push(reply);
  }
  async update(reply: Reply): Promise<void> {
    this.answered = true;
    this.replies.push(reply);
  }
  async showModal(_modal: APIModalInteractionResponseCallbackData): Promise<void> {
    this.answered = true;
  }
  async autocomplete(choices: APIApplicationCommandOptionChoice[]): Promise<void> {
    this.answered = true;
    this.choices = choices;
  }
}

class NullMessenger implements Messenger {
  private next = 1;
  async send(): Promise<{ messageId: string }> {
    return { messageId: String(this.next++) };
  }
  async edit(): Promise<void> {}
  async checkChannel(): Promise<{ ok: true }> {
    return { ok: true };
  }
}

export function benchContext(database: Database): AppContext {
  return createAppContext({
    config: loadConfig({}),
    log: createLogger('silent', { destination: process.stderr }),
    database,
    clock: systemClock,
    messenger: new NullMessenger(),
  });
}

export function benchRequest(partial: Partial<Request> & Pick<Request, 'kind' | 'commandName'>): Request {
  return {
    options: {},
    guildId: BENCH_GUILD,
    channelId: BENCH_CHANNEL,
    user: { id: '950000000000000002', displayName: 'Bench' },
    member: { manageGuild: false, roleIds: [] },
    ...partial,
  };
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Whether a file of the repository exists (pieces other people are still writing). */
export function repoFile(path: string): string | null {
  const full = `${root}${path}`;
  return existsSync(full) ? full : null;
}

/**
 * Imports a module another helper owns, if it has landed. Returns null when the file does not exist
 * yet, and the import error when it exists but fails to load (so the report can say which).
 */
export async function importOptional(path: string): Promise<{ module: Record<string, unknown> } | { missing: string }> {
  const full = repoFile(path);
  if (!full) return { missing: `${path} has not landed` };
  try {
    const module = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
    return { module };
  } catch (err) {
    return { missing: `${path} failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

function isCommand(value: unknown, name: string): value is Command {
  const c = value as Partial<Command> | null;
  return typeof c === 'object' && c !== null && typeof c.execute === 'function' && c.data?.name === name;
}

/** The command named `name` from commands/<file>.ts, or why it is not available. */
export async function loadCommand(file: string, name: string): Promise<{ command: Command; path: string } | { missing: string }> {
  const path = `commands/${file}.ts`;
  const loaded = await importOptional(path);
  if ('missing' in loaded) return loaded;
  for (const value of Object.values(loaded.module)) {
    if (isCommand(value, name)) return { command: value, path };
  }
  return { missing: `${path} exports no command named /${name}` };
}

interface JsonOption {
  type: number;
  name: string;
  required?: boolean;
  autocomplete?: boolean;
  options?: JsonOption[];
}

/** The options of a subcommand (or of the command itself) as Discord would see them. */
export function subcommandOptions(command: Command, subcommand?: string): JsonOption[] {
  const json = command.data.toJSON() as { options?: JsonOption[] };
  const top = json.options ?? [];
  if (!subcommand) return top;
  for (const o of top) {
    if (o.type === 1 && o.name === subcommand) return o.options ?? [];
    if (o.type === 2) for (const s of o.options ?? []) if (s.name === subcommand) return s.options ?? [];
  }
  return [];
}

/** Runs a handler the way the router would, minus the error boundary: errors propagate. */
export async function runHandler(
  handler: NonNullable<Command['autocomplete']>,
  ctx: AppContext,
  req: Request,
): Promise<RecordingResponder> {
  const res = new RecordingResponder();
  await handler(req, res, ctx);
  return res;
}

export function options(entries: Record<string, OptionValue | undefined>): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out;
}
