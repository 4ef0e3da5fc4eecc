import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampChoices, clampReply, embedLength, truncate } from '../../src/render/limits.ts';
import { packPages, splitText } from '../../src/render/pages.ts';

describe('fitting Discord limits', () => {
  it('truncate never exceeds the limit and marks the cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const t = truncate(text, max);
        expect(t.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(t).toBe(text);
        else expect(t.endsWith('…')).toBe(true);
      }),
    );
    expect(truncate('ab\u{1F600}cd', 4)).toBe('ab…');
  });

  it('clampReply brings any message within every limit', () => {
    const long = (n: number) => 'x'.repeat(n);
    const out = clampReply({
      content: long(5000),
      embeds: Array.from({ length: 12 }, () => ({
        title: long(300),
        description: long(5000),
        footer: { text: long(3000) },
        fields: Array.from({ length: 30 }, () => ({ name: long(300), value: long(2000) })),
      })),
    });
    expect(out.content!.length).toBe(2000);
    expect(out.embeds!.length).toBeLessThanOrEqual(10);
    const total = out.embeds!.reduce((n, e) => n + embedLength(e), 0);
    expect(total).toBeLessThanOrEqual(6000);
    for (const e of out.embeds!) {
      expect(e.title!.length).toBeLessThanOrEqual(256);
      expect(e.description!.length).toBeLessThanOrEqual(4096);
      expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    }
  });

  it('clampChoices keeps 25 unique choices with names of at most 100 characters', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ name: `${'n'.repeat(150)} ${i}`, value: `v${i % 30}` }));
    const out = clampChoices(choices);
    expect(out).toHaveLength(25);
    expect(new Set(out.map((c) => c.value)).size).toBe(25);
    for (const c of out) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('splitText cuts at word ends, loses nothing and respects the size', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 600 }), fc.integer({ min: 40, max: 500 }), (words, max) => {
        const text = words.join(' ');
        const pieces = splitText(text, max);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        expect(pieces.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
      }),
    );
  });

  it('packPages starts a page at a break and keeps every page under the budget', () => {
    const pages = packPages(
      [{ text: 'head' }, { text: 'a'.repeat(50) }, { text: 'second', breakBefore: true }, { text: 'word '.repeat(100) }],
      120,
    );
    expect(pages[0]).toBe(`head\n\n${'a'.repeat(50)}`);
    expect(pages[1]).toBe('second');
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(120);
    expect(pages.slice(2).every((p, i) => i === 0 || p.startsWith('*(continued)*'))).toBe(true);
  });
});
