import { describe, expect, it } from 'vitest';
import { withEllipses } from '../../src/content/snippet.ts';

describe('search snippets', () => {
  const text = 'The state is an instrument of class rule. The workers must take it over.';
  it('marks a fragment cut at both ends', () => {
    expect(withEllipses('**state** is an instrument', text)).toBe('…**state** is an instrument…');
  });
  it('leaves a whole text alone', () => {
    expect(withEllipses('The **state** is an instrument of class rule. The workers must take it over.', text)).toBe(
      'The **state** is an instrument of class rule. The workers must take it over.',
    );
  });
  it('marks only the end when the fragment starts the text', () => {
    expect(withEllipses('The **state** is', text)).toBe('The **state** is…');
  });
});
