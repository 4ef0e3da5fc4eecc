import type { APIApplicationCommandOptionChoice, APIEmbed } from 'discord-api-types/v10';
import type { Reply } from '../interactions/types.ts';

/** Discord's hard limits; a payload over any of them is rejected whole with a 400. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectLabel: 100,
  selectDescription: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Cuts text to `max` characters, ending with an ellipsis when something was cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** Characters of an embed that count towards Discord's 6000-per-message total. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({
      ...f,
      name: truncate(f.name || '\u200b', LIMITS.fieldName),
      value: truncate(f.value || '\u200b', LIMITS.fieldValue),
    }));
  }
  return out;
}

/** Shrinks embeds (last fields first, then descriptions) until the message fits the 6000 total. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const total = () => embeds.reduce((n, e) => n + embedLength(e), 0);
  while (total() > LIMITS.embedTotal) {
    const over = total() - LIMITS.embedTotal;
    const last = embeds[embeds.length - 1];
    if (!last) break;
    if (last.fields && last.fields.length > 0) {
      last.fields = last.fields.slice(0, -1);
    } else if (last.description && last.description.length > over + 1) {
      last.description = truncate(last.description, last.description.length - over);
    } else if (embeds.length > 1) {
      embeds = embeds.slice(0, -1);
    } else {
      last.description = truncate(last.description ?? '', Math.max(1, (last.description?.length ?? 0) - over));
      if (total() > LIMITS.embedTotal) last.title = truncate(last.title ?? '', LIMITS.title / 2);
      break;
    }
  }
  return embeds;
}

/**
 * The last line of defence: whatever a command renders, what leaves the process fits Discord's
 * limits. Renderers should already paginate; this only cuts what slipped through.
 */
export function clampReply<R extends Omit<Reply, 'ephemeral'>>(reply: R): R {
  const out: R = { ...reply };
  if (out.content !== undefined) out.content = truncate(out.content, LIMITS.content);
  if (out.embeds) out.embeds = fitTotal(out.embeds.slice(0, LIMITS.embeds).map(clampEmbed));
  if (out.components) {
    out.components = out.components.slice(0, LIMITS.rows).map((row) => ({
      ...row,
      components: row.components.slice(0, LIMITS.buttonsPerRow).map((c) => {
        const copy = { ...c } as Record<string, unknown>;
        if (typeof copy.label === 'string') copy.label = truncate(copy.label, LIMITS.buttonLabel);
        if (Array.isArray(copy.options)) {
          copy.options = (copy.options as { label: string; description?: string }[]).slice(0, LIMITS.selectOptions).map((o) => ({
            ...o,
            label: truncate(o.label, LIMITS.selectLabel),
            ...(o.description !== undefined ? { description: truncate(o.description, LIMITS.selectDescription) } : {}),
          }));
        }
        return copy as unknown as typeof c;
      }),
    }));
  }
  return out;
}

/** Autocomplete answers: at most 25, names and string values at most 100 characters, no duplicates. */
export function clampChoices(choices: APIApplicationCommandOptionChoice[]): APIApplicationCommandOptionChoice[] {
  const seen = new Set<string>();
  const out: APIApplicationCommandOptionChoice[] = [];
  for (const c of choices) {
    const value = typeof c.value === 'string' ? c.value.slice(0, LIMITS.choiceValue) : c.value;
    const key = String(value);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: truncate(c.name.replace(/\s+/g, ' ').trim() || key, LIMITS.choiceName), value } as APIApplicationCommandOptionChoice);
    if (out.length === LIMITS.choices) break;
  }
  return out;
}
