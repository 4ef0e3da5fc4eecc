import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { UserError } from '../errors.ts';
import type { OptionValue } from '../interactions/types.ts';

export interface ParsedCommand {
  commandName: string;
  subcommandGroup?: string | undefined;
  subcommand?: string | undefined;
  options: Record<string, OptionValue>;
  /** An autocomplete option whose typed text is not a valid value yet: the console offers the matches. */
  unresolved?: { name: string; typed: string } | undefined;
}

export interface ConsolePlace {
  channelId: string;
  userId: string;
  /** `#name`: the console's server makes a channel for any name on first use. */
  channelNamed?: (name: string) => string;
  /** `@name`: one of the console's local members, if there is one by that name. */
  memberNamed?: (name: string) => string | undefined;
}

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

function isBasic(o: APIApplicationCommandOption): o is APIApplicationCommandBasicOption {
  return o.type !== T.Subcommand && o.type !== T.SubcommandGroup;
}

function placeholder(o: APIApplicationCommandBasicOption): string {
  switch (o.type) {
    case T.Integer:
    case T.Number:
      return 'number';
    case T.Boolean:
      return 'true|false';
    case T.Channel:
      return '#channel';
    case T.User:
      return '@member';
    case T.Role:
      return '@role';
    default:
      return 'choices' in o && o.choices ? o.choices.map((c) => c.value).join('|') : 'text';
  }
}

/** `/claim search query:<text> [limit:<number>]`, for help and error messages. */
export function usage(path: string, options: readonly APIApplicationCommandBasicOption[]): string {
  const parts = options.map((o) => (o.required ? `${o.name}:<${placeholder(o)}>` : `[${o.name}:<${placeholder(o)}>]`));
  return [path, ...parts].join(' ');
}

