import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, likePattern, prefixQuery, queryWords } from '../../src/content/query-text.ts';

describe('typed text for queries', () => {
  it('makes the last word a prefix and keeps only letters and digits', () => {
    expect(prefixQuery('the state mach')).toBe('the & state & mach:*');
    expect(prefixQuery("H.2.4 'x' & | !")).toBe('h & 2 & 4 & x:*');
    expect(prefixQuery('  ')).toBeNull();
    expect(prefixQuery('Kropótkin')).toBe('kropótkin:*');
  });

  it('never lets tsquery operators or quotes through (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = prefixQuery(s);
        if (q !== null) expect(q).toMatch(/^[\p{L}\p{N}]+(?: & [\p{L}\p{N}]+)*:\*$/u);
      }),
    );
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describe('words and edit distance for spelling correction', () => {
  it('counts a swapped pair as one edit', () => {
    expect(editDistance('trotksy', 'trotsky')).toBe(1);
    expect(editDistance('declased', 'declassed')).toBe(1);
    expect(editDistance('durutti', 'durruti')).toBe(2);
    expect(editDistance('makhno', 'making')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kropótkin', 'kropotkin')).toBe(1);
  });

  it('stops early past the allowed number of edits', () => {
    expect(editDistance('anarchism', 'bolshevik', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is a metric-like distance: zero only for equal words, symmetric, at most the longer length (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
      }),
    );
  });

  it('splits a query into words with their places, marking quoted ones', () => {
    expect(queryWords('Lenin\'s "vangaurd" party')).toEqual([
      { text: 'Lenin', start: 0, quoted: false },
      { text: 's', start: 6, quoted: false },
      { text: 'vangaurd', start: 9, quoted: true },
      { text: 'party', start: 19, quoted: false },
    ]);
    expect(queryWords('“exact words” loose')).toEqual([
      { text: 'exact', start: 1, quoted: true },
      { text: 'words', start: 7, quoted: true },
      { text: 'loose', start: 14, quoted: false },
    ]);
  });
});
