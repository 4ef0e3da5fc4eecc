/**
 * Discord's message markup, read in a terminal. The shared renderers write for Discord (timestamps
 * each client shows in its own time zone, mentions, Markdown, jump links); the console translates
 * that text here, so what Discord shows never changes for the console's sake.
 */

export interface MarkupWorld {
  /** A local member's name, for `<@id>`. */
  memberName(id: string): string | undefined;
  /** A channel's name without `#`, for `<#id>`. */
  channelName(id: string): string | undefined;
  /** The console's number for a message it showed, for jump links. */
  messageNumber?(id: string): string | undefined;
  now(): Date;
  /** The time zone timestamps are shown in; the machine's own when absent. */
  timeZone?: string | undefined;
  /** ANSI styling (a terminal); plain text otherwise. */
  color: boolean;
}

const ANSI = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  underline: ['\x1b[4m', '\x1b[24m'],
} as const;

function style(kind: keyof typeof ANSI, text: string, color: boolean): string {
  return color ? `${ANSI[kind][0]}${text}${ANSI[kind][1]}` : text;
}

function parts(d: Date, timeZone: string | undefined, withYear: boolean): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** "in 14 h", "3 days ago", "in 40 s": a rough distance, as Discord's relative timestamps show it. */
export function relative(d: Date, now: Date): string {
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  const a = Math.abs(s);
  const amount =
    a < 45
      ? `${a} s`
      : a < 45 * 60
        ? `${Math.round(a / 60)} min`
        : a < 36 * 3600
          ? `${Math.round(a / 3600)} h`
          : a < 45 * 86400
            ? `${Math.round(a / 86400)} days`
            : `${Math.round(a / (30 * 86400))} months`;
  if (a < 1) return 'now';
  return s > 0 ? `in ${amount}` : `${amount} ago`;
}

/** A Discord timestamp as local text: dates and times with a relative part, "Tue 3 Dec 09:00 (in 14 h)". */
export function timestamp(unixSeconds: number, styleLetter: string, world: Pick<MarkupWorld, 'now' | 'timeZone'>): string {
  const d = new Date(unixSeconds * 1000);
  const now = world.now();
  const sameYear = parts(d, world.timeZone, true).year === parts(now, world.timeZone, true).year;
  const p = parts(d, world.timeZone, !sameYear);
  const date = `${p.weekday} ${p.day} ${p.month}${sameYear ? '' : ` ${p.year}`}`;
  const time = `${p.hour}:${p.minute}`;
  switch (styleLetter) {
    case 't':
      return time;
    case 'T':
      return `${time}:${p.second}`;
    case 'd':
    case 'D':
      return date;
    default:
      // f, F and R: a date, a time and how far away, so nobody has to work it out.
      return `${date} ${time} (${relative(d, now)})`;
  }
}

const JUMP = /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/channels\/\d+\/(\d+)(?:\/(\d+))?/g;

/** One piece of Discord text as terminal text. */
export function plain(text: string, world: MarkupWorld): string {
  const c = world.color;
  let s = text
    // `<t:X:R> (<t:X:t>)` and `<t:X:F> (<t:X:R>)` say one moment twice on Discord; once is enough here.
    .replace(
      /<t:(-?\d+)(?::([tTdDfFR]))?> \(<t:\1(?::[tTdDfFR])?>\)/g,
      (_m, t: string, st = 'f') => `<t:${t}:${st === 't' || st === 'T' ? 'f' : st}>`,
    )
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_m, t: string, st = 'f') => timestamp(Number(t), st, world))
    .replace(/<@!?(\d{17,20})>/g, (_m, id: string) => `@${world.memberName(id) ?? 'someone'}`)
    .replace(/<@&(\d{17,20})>/g, () => '@role')
    .replace(/<#(\d{17,20})>/g, (_m, id: string) => `#${world.channelName(id) ?? 'channel'}`)
    .replace(/<\/([\w -]+):\d{17,20}>/g, '/$1')
    .replace(/<a?:(\w+):\d{17,20}>/g, ':$1:')
    // Links into Discord lead nowhere from a terminal: name the message or channel instead.
    .replace(/\[([^\]\n]+)\]\((https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/[^)\s]+)\)/g, '$1')
    .replace(JUMP, (_m, channel: string, message?: string) => {
      const where = `#${world.channelName(channel) ?? 'channel'}`;
      const n = message ? world.messageNumber?.(message) : undefined;
      return message ? (n ? `message ${n} in ${where}` : `a message in ${where}`) : where;
    })
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`));

  s = s
    .split('\n')
    .map((line) => {
      const small = /^-# (.*)$/.exec(line);
      if (small) return style('dim', small[1]!, c);
      const heading = /^#{1,3} (.*)$/.exec(line);
      if (heading) return style('bold', heading[1]!, c);
      return line;
    })
    .join('\n');

  return s
    .replace(/`([^`\n]+)`/g, (_m, code: string) => (c ? style('bold', code, c) : code))
    .replace(/\*\*\*([^*\n]+)\*\*\*/g, (_m, t: string) => style('bold', style('italic', t, c), c))
    .replace(/\*\*([^*\n]+)\*\*/g, (_m, t: string) => style('bold', t, c))
    .replace(/__([^_\n]+)__/g, (_m, t: string) => style('underline', t, c))
    .replace(/(^|[\s(])\*([^*\s][^*\n]*?)\*(?=$|[\s).,;:!?])/gm, (_m, pre: string, t: string) => `${pre}${style('italic', t, c)}`)
    .replace(/(^|[\s(])_([^_\s][^_\n]*?)_(?=$|[\s).,;:!?])/gm, (_m, pre: string, t: string) => `${pre}${style('italic', t, c)}`)
    .replace(/~~([^~\n]+)~~/g, '$1')
    .replace(/\|\|([^|\n]+)\|\|/g, '$1')
    .replace(/\\([*_`~|>#\-\\])/g, '$1');
}
