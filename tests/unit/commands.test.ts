import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { commandsHash } from '../../src/discord/command-sync.ts';

describe('the command list', () => {
  it('has unique names, guild-only contexts and valid definitions', () => {
    const defs = commands.map((c) => c.data.toJSON());
    expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
    for (const d of defs) {
      expect(d.contexts).toEqual([0]);
      expect(d.description.length).toBeLessThanOrEqual(100);
      expect((d.options ?? []).length).toBeLessThanOrEqual(25);
    }
  });

  it('hashes the same definitions the same way, and a change of scope differently', () => {
    const a = commandsHash(commands, '1');
    expect(commandsHash([...commands].reverse(), '1')).toBe(a);
    expect(commandsHash(commands, '1', '99')).not.toBe(a);
    expect(commandsHash(commands.slice(1), '1')).not.toBe(a);
  });
});
