import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { LIMITS, truncate } from './limits.ts';
import { inline } from './format.ts';

/** A value for a string option: whole words, at most 100 characters. */
export function valueText(text: string): string {
  const t = inline(text);
  if (t.length <= LIMITS.choiceValue) return t;
  const cut = t.slice(0, LIMITS.choiceValue);
  const space = cut.lastIndexOf(' ');
  return space > 40 ? cut.slice(0, space) : cut;
}

/**
 * Suggestions for a free-text search: what was typed comes first, so pressing enter searches for
 * exactly that; then matching texts, each a search that finds its own item.
 */
export function searchChoices(typed: string, matches: readonly { text: string }[]): APIApplicationCommandOptionChoice[] {
  const t = inline(typed);
  const out: APIApplicationCommandOptionChoice[] = [];
  if (t) out.push({ name: truncate(`Search for “${t}”`, LIMITS.choiceName), value: valueText(t) });
  for (const m of matches) out.push({ name: truncate(inline(m.text), LIMITS.choiceName), value: valueText(m.text) });
  return out.slice(0, LIMITS.choices);
}

/** Choices whose value is the item's id. */
export function textChoices(items: readonly { id: number; text: string }[]): APIApplicationCommandOptionChoice[] {
  return items.slice(0, LIMITS.choices).map((i) => ({ name: truncate(`#${i.id} ${inline(i.text)}`, LIMITS.choiceName), value: i.id }));
}

export function topicChoices(topics: readonly { slug: string; name: string }[]): APIApplicationCommandOptionChoice[] {
  return topics.slice(0, LIMITS.choices).map((t) => ({ name: truncate(t.name, LIMITS.choiceName), value: t.slug }));
}
