import type { Rewordings, Wording } from '../render/errors.ts';
import { type MarkupWorld, timestamp } from './markup.ts';

/**
 * UserErrors as the console says them: local date-times instead of Discord timestamps, #names and
 * @names instead of mentions.
 */
export function consoleWording(world: Pick<MarkupWorld, 'memberName' | 'channelName' | 'now' | 'timeZone'>): Wording {
  return {
    time: (at, style) => timestamp(Math.floor(at.getTime() / 1000), style, world),
    channel: (id) => `#${world.channelName(id) ?? 'channel'}`,
    // The console plays a server without roles.
    role: () => '@role',
    user: (id) => `@${world.memberName(id) ?? 'someone'}`,
  };
}

const TAB = 'press Tab after the option name to see them';

/**
 * The codes whose Discord wording sends people to its autocomplete list ("pick one from the list",
 * "start typing"): the console has Tab completion instead. Only wording changes; no decision
 * depends on it.
 */
export const CONSOLE_REWORDINGS: Rewordings = {
  'daily.unknown-timezone': ({ name }) => `"${name}" is not a time zone I know; press Tab to see them, e.g. Europe/London`,
  'daily.unknown-pack': ({ pack }) => `There is no pack "${pack}" here; ${TAB}.`,
  'daily.unknown-topic': ({ topic, pack }) =>
    pack === null ? `There is no topic "${topic}" here; ${TAB}.` : `Pack "${pack}" has no topic "${topic}"; ${TAB}.`,
  'drill.unknown-topic': ({ topic }) => `There is no topic "${topic}" on this server; ${TAB}.`,
  'topic.name-too-long': () => `That topic name is too long; ${TAB}.`,
  'reference.code-missing': () => 'Give a reference code, e.g. H.2.4 (press Tab to see them).',
  'reference.code-too-long': ({ max }) => `Reference codes are at most ${max} characters; ${TAB}.`,
  'reference.not-found': ({ code }) =>
    `There is no reference “${code}” in this server's packs. Press Tab after the option name to see the codes there are.`,
  'claim.pick': () => 'Give a claim number, or press Tab after id: to see them.',
  'member.pick': () => 'Name a member: @me, @bob or @carol.',
};
