import { ApplicationCommandOptionType as T } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { slashCommand } from '../../src/interactions/args.ts';
import type { OptionValue, Request } from '../../src/interactions/types.ts';

const demo = slashCommand({
  name: 'demo',
  description: 'A command shaped like the real ones',
  options: [
    {
      type: T.Subcommand,
      name: 'find',
      description: 'find',
      options: [
        { type: T.String, name: 'query', description: 'q', required: true, max_length: 10 },
        { type: T.Integer, name: 'page', description: 'p', min_value: 1, max_value: 5 },
        {
          type: T.String,
          name: 'mode',
          description: 'm',
          choices: [
            { name: 'a', value: 'standard' },
            { name: 'b', value: 'flip' },
          ],
        },
        { type: T.String, name: 'user_id', description: 'u', min_length: 3 },
      ],
    },
    {
      type: T.SubcommandGroup,
      name: 'schedule',
      description: 's',
      options: [
        {
          type: T.Subcommand,
          name: 'set',
          description: 'set',
          options: [
            { type: T.Boolean, name: 'on', description: 'o' },
            { type: T.Role, name: 'role', description: 'r', required: true },
          ],
        },
      ],
    },
  ],
});

const request = (options: Record<string, OptionValue>): Request => ({
  kind: 'command',
  commandName: 'demo',
  options,
  guildId: 'g',
  channelId: 'c',
  user: { id: 'u', displayName: 'u' },
  member: { manageGuild: false, roleIds: [] },
});

describe('typed option access from a command definition', () => {
  it('types each subcommand path from the definition', () => {
    expectTypeOf(demo.args(request({ query: 'x' }), 'find')).toEqualTypeOf<{
      query: string;
      page?: number;
      mode?: 'standard' | 'flip';
      user_id?: string;
    }>();
    expectTypeOf(demo.args(request({ role: '1' }), 'schedule set')).toEqualTypeOf<{ role: string; on?: boolean }>();
    // @ts-expect-error: not a path of /demo
    expect(() => demo.args(request({}), 'nope')).toThrow(/no subcommand path/);
  });

  it('trims strings, drops an empty optional one, and passes the values through', () => {
    expect(demo.args(request({ query: '  state ', page: 2, mode: 'flip', user_id: ' ' }), 'find')).toEqual({
      query: 'state',
      page: 2,
      mode: 'flip',
    });
    expect(demo.args(request({ role: '5', on: 'false' }), 'schedule set')).toEqual({ role: '5', on: false });
  });

  it('refuses values outside the definition with a message naming the option', () => {
    const refused = (options: Record<string, OptionValue>, path: 'find' | 'schedule set' = 'find') => {
      try {
        demo.args(request(options), path);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({})).toBe('Give the query.');
    expect(refused({ query: 'x'.repeat(11) })).toBe('That query is 11 characters long; keep it under 10.');
    expect(refused({ query: 'x', page: 6 })).toBe('The page must be from 1 to 5; got 6.');
    expect(refused({ query: 'x', page: 1.5 })).toBe('The page must be a whole number.');
    expect(refused({ query: 'x', page: 'two' })).toBe('The page must be a whole number.');
    expect(refused({ query: 'x', mode: 'sideways' })).toBe('The mode is standard or flip.');
    expect(refused({ query: 'x', user_id: 'ab' })).toBe('That user id is 2 characters long; it needs at least 3.');
    expect(refused({ role: '1', on: 'maybe' }, 'schedule set')).toBe('The on is true or false.');
    expect(refused({ on: true }, 'schedule set')).toBe('Give the role.');
  });

  it('registers the very JSON the definition holds, with the defaults discord.js builders wrote', () => {
    const json = demo.toJSON();
    expect(json).toMatchObject({ name: 'demo', type: 1 });
    const find = json.options?.[0] as { options: { name: string; required: boolean }[] };
    expect(find.options.map((o) => [o.name, o.required])).toEqual([
      ['query', true],
      ['page', false],
      ['mode', false],
      ['user_id', false],
    ]);
    // The copy is the caller's: changing it leaves the definition alone.
    find.options[0]!.required = false;
    expect(demo.definition.options[0].options[0].required).toBe(true);
  });
});
