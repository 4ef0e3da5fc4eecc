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

  it('list every form of every command for /help', () => {
    const claim = defs.find((d) => d.name === 'claim')!;
    expect(usages(claim)).toEqual(['/claim search query:<text>', '/claim show id:<number>', '/claim random [topic:<text>]']);
  });
});
