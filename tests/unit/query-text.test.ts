import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, likePattern, prefixQuery, queryWords } from '../../src/content/query-text.ts';
import { nearest } from '../../src/content/search-correct.ts';

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

describe('choosing a correction among trigram candidates', () => {
  const c = (word: string, freq: number, sim = 0.4) => ({ typed: '', word, freq, name: false, sim });

  it('prefers fewer edits, then the more frequent word', () => {
    expect(nearest('stat', [c('start', 3), c('state', 90), c('stay', 1)])?.word).toBe('state');
    expect(nearest('vangaurd', [c('vanguards', 50), c('vanguard', 10)])?.word).toBe('vanguard');
  });

  it('completes a word the typed one begins rather than turning it into a common word', () => {
    expect(nearest('makhno', [c('making', 40, 0.27), c('makhnovists', 3, 0.46)])?.word).toBe('makhnovists');
  });

  it('offers nothing too many edits away', () => {
    expect(nearest('xylophone', [c('phone', 5), c('xenophobe', 5)])).toBeUndefined();
    expect(nearest('abc', [c('xyz', 5)])).toBeUndefined();
  });
});
