import {
  ApplicationCommandOptionType as T,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../errors.ts';
import type { OptionValue, Request } from './types.ts';

/**
 * A slash command's definition as plain data, and option access typed from it (in the spirit of
 * yuudachi's `ArgsParam<typeof Command>` and discord-utils-bot's `ArgumentsOf`): the same object is
 * registered with Discord, drives the console's parser, types what a handler reads, and validates it.
 * Discord enforces these limits itself, but the console and forged requests do not, so every value is
 * checked here against the definition, once, before a handler uses it.
 */

interface ChoiceDef<V extends string | number> {
  readonly name: string;
  readonly value: V;
}

/** One option as Discord's JSON has it, read-only so a `const` definition keeps its literal types. */
export interface OptionDef {
  readonly type: T;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly ChoiceDef<string | number>[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly channel_types?: readonly number[];
  readonly options?: readonly OptionDef[];
}

export interface CommandDef {
  readonly name: string;
  readonly description: string;
  readonly contexts?: readonly number[];
  readonly default_member_permissions?: string;
  readonly options?: readonly OptionDef[];
}

type Snowflake = string;

/** The value type of one option: its choices' values when it has choices; ids for users, channels and roles. */
type ValueOf<O extends OptionDef> = O extends { readonly choices: readonly ChoiceDef<infer V>[] }
  ? V
  : O['type'] extends T.String
    ? string
    : O['type'] extends T.Integer | T.Number
      ? number
      : O['type'] extends T.Boolean
        ? boolean
        : O['type'] extends T.User | T.Channel | T.Role | T.Mentionable
          ? Snowflake
          : never;

type Basic<O> = O extends OptionDef ? (O['type'] extends T.Subcommand | T.SubcommandGroup ? never : O) : never;
type Simplify<X> = { [K in keyof X]: X[K] } & {};

/** `{ query: string; page?: number }` from a list of options: required ones present, the rest optional. */
export type ArgsFrom<L extends readonly OptionDef[]> = Simplify<
  { [O in Basic<L[number]> as O extends { readonly required: true } ? O['name'] : never]: ValueOf<O> } & {
    [O in Basic<L[number]> as O extends { readonly required: true } ? never : O['name']]?: ValueOf<O>;
  }
>;

type PathOf<O> = O extends { readonly type: T.Subcommand; readonly name: infer N extends string }
  ? N
  : O extends {
        readonly type: T.SubcommandGroup;
        readonly name: infer G extends string;
        readonly options: infer S extends readonly OptionDef[];
      }
    ? `${G} ${PathOf<S[number]>}`
    : never;

type OptionsOf<D> = D extends { readonly options: infer L extends readonly OptionDef[] } ? L : readonly [];

/** The subcommand paths of a command: `'search' | 'show'`, `'schedule set'` inside a group; `''` without subcommands. */
export type PathsOf<D extends CommandDef> = [PathOf<OptionsOf<D>[number]>] extends [never] ? '' : PathOf<OptionsOf<D>[number]>;

type At<L extends readonly OptionDef[], P extends string> = P extends `${infer G} ${infer S}`
  ? At<OptionsOf<Extract<L[number], { readonly name: G }>>, S>
  : P extends ''
    ? L
    : OptionsOf<Extract<L[number], { readonly name: P }>>;

/** What a handler reads at one path of command D. */
export type ArgsOf<D extends CommandDef, P extends PathsOf<D> = PathsOf<D>> = ArgsFrom<At<OptionsOf<D>, P>>;

export interface SlashCommand<D extends CommandDef> {
  readonly name: D['name'];
  readonly definition: D;
  /** The JSON registered with Discord (and hashed to decide whether to register again). */
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * The options of the subcommand at `path` (`'search'`, `'schedule set'`; omit it for a command
   * without subcommands), typed from the definition and checked against it. Strings come trimmed, an
   * empty optional string counts as not given. Throws a UserError naming the option for a wrong type,
   * a missing required option, or a value outside the definition's range, length or choices.
   */
  args<P extends PathsOf<D>>(req: Request, ...path: P extends '' ? [] : [P]): ArgsOf<D, P>;
}

/** The option's name as a person reads it: `user_id` → `user id`. */
const label = (name: string) => name.replaceAll('_', ' ');

function checkValue(o: OptionDef, raw: OptionValue): OptionValue | undefined {
  const what = label(o.name);
  switch (o.type) {
    case T.String: {
      const s = String(raw).trim();
      if (o.max_length !== undefined && s.length > o.max_length)
        throw new UserError('option.text-too-long', { option: what, length: s.length, max: o.max_length });
      if (s === '') return o.required ? s : undefined;
      if (o.min_length !== undefined && s.length < o.min_length)
        throw new UserError('option.text-too-short', { option: what, length: s.length, min: o.min_length });
      if (o.choices && !o.choices.some((c) => c.value === s))
        throw new UserError('option.choice', { option: what, choices: o.choices.map((c) => c.value) });
      return s;
    }
    case T.Integer:
    case T.Number: {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      const whole = o.type === T.Integer;
      if (!(whole ? Number.isSafeInteger(n) : Number.isFinite(n))) throw new UserError('option.number', { option: what, whole });
      const lo = o.min_value;
      const hi = o.max_value;
      if ((lo !== undefined && n < lo) || (hi !== undefined && n > hi))
        throw new UserError('option.out-of-range', {
          option: what,
          value: n,
          ...(lo !== undefined && { min: lo }),
          ...(hi !== undefined && { max: hi }),
        });
      if (o.choices && !o.choices.some((c) => c.value === n))
        throw new UserError('option.choice', { option: what, choices: o.choices.map((c) => c.value) });
      return n;
    }
    case T.Boolean:
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw new UserError('option.boolean', { option: what });
    case T.User:
    case T.Channel:
    case T.Role:
    case T.Mentionable: {
      // Discord sends the id it resolved; whether that id means anything here is the command's question.
      const id = String(raw).trim();
      return id === '' ? undefined : id;
    }
    default:
      return undefined;
  }
}

function optionsAt(def: CommandDef, path: string): readonly OptionDef[] {
  let list = def.options ?? [];
  for (const name of path ? path.split(' ') : []) {
    const next = list.find((o) => o.name === name && (o.type === T.Subcommand || o.type === T.SubcommandGroup));
    if (!next) throw new Error(`/${def.name} has no subcommand path "${path}"`);
    list = next.options ?? [];
  }
  return list;
}

/** Reads and checks the options at a path; exported for commands whose path is only known at run time. */
export function readArgs(def: CommandDef, req: Request, path: string): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const o of optionsAt(def, path)) {
    if (o.type === T.Subcommand || o.type === T.SubcommandGroup) continue;
    const raw = req.options[o.name];
    const value = raw === undefined ? undefined : checkValue(o, raw);
    if (value === undefined) {
      if (o.required) throw new UserError('option.missing', { option: label(o.name) });
      continue;
    }
    out[o.name] = value;
  }
  return out;
}

/** Discord's JSON for a definition, in the shape discord.js's builders produced, so the hash holds. */
function toDiscordJSON(def: CommandDef): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const option = (o: OptionDef): unknown => {
    const nested = o.type === T.Subcommand || o.type === T.SubcommandGroup;
    return {
      ...o,
      ...(nested ? { options: (o.options ?? []).map(option) } : { required: o.required ?? false }),
    };
  };
  return structuredClone({
    ...def,
    options: (def.options ?? []).map(option),
    type: ApplicationCommandType.ChatInput,
  }) as RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * A slash command from its JSON definition. `const` keeps the literal names and types, from which
 * `args()` is typed; no `as const` needed at the call.
 */
export function slashCommand<const D extends CommandDef>(definition: D): SlashCommand<D> {
  return {
    name: definition.name,
    definition,
    toJSON: () => toDiscordJSON(definition),
    args: ((req: Request, path?: string) => readArgs(definition, req, path ?? '')) as unknown as SlashCommand<D>['args'],
  };
}

/** A select menu's chosen value (component interactions carry it as `options.value`). */
export function selectedValue(req: Request): string {
  const v = req.options.value;
  return v === undefined ? '' : String(v);
}
