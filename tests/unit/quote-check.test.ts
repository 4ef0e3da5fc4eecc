import { describe, it, expect } from 'vitest';
import { findUnquotedQuotes } from '../../src/content/quote-check.ts';

// A made-up fixture in the style of the corpus texts: curly quotes, spaced ellipses, bracketed insertions,
// Markdown emphasis and a hard line break inside a quotation.
const fixture = [
  'The speaker said that “*the garden must be weeded by those who tend it.*” Later she',
  'added that the gardeners would “*shar[e] the tools . . . and',
  'the harvest alike*” and that this was **not** a matter of “*charity*” but of **justice**.',
  '',
  'Her critic replied: “*every garden **needs** a head gardener.*”',
].join('\n');

describe('findUnquotedQuotes', () => {
  it('finds an exact quote', () => {
    expect(findUnquotedQuotes([{ text: 'the garden must be weeded by those who tend it.' }], fixture)).toEqual([]);
  });

  it('finds a quote with a spaced ellipsis and a bracketed insertion across a line break', () => {
    expect(findUnquotedQuotes([{ text: 'shar[e] the tools . . . and the harvest alike' }], fixture)).toEqual([]);
  });

  it('reports a quote altered by a single character', () => {
    const altered = 'the garden must be weeded by those who tends it.';
    expect(findUnquotedQuotes([{ text: altered }], fixture)).toEqual([altered]);
  });

  it('does not normalise punctuation: straight quotes or a closed-up ellipsis do not match', () => {
    const quotes = [{ text: 'Her critic replied: "every garden needs a head gardener."' }, { text: 'the tools ... and' }];
    expect(findUnquotedQuotes(quotes, fixture)).toEqual(quotes.map((q) => q.text));
  });

  it('finds a quote spanning emphasis markers', () => {
    expect(findUnquotedQuotes([{ text: 'every garden needs a head gardener.' }], fixture)).toEqual([]);
    expect(findUnquotedQuotes([{ text: 'this was not a matter of “charity” but of justice.' }], fixture)).toEqual([]);
  });

  it('returns only the missing texts, in order, and treats an empty quote as missing', () => {
    const quotes = [{ text: 'alike' }, { text: 'weeds' }, { text: '  ' }, { text: 'head   gardener' }];
    expect(findUnquotedQuotes(quotes, fixture)).toEqual(['weeds', '  ']);
  });
});
