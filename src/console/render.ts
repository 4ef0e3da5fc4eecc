import { ComponentType, type APIEmbed } from 'discord-api-types/v10';
import type { Reply } from '../interactions/types.ts';
import { plain, type MarkupWorld } from './markup.ts';

/** Something the person can pick by typing its number: a button, or one option of a select menu. */
export interface ConsoleChoice {
  label: string;
  customId: string;
  /** Select menus: the chosen option's value. */
  value?: string;
  disabled: boolean;
}

const asIs = (text: string) => text;

function box(embed: APIEmbed, text: (t: string) => string, dim: (t: string) => string): string[] {
  const lines: string[] = [];
  lines.push(`┌─ ${text(embed.title ?? '')}`.trimEnd());
  if (embed.author) lines.push(`│ ${embed.author.name}`);
  if (embed.description) {
    for (const l of text(embed.description).split('\n')) lines.push(`│ ${l}`.trimEnd());
  }
  for (const f of embed.fields ?? []) {
    lines.push('│');
    lines.push(`│ ${text(f.name)}`);
    for (const l of text(f.value).split('\n')) lines.push(`│   ${l}`.trimEnd());
  }
  // Discord shows footers as they are, without Markdown; only the dimming is the console's.
  lines.push(embed.footer ? `└─ ${dim(embed.footer.text)}` : '└─');
  return lines;
}

/** The buttons and select options of a message, in reading order. */
export function choicesOf(reply: Omit<Reply, 'ephemeral'>): ConsoleChoice[] {
  const out: ConsoleChoice[] = [];
  for (const row of reply.components ?? []) {
    for (const c of row.components) {
      if (c.type === ComponentType.Button && 'custom_id' in c) {
        out.push({
          label: `${c.emoji?.name ? `${c.emoji.name} ` : ''}${c.label ?? ''}`.trim(),
          customId: c.custom_id,
          disabled: Boolean(c.disabled),
        });
      } else if (c.type === ComponentType.StringSelect) {
        for (const o of c.options) {
          out.push({ label: o.label, customId: c.custom_id, value: o.value, disabled: Boolean(c.disabled) });
        }
      }
    }
  }
  return out;
}

export interface RenderOptions {
  /** The message's number in the session: its buttons read `[3.1]`, `[3.2]` …; without it `[1]`, `[2]` … */
  number?: string | undefined;
  /** Translates Discord markup (timestamps, mentions, Markdown); left as is without it. */
  world?: MarkupWorld | undefined;
}

/** A message as readable text: content, embeds as boxes, buttons as numbered choices. */
export function renderMessage(reply: Omit<Reply, 'ephemeral'>, opts: RenderOptions = {}): string {
  const world = opts.world;
  const text = world ? (t: string) => plain(t, world) : asIs;
  const dim = world?.color ? (t: string) => `\x1b[2m${t}\x1b[22m` : asIs;
  const lines: string[] = [];
  if (reply.content) lines.push(text(reply.content));
  for (const e of reply.embeds ?? []) lines.push(...box(e, text, dim));
  // Menu options get a line each (their labels are long); a row of buttons shares one line.
  let n = 1;
  let buttons: string[] = [];
  const flush = () => {
    if (buttons.length > 0) lines.push(buttons.join('   '));
    buttons = [];
  };
  for (const c of choicesOf(reply)) {
    const label = `[${opts.number ? `${opts.number}.` : ''}${n++}] ${c.label}${c.disabled ? ' (unavailable)' : ''}`;
    if (c.value !== undefined) {
      flush();
      lines.push(label);
    } else {
      buttons.push(label);
    }
  }
  flush();
  return lines.join('\n');
}
