import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { OptionValue } from '../interactions/types.ts';
import { parseCommandLine, type ConsolePlace, type ParsedCommand } from './parse.ts';

/** The console's own words, completed beside the bot's commands. */
export const CONSOLE_WORDS = ['/as', '/go', '/help', '/press', '/quit'];

export interface CompletionSources {
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  channels: readonly string[];
  members: readonly string[];
  place: ConsolePlace;
  /** The option's autocomplete answer, through the command's own handler (as Discord would ask). */
  suggest(parsed: Omit<ParsedCommand, 'unresolved'>, option: string, typed: string): Promise<APIApplicationCommandOptionChoice[]>;
}

export interface Completion {
  /** What readline may put in place of `replace`. */
  hits: string[];
  /** The end of the line being completed. */
  replace: string;
  /** Several suggestions whose labels differ from their values (claims, topics): shown as "value  label". */
  listing?: string[];
}

const startsWith = (word: string, typed: string) => word.toLowerCase().startsWith(typed.toLowerCase());

function isBasic(o: APIApplicationCommandOption): o is APIApplicationCommandBasicOption {
  return o.type !== T.Subcommand && o.type !== T.SubcommandGroup;
}

/** Completes a console line: command names, subcommands, option names, then option values. */
export async function complete(line: string, src: CompletionSources): Promise<Completion> {
  const head = /^(\/\S*)$/.exec(line);
  if (head || line === '') {
    const typed = head?.[1] ?? '';
    const names = [...src.definitions.map((d) => `/${d.name}`), ...CONSOLE_WORDS].sort();
    return { hits: names.filter((n) => startsWith(n, typed || '/')).map((n) => `${n} `), replace: typed };
  }
  const m = /^\/(\S+)\s+(.*)$/s.exec(line);
  if (!m) return { hits: [], replace: '' };
  const name = m[1]!.toLowerCase();
  let rest = m[2]!;
  if (name === 'help') {
    return { hits: src.definitions.map((d) => d.name).filter((n) => startsWith(n, rest.trim())), replace: rest.trim() };
  }
  if (name === 'as') return { hits: src.members.filter((n) => startsWith(n, rest.trim())), replace: rest.trim() };
  if (name === 'go') {
    const typed = rest.trim().replace(/^#/, '');
    return { hits: src.channels.filter((c) => startsWith(c, typed)).map((c) => `#${c}`), replace: rest.trim() };
  }
  const def = src.definitions.find((d) => d.name === name);
  if (!def) return { hits: [], replace: '' };

  // Walk the subcommand words typed so far; the last, unfinished one is completed.
  let options: readonly APIApplicationCommandOption[] = def.options ?? [];
  let prefix = `/${name}`;
  for (;;) {
    const subs = options.filter((o) => !isBasic(o));
    if (subs.length === 0) break;
    const word = /^(\S*)(\s+)?(.*)$/s.exec(rest)!;
    if (!word[2]) return { hits: subs.filter((s) => startsWith(s.name, word[1]!)).map((s) => `${s.name} `), replace: word[1]! };
    const picked = subs.find((s) => s.name === word[1]!.toLowerCase());
    if (!picked) return { hits: [], replace: '' };
    prefix += ` ${picked.name}`;
    rest = word[3]!;
    options = 'options' in picked ? ((picked.options ?? []) as APIApplicationCommandOption[]) : [];
    if (picked.type === T.Subcommand) break;
  }
  const basic = options.filter(isBasic);

  // Inside a value: the text after the last `known-option:` (values may hold spaces).
  const markers = [...rest.matchAll(/(?:^|\s)([\w-]+):/g)].filter((h) => basic.some((o) => o.name === h[1]!.toLowerCase()));
  const used = new Set(markers.map((h) => h[1]!.toLowerCase()));
  const free = basic.filter((o) => !used.has(o.name));
  const tail = /(?:^|\s)(\S*)$/.exec(rest)![1]!;
  const last = markers.at(-1);
  if (last) {
    const typed = rest.slice(last.index + last[0].length);
    // "query:state " then Tab: the value is done, the next option name is wanted.
    const valueDone = typed.trim() !== '' && /\s$/.test(typed);
    const nameHits = tail && !tail.includes(':') && typed !== tail ? free.filter((o) => startsWith(o.name, tail)) : [];
    if (!valueDone && nameHits.length === 0) {
      const option = basic.find((o) => o.name === last[1]!.toLowerCase())!;
      return completeValue(option, typed, `${prefix} ${rest.slice(0, last.index)}`, src);
    }
  }
  return { hits: free.filter((o) => startsWith(o.name, tail)).map((o) => `${o.name}:`), replace: tail };
}

async function completeValue(
  option: APIApplicationCommandBasicOption,
  typed: string,
  before: string,
  src: CompletionSources,
): Promise<Completion> {
  const plainHits = (values: string[]) => ({ hits: values.filter((v) => startsWith(v, typed)), replace: typed });
  switch (option.type) {
    case T.Boolean:
      return plainHits(['true', 'false']);
    case T.Channel:
      return { hits: src.channels.filter((c) => startsWith(c, typed.replace(/^#/, ''))).map((c) => `#${c} `), replace: typed };
    case T.User:
    case T.Mentionable:
      return { hits: ['me', ...src.members].filter((n) => startsWith(n, typed.replace(/^@/, ''))).map((n) => `@${n} `), replace: typed };
    default:
      break;
  }
  if ('choices' in option && option.choices?.length) return plainHits(option.choices.map((c) => `${String(c.value)} `));
  if (!('autocomplete' in option && option.autocomplete)) return { hits: [], replace: typed };
  let parsed: Omit<ParsedCommand, 'unresolved'>;
  try {
    // The options typed before this one narrow what it suggests (a pack's topics, say).
    const { unresolved: _u, ...rest } = parseCommandLine(before.trim(), src.definitions, src.place);
    parsed = rest;
  } catch {
    const [commandName = '', ...words] = before.trim().slice(1).split(/\s+/);
    parsed = { commandName, subcommand: words.at(-1), options: {} as Record<string, OptionValue> };
  }
  const choices = await src.suggest(parsed, option.name, typed.trim());
  const values = choices.map((c) => String(c.value));
  if (choices.length === 1) return { hits: [`${values[0]} `], replace: typed };
  if (choices.every((c) => c.name === String(c.value)))
    return { hits: values.map((v) => (/\s/.test(v) ? `"${v}" ` : `${v} `)), replace: typed };
  return { hits: [], replace: typed, listing: choices.map((c) => `  ${String(c.value).padEnd(8)} ${c.name}`) };
}
