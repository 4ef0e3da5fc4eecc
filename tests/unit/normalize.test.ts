import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, MAX_OPTION_CHARS, normalizeRequest, normalizeText } from '../../src/interactions/normalize.ts';
import { UserError } from '../../src/errors.ts';
import type { Request } from '../../src/interactions/types.ts';

const req = (over: Partial<Request>): Request => ({
  kind: 'command',
  commandName: 'claim',
  options: {},
  guildId: '1',
  channelId: '2',
  user: { id: '3', displayName: 'u' },
  member: { manageGuild: false, roleIds: [] },
  ...over,
});

describe('normalizing text from outside', () => {
  it('removes NUL and other control characters but keeps tabs and line breaks', () => {
    expect(normalizeText('st\u0000ate\u0007\u001b[31m')).toBe('state[31m');
    expect(normalizeText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
  });

  it('replaces lone surrogates and keeps real pairs', () => {
    expect(normalizeText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(normalizeText('😀')).toBe('😀');
    expect(normalizeText('\uDBFF')).toBe('\uFFFD');
  });

  it('collapses zero-width runs to one character and composes to NFC', () => {
    expect(normalizeText('a\u200B\u200B\u200B\u2060\uFEFFb')).toBe('a\u200Bb');
    expect(normalizeText('👩\u200D💻')).toBe('👩\u200D💻');
    expect(normalizeText('e\u0301')).toBe('é');
  });

  it('cleans every string of a request once: options, focused value, fields, custom id, display name', () => {
    const out = normalizeRequest(
      req({
        kind: 'modal',
        options: { query: 'a\u0000b', minutes: 5 },
        focused: { name: 'query', value: '\uD800' },
        fields: { answer: 'x\u0000y' },
        customId: 'drill:answer:1\u0000',
        user: { id: '3', displayName: 'n\u0000m' },
      }),
    );
    expect(out.options).toEqual({ query: 'ab', minutes: 5 });
    expect(out.focused).toEqual({ name: 'query', value: '\uFFFD' });
    expect(out.fields).toEqual({ answer: 'xy' });
    expect(out.customId).toBe('drill:answer:1');
    expect(out.user.displayName).toBe('nm');
  });

  it('refuses values longer than Discord allows with a message naming the option', () => {
    expect(() => normalizeRequest(req({ options: { query: 'a'.repeat(MAX_OPTION_CHARS + 1) } }))).toThrow(UserError);
    expect(() => normalizeRequest(req({ options: { query: 'a'.repeat(MAX_OPTION_CHARS + 1) } }))).toThrow(
      /option “query” is too long \(6001 characters; at most 6000\)/,
    );
    expect(() => normalizeRequest(req({ kind: 'modal', fields: { answer: 'a'.repeat(MAX_FIELD_CHARS + 1) } }))).toThrow(/too long/);
    // Autocomplete cannot show a message: cut instead of refused.
    const ac = normalizeRequest(
      req({ kind: 'autocomplete', options: { query: 'a'.repeat(7000) }, focused: { name: 'query', value: 'a'.repeat(7000) } }),
    );
    expect(ac.focused!.value).toHaveLength(MAX_OPTION_CHARS);
    expect(ac.options.query).toHaveLength(MAX_OPTION_CHARS);
  });
});
