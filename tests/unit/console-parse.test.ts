import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parseCommandLine, usages } from '../../src/console/parse.ts';
import { commands } from '../../commands/index.ts';

const defs = commands.map((c) => c.data.toJSON());
const place = { channelId: '100000000000000002', userId: '100000000000000003' };
const parse = (line: string) => parseCommandLine(line, defs, place);

describe('console command lines', () => {
  it('read named options, whose values run to the next option name', () => {
    expect(parse('/claim search query:the state withers away')).toMatchObject({
      commandName: 'claim',
      subcommand: 'search',
      options: { query: 'the state withers away' },
    });
    expect(parse('/quote random speaker:Mikhail Bakunin topic:the-state')).toMatchObject({
      options: { speaker: 'Mikhail Bakunin', topic: 'the-state' },
    });
    expect(parse('/claim search query:"quoted: text"')).toMatchObject({ options: { query: 'quoted: text' } });
  });

  it('fill the first required option with a bare value', () => {
    expect(parse('/claim search state')).toMatchObject({ options: { query: 'state' } });
    expect(parse('/claim show 12')).toMatchObject({ options: { id: 12 } });
    expect(parse('/source H.1.4')).toMatchObject({ commandName: 'source', options: { ref: 'H.1.4' } });
  });

  it('leave autocomplete options given as text to be resolved', () => {
    expect(parse('/claim show no idea')).toMatchObject({ options: {}, unresolved: { name: 'id', typed: 'no idea' } });
  });

  it('say clearly what is wrong', () => {
    expect(() => parse('claim')).toThrow(UserError);
    expect(() => parse('/nope')).toThrow('There is no /nope. Type /help to see the commands.');
    expect(() => parse('/claim')).toThrow('/claim needs one of: search, show, random.');
    expect(() => parse('/claim search')).toThrow('Missing query. Usage: /claim search query:<text>');
    expect(() => parse('/about extra words')).toThrow('I don\'t know what "extra words" is for.');
  });

  it('read /drill start, close and adjust beside the /drill schedule group', () => {
    expect(parse('/drill start minutes:2')).toMatchObject({ commandName: 'drill', subcommand: 'start', options: { minutes: 2 } });
    expect(parse('/drill start').subcommandGroup).toBeUndefined();
    expect(parse('/drill close')).toMatchObject({ subcommand: 'close', options: {} });
    expect(parse('/drill adjust member:@me points:5 reason:good chair')).toMatchObject({
      subcommand: 'adjust',
      options: { member: place.userId, points: 5, reason: 'good chair' },
    });
    expect(parse('/drill schedule show')).toMatchObject({ subcommandGroup: 'schedule', subcommand: 'show' });
    expect(() => parse('/drill')).toThrow('/drill needs one of: start, close, adjust, schedule.');
    expect(() => parse('/drill schedule')).toThrow('/drill schedule needs one of: set, show, off.');
  });

  it('refuse an option the command does not have instead of adding it to the text', () => {
    expect(() => parse('/claim search query:state limit:5')).toThrow('/claim search has no option "limit". Its options: query.');
    expect(() => parse('/about verbose:yes')).toThrow('It takes no options.');
    // Quoted text, times and links keep their colons.
    expect(parse('/claim search query:"note: the state"')).toMatchObject({ options: { query: 'note: the state' } });
    // Otherwise a search query keeps its double quotes: they ask for exactly that word, as in Discord.
    expect(parse('/claim search "capitlism"')).toMatchObject({ options: { query: '"capitlism"' } });
    expect(parse('/quote search query:"trotksy"')).toMatchObject({ options: { query: '"trotksy"' } });
    expect(parse('/quote random speaker:"Mikhail Bakunin"')).toMatchObject({ options: { speaker: 'Mikhail Bakunin' } });
    expect(parse('/claim search see https://example.org/x')).toMatchObject({ options: { query: 'see https://example.org/x' } });
  });

  it('take #name for any channel and @name for a local member', () => {
    const named = parseCommandLine('/daily set channel:#debates time:09:00 timezone:Europe/London', defs, {
      ...place,
      channelNamed: (n) => (n === 'debates' ? '100000000000000777' : '100000000000000888'),
    });
    expect(named.options).toMatchObject({ channel: '100000000000000777', time: '09:00', timezone: 'Europe/London' });
    const bob = parseCommandLine('/score member:@bob', defs, {
      ...place,
      memberNamed: (n) => (n === 'bob' ? '100000000000000004' : undefined),
    });
    expect(bob.options).toEqual({ member: '100000000000000004' });
  });

  it('parse back every usage line /help prints, with a sample value in every option', () => {
    const sample = (placeholder: string, option: string): string => {
      if (placeholder === 'number') return option === 'points' ? '-3' : '2';
      if (placeholder === 'true|false') return 'false';
      if (placeholder === '#channel') return '#debates';
      if (placeholder === '@member') return '@me';
      if (placeholder === '@role') return '<@&100000000000000555>';
      if (placeholder.includes('|')) return placeholder.split('|')[0]!;
      return { time: '09:00', timezone: 'Europe/London', cron: '"0 18 * * 1-5"', id: '12' }[option] ?? 'the state';
    };
    const world = { ...place, channelNamed: () => '100000000000000777' };
    let lines = 0;
    for (const def of defs) {
      for (const line of usages(def)) {
        lines++;
        const words = line.split(' ');
        const path = words.filter((w) => !w.includes(':'));
        const opts = words.filter((w) => w.includes(':')).map((w) => /^\[?([\w-]+):<(.+)>\]?$/.exec(w)!);
        const typed = [...path, ...opts.map((m) => `${m[1]}:${sample(m[2]!, m[1]!)}`)].join(' ');
        const parsed = parseCommandLine(typed, defs, world);
        expect([`/${parsed.commandName}`, parsed.subcommandGroup, parsed.subcommand].filter(Boolean).join(' '), typed).toBe(path.join(' '));
        for (const m of opts) {
          const got = parsed.options[m[1]!] ?? (parsed.unresolved?.name === m[1] ? parsed.unresolved?.typed : undefined);
          expect(got, `${typed}: ${m[1]}`).toBeDefined();
        }
        // Only the required options: the line still parses.
        const required = [...path, ...opts.filter((m) => !m[0].startsWith('[')).map((m) => `${m[1]}:${sample(m[2]!, m[1]!)}`)].join(' ');
        expect(() => parseCommandLine(required, defs, world), required).not.toThrow();
      }
    }
    expect(lines).toBeGreaterThanOrEqual(25);
  });

  it('list every form of every command for /help', () => {
    const claim = defs.find((d) => d.name === 'claim')!;
    expect(usages(claim)).toEqual(['/claim search query:<text>', '/claim show id:<number>', '/claim random [topic:<text>]']);
  });
});
