import { channelMention, roleMention, time, userMention } from '@discordjs/formatters';
import type { Wording } from './errors.ts';

/**
 * Discord's markup, written by discord.js's formatters (never by hand): every renderer and the
 * Discord wording of errors take their timestamps, mentions, links and quotes from here.
 */

/** Errors as Discord shows them: timestamps each member sees in their own zone, live mentions. */
export const discordWording: Wording = {
  time: (at, style) => time(at, style),
  channel: (id) => channelMention(id),
  role: (id) => roleMention(id),
  user: (id) => userMention(id),
};