/** Every runnable form of a command: one line per subcommand. */
export function usages(def: Definition): string[] {
  const out: string[] = [];
  const walk = (prefix: string, options: readonly APIApplicationCommandOption[] | undefined) => {
    const subs = (options ?? []).filter((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
    if (subs.length === 0) {
      out.push(usage(prefix, (options ?? []).filter(isBasic)));
      return;
    }
    for (const s of subs) walk(`${prefix} ${s.name}`, 'options' in s ? (s.options as APIApplicationCommandOption[]) : []);
  };
  walk(`/${def.name}`, def.options);
  return out;
}

function stripQuotes(v: string): string {
  const m = /^"(.*)"$/s.exec(v) ?? /^'(.*)'$/s.exec(v);
  return m ? m[1]! : v;
}

function convert(o: APIApplicationCommandBasicOption, raw: string, place: ConsolePlace): OptionValue | undefined {
  const v = stripQuotes(raw.trim());
  switch (o.type) {
    case T.Integer:
      return /^-?\d+$/.test(v) ? Number(v) : undefined;
    case T.Number:
      return v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
    case T.Boolean:
      if (/^(true|yes|on)$/i.test(v)) return true;
      if (/^(false|no|off)$/i.test(v)) return false;
      return undefined;
    case T.Channel: {
      if (/^here$/i.test(v)) return place.channelId;
      const id = /^<?#?(\d{17,20})>?$/.exec(v)?.[1];
      if (id) return id;
      const name = /^#?([\p{L}\p{N}_-]{1,100})$/u.exec(v)?.[1];
      if (!name) return undefined;
      return place.channelNamed ? place.channelNamed(name.toLowerCase()) : /^general$/i.test(name) ? place.channelId : undefined;
    }
    case T.User:
    case T.Mentionable: {
      if (/^(me|@me)$/i.test(v)) return place.userId;
      const id = /^<?@?!?(\d{17,20})>?$/.exec(v)?.[1];
      if (id) return id;
      const name = /^@?(\S+)$/.exec(v)?.[1];
      return name ? place.memberNamed?.(name.toLowerCase()) : undefined;
    }
    case T.Role:
      return /^<?@?&?(\d{17,20})>?$/.exec(v)?.[1];
    default: {
      if ('choices' in o && o.choices && o.choices.length > 0) {
        const hit = o.choices.find((c) => String(c.value).toLowerCase() === v.toLowerCase() || c.name.toLowerCase() === v.toLowerCase());
        return hit?.value;
      }
      // In a search query double quotes mean "exactly this word", as they do when typed in Discord
      // (and the correction's hint says so): they stay unless they only keep a colon from reading
      // as an option (`query:"note: the state"`).
      if (o.name === 'query' && /^".*"$/s.test(raw.trim()) && !/(?:^|\s)[a-z][\w-]*:(?!\/\/)/i.test(v)) return raw.trim();
      return v;
    }
  }
}

/**
 * `limit:5` where the command has no `limit` would otherwise become part of the text before it
 * (the query, say); it is refused instead. Quoted text, times (`09:00`) and links (`https://…`) pass.
 */
function refuseUnknownOptions(rest: string, basic: readonly APIApplicationCommandBasicOption[], path: string): void {
  const unquoted = rest.replace(/"[^"]*"|'[^']*'/g, (q) => ' '.repeat(q.length));
  const known = new Set(basic.map((o) => o.name.toLowerCase()));
  for (const m of unquoted.matchAll(/(?:^|\s)([a-z][\w-]*):(?!\/\/)(?=\S)/gi)) {
    const name = m[1]!.toLowerCase();
    if (known.has(name)) continue;
    throw new UserError('console.unknown-option', { path, name, options: basic.map((o) => o.name), usage: usage(path, basic) });
  }
}

/**
 * Reads `/name [group] [sub] opt:value …`. A value runs to the next `known-option:`; text before
 * any option name fills the first required option, so `/claim search state` works too.
 */
export function parseCommandLine(line: string, definitions: readonly Definition[], place: ConsolePlace): ParsedCommand {
  const m = /^\/(\S+)\s*(.*)$/s.exec(line.trim());
  if (!m) throw new UserError('console.no-slash');
  const name = m[1]!.toLowerCase();
  let rest = m[2] ?? '';
  const def = definitions.find((d) => d.name === name);
  if (!def) throw new UserError('console.unknown-command', { name });

  let options: readonly APIApplicationCommandOption[] = def.options ?? [];
  let group: string | undefined;
  let sub: string | undefined;
  let path = `/${name}`;
  // Groups and plain subcommands can sit side by side (/drill start … and /drill schedule set …):
  // at each level the typed word picks among both kinds, and a group then asks for its subcommand.
  for (;;) {
    const choices = options.filter((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
    if (choices.length === 0) break;
    const word = /^(\S+)\s*(.*)$/s.exec(rest);
    const picked = choices.find((c) => c.name === word?.[1]?.toLowerCase());
    if (!picked) throw new UserError('console.needs-subcommand', { path, choices: choices.map((c) => c.name), name });
    if (picked.type === T.SubcommandGroup) group = picked.name;
    else sub = picked.name;
    path += ` ${picked.name}`;
    rest = word?.[2] ?? '';
    options = 'options' in picked ? ((picked.options ?? []) as APIApplicationCommandOption[]) : [];
    if (picked.type === T.Subcommand) break;
  }

  const basic = options.filter(isBasic);
  refuseUnknownOptions(rest, basic, path);
  const names = basic.map((o) => o.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const marker = names.length > 0 ? new RegExp(`(?:^|\\s)(${names.join('|')}):`, 'gi') : null;
  const raw = new Map<string, string>();
  let bare = rest;
  if (marker) {
    const hits = [...rest.matchAll(marker)];
    bare = hits.length > 0 ? rest.slice(0, hits[0]!.index) : rest;
    hits.forEach((h, i) => {
      const start = h.index + h[0].length;
      const end = i + 1 < hits.length ? hits[i + 1]!.index : rest.length;
      raw.set(h[1]!.toLowerCase(), rest.slice(start, end).trim());
    });
  }
  bare = bare.trim();
  if (bare) {
    const target = basic.find((o) => o.required && !raw.has(o.name)) ?? basic.find((o) => !raw.has(o.name));
    if (!target) throw new UserError('console.unplaced-value', { value: bare, usage: usage(path, basic) });
    raw.set(target.name, bare);
  }

  const values: Record<string, OptionValue> = {};
  let unresolved: ParsedCommand['unresolved'];
  for (const o of basic) {
    const text = raw.get(o.name);
    if (text === undefined || text === '') {
      if (o.required) throw new UserError('console.missing-option', { option: o.name, usage: usage(path, basic) });
      continue;
    }
    const value = convert(o, text, place);
    if (value === undefined) {
      if ('autocomplete' in o && o.autocomplete && !unresolved) {
        unresolved = { name: o.name, typed: stripQuotes(text) };
        continue;
      }
      throw new UserError('console.bad-value', { value: text, option: o.name, expected: placeholder(o), usage: usage(path, basic) });
    }
    values[o.name] = value;
  }
  return { commandName: name, subcommandGroup: group, subcommand: sub, options: values, unresolved };
}
