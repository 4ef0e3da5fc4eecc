import { ComponentType, type APIEmbed } from 'discord.js';
import type { Reply } from '../interactions/types.ts';

/** Something the person can pick by typing its number: a button, or one option of a select menu. */
export interface ConsoleChoice {
  label: string;
  customId: string;
  /** Select menus: the chosen option's value. */
  value?: string;
  disabled: boolean;
}

function box(embed: APIEmbed): string[] {
  const lines: string[] = [];
  lines.push(`┌─ ${embed.title ?? ''}`.trimEnd());
  if (embed.author) lines.push(`│ ${embed.author.name}`);
  if (embed.description) {
    for (const l of embed.description.split('\n')) lines.push(`│ ${l}`.trimEnd());
  }
  for (const f of embed.fields ?? []) {
    lines.push('│');
    lines.push(`│ ${f.name}`);
    for (const l of f.value.split('\n')) lines.push(`│   ${l}`.trimEnd());
  }
  lines.push(embed.footer ? `└─ ${embed.footer.text}` : '└─');
  return lines;
}

/** The buttons and select options of a message, in reading order. */
export function choicesOf(reply: Omit<Reply, 'ephemeral'>): ConsoleChoice[] {
  const out: ConsoleChoice[] = [];
  for (const row of reply.components ?? []) {
    for (const c of row.components) {
      if (c.type === ComponentType.Button && 'custom_id' in c) {
        out.push({ label: `${c.emoji?.name ? `${c.emoji.name} ` : ''}${c.label ?? ''}`.trim(), customId: c.custom_id, disabled: Boolean(c.disabled) });
      } else if (c.type === ComponentType.StringSelect) {
        for (const o of c.options) {
          out.push({ label: o.label, customId: c.custom_id, value: o.value, disabled: Boolean(c.disabled) });
        }
      }
    }
  }
  return out;
}

/** A message as readable text: content, embeds as boxes, buttons as numbered choices starting at `firstNumber`. */
export function renderMessage(reply: Omit<Reply, 'ephemeral'>, firstNumber = 1): string {
  const lines: string[] = [];
  if (reply.content) lines.push(reply.content);
  for (const e of reply.embeds ?? []) lines.push(...box(e));
  // Menu options get a line each (their labels are long); a row of buttons shares one line.
  let n = firstNumber;
  let buttons: string[] = [];
  const flush = () => {
    if (buttons.length > 0) lines.push(buttons.join('   '));
    buttons = [];
  };
  for (const c of choicesOf(reply)) {
    const text = `[${n++}] ${c.label}${c.disabled ? ' (unavailable)' : ''}`;
    if (c.value !== undefined) {
      flush();
      lines.push(text);
    } else {
      buttons.push(text);
    }
  }
  flush();
  return lines.join('\n');
}
