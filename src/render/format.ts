import { channelMention, quote, roleMention, TimestampStyles, time, userMention } from '@discordjs/formatters';
import type { Wording } from './errors.ts';

/**
 * The formatting helpers every renderer uses. Discord's markup (timestamps, mentions, quotes, links)
 * is written by discord.js's formatters (@discordjs/formatters), never by hand; the console reads it
 * back as text (src/console/markup.ts).
 */

/**
 * Quotes a passage as a Markdown block quote, line by line: the formatters' `blockQuote` (`>>> `)
 * would also swallow whatever follows the passage in the same message.
 */
export function blockQuote(text: string): string {
  return text.split('\n').map(quote).join('\n');
}

/** Keeps pack text from being read as Markdown structure where it is shown inline (lists, headings). */
export function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "1 claim", "3 claims". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A moment and how far away it is, each member seeing their own zone: "<t:…:F> (<t:…:R>)". */
export function when(at: Date): string {
  return `${time(at, TimestampStyles.LongDateTime)} (${time(at, TimestampStyles.RelativeTime)})`;
}

/** A deadline: how far away, then the clock time: "<t:…:R> (<t:…:t>)". */
export function deadline(at: Date): string {
  return `${time(at, TimestampStyles.RelativeTime)} (${time(at, TimestampStyles.ShortTime)})`;
}

/** UserErrors as Discord shows them (src/render/errors.ts): live timestamps and mentions. */
export const discordWording: Wording = {
  time: (at, style) => time(at, style),
  channel: (id) => channelMention(id),
  role: (id) => roleMention(id),
  user: (id) => userMention(id),
};
